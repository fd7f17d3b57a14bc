import Foundation

/// `check --format sarif`: SARIF 2.1.0, one result per finding, each pointing at the file and line
/// of its question, so code-review tools annotate the bank. Findings: a disagreement (warning),
/// a suspicious key (error), a key that names an unknown product (error), an option that names
/// one (note), an unreadable question (error). Agreements and abstentions are not findings;
/// their counts are in the run's `properties`. Results stream as they are judged.
public struct SARIFReporter: CheckReporter {
    struct Rule: Encodable {
        struct Text: Encodable { var text: String }
        struct Configuration: Encodable { var level: String }
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var defaultConfiguration: Configuration
    }

    static let rules: [Rule] = [
        Rule(id: "SVC001", name: "Disagreement", shortDescription: .init(text: "The engine picks other options than the key."),
             fullDescription: .init(text: "svcfit reads the scenario's requirements and scores every option; its pick differs from the answer key."),
             defaultConfiguration: .init(level: "warning")),
        Rule(id: "SVC002", name: "SuspiciousKey", shortDescription: .init(text: "The key is probably wrong."),
             fullDescription: .init(text: "The engine disagrees with the key with high confidence, or the key names a product that does not exist."),
             defaultConfiguration: .init(level: "error")),
        Rule(id: "SVC003", name: "UnknownProductInKey", shortDescription: .init(text: "The keyed option names a product that does not exist."),
             fullDescription: .init(text: "A keyed option names something shaped like an AWS or Google Cloud product that is no real product."),
             defaultConfiguration: .init(level: "error")),
        Rule(id: "SVC004", name: "UnknownProduct", shortDescription: .init(text: "An option names a product that does not exist."),
             fullDescription: .init(text: "A distractor names something shaped like an AWS or Google Cloud product that is no real product."),
             defaultConfiguration: .init(level: "note")),
        Rule(id: "SVC005", name: "UnreadableQuestion", shortDescription: .init(text: "The question cannot be read."),
             fullDescription: .init(text: "The importer could not read this question, so it was not judged."),
             defaultConfiguration: .init(level: "error")),
    ]

    struct Result: Encodable {
        struct Message: Encodable { var text: String }
        struct Location: Encodable {
            struct Physical: Encodable {
                struct Artifact: Encodable { var uri: String }
                struct Region: Encodable { var startLine: Int; var startColumn: Int }
                var artifactLocation: Artifact
                var region: Region
            }
            var physicalLocation: Physical
        }
        struct Properties: Encodable {
            var id: String
            var picked: [String]
            var key: [String]
            var confidence: Double
            var topic: String?
            var exam: String?
        }
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: Properties
    }

    let toolVersion: String
    private var first = true

    public init(toolVersion: String = "0.1.0") {
        self.toolVersion = toolVersion
    }

    public mutating func begin() -> String {
        struct Driver: Encodable {
            var name = "svcfit"
            var version: String
            var rules: [Rule]
        }
        let driver = compactJSON(Driver(version: toolVersion, rules: Self.rules))
        return "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
            + "  \"runs\": [{\n    \"tool\": {\"driver\": \(driver)},\n    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": ["
    }

    public mutating func report(_ judged: JudgedQuestion) -> String {
        let result = judged.result
        var findings: [(rule: Int, level: String, text: String)] = []
        let keyText = result.key.joined(separator: ",")
        switch result.verdict {
        case .disagree:
            let text = "svcfit picks \(result.picked.joined(separator: ",")) but the key is \(keyText) "
                + "(confidence \(formatScore(result.confidence))) in question \(result.id): \(result.reason)"
            findings.append(result.suspicious == true ? (1, "error", text) : (0, "warning", text))
        case .rejected:
            findings.append((4, "error", "question \(result.id) cannot be read: \(result.reason)"))
        case .agree, .abstain:
            break
        }
        let inKey = Set(result.unknownInKey ?? [])
        if !inKey.isEmpty {
            findings.append((2, "error", "the key \(keyText) of question \(result.id) names \(inKey.sorted().joined(separator: ", ")), which is no real AWS or Google Cloud product"))
        }
        let others = Set(result.unknownNames ?? []).subtracting(inKey)
        if !others.isEmpty {
            findings.append((3, "note", "an option of question \(result.id) names \(others.sorted().joined(separator: ", ")), which is no real AWS or Google Cloud product"))
        }
        var output = ""
        for finding in findings {
            let sarif = Result(
                ruleId: Self.rules[finding.rule].id, ruleIndex: finding.rule, level: finding.level, message: .init(text: finding.text),
                locations: [.init(physicalLocation: .init(
                    artifactLocation: .init(uri: Self.uri(result.file ?? "stdin")),
                    region: .init(startLine: max(1, result.line ?? 1), startColumn: 1)))],
                partialFingerprints: ["questionId/v1": result.id],
                properties: .init(id: result.id, picked: result.picked, key: result.key, confidence: result.confidence,
                                  topic: result.topic, exam: result.exam))
            output += (first ? "\n      " : ",\n      ") + compactJSON(sarif)
            first = false
        }
        return output
    }

    public mutating func end(_ tally: CheckTally) -> String {
        struct Properties: Encodable {
            var summary: CheckSummary
            var agreement: Double
            var coverage: Double
            var suspicious: Int
        }
        let properties = Properties(summary: tally.summary, agreement: rounded(tally.summary.agreement),
                                    coverage: rounded(tally.summary.coverage), suspicious: tally.suspiciousCount)
        return "\n    ],\n    \"properties\": \(compactJSON(properties))\n  }]\n}\n"
    }

    /// A relative URI reference for a path: `/` kept, everything unsafe percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
