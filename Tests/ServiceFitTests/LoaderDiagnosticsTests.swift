import Foundation
import Testing
@testable import ServiceFit

/// Each folder under Fixtures/LoaderDiagnosticsTests is a broken knowledge base; `expected.txt`
/// lists diagnostics that must be reported, each as `file:line:col: severity: message` (a prefix
/// of the message is enough).
@Suite struct LoaderDiagnosticsTests {
    static let cases: [String] = {
        let directory = Repository.fixtures.appendingPathComponent("LoaderDiagnosticsTests")
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }()

    @Test(arguments: cases)
    func reportsEveryProblemWithItsPlace(_ name: String) throws {
        let directory = Repository.fixtures.appendingPathComponent("LoaderDiagnosticsTests/\(name)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let sources = try files.map { SourceFile(path: $0, text: try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
        let (_, diagnostics) = KnowledgeBaseLoader.load(sources)
        let reported = diagnostics.filter { $0.severity == .error }.map(\.description)
        let expected = try String(contentsOf: directory.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(!expected.isEmpty)
        for line in expected {
            #expect(reported.contains { $0.hasPrefix(line) }, "missing: \(line)\nreported:\n\(reported.joined(separator: "\n"))")
        }
        #expect(throws: InvalidInput.self) { try KnowledgeBaseLoader.loadValidated(sources) }
    }
}

/// A name may be shared where the product named beside it tells the services apart: a product
/// and another product's feature, or features of two products. Only the pair within one product
/// is refused.
@Suite struct SharedNameTests {
    @Test func onlyNamesWithinOneProductAreAmbiguous() throws {
        let directory = Repository.fixtures.appendingPathComponent("LoaderDiagnosticsTests/shared-feature-names")
        let sources = try ["services.yaml", "tags.yaml"].map {
            SourceFile(path: $0, text: try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))
        }
        let (_, diagnostics) = KnowledgeBaseLoader.load(sources)
        let ambiguous = diagnostics.filter { $0.message.contains("is also a name of") }.map(\.message)
        #expect(ambiguous == ["name `on-demand mode` of `aws.dynamodb.provisioned` is also a name of `aws.dynamodb.on-demand`"])
    }
}

/// A service closed to new customers is explained, in option answers, by the rule that penalizes
/// it; lint warns when there is none, and is quiet once there is.
@Suite struct ClosedServiceTests {
    static let tags = SourceFile(path: "tags.yaml", text: """
        tags:
          - id: online-fraud-detection
            kind: requirement
            meaning: Score events for fraud.
            phrases: {en: [fraud], ja: [不正]}
        """)
    static let services = SourceFile(path: "services.yaml", text: """
        provider: aws
        services:
          - id: aws.fraud-detector
            name: Amazon Fraud Detector
            category: fraud-detection
            closedToNewCustomers: 2025-11-07
            provides: {online-fraud-detection: full}
        """)
    static let rule = SourceFile(path: "rules.yaml", text: """
        rules:
          - id: fraud-detector-closed
            when: [online-fraud-detection]
            penalize: [aws.fraud-detector]
            weight: 1.0
            because: It takes no new customers.
            because_ja: 新規顧客を受け付けていない。
        """)

    static func warnings(_ sources: [SourceFile]) -> [String] {
        KnowledgeBaseLoader.load(sources).1.filter { $0.severity == .warning }.map(\.description)
    }

    @Test func aClosedServiceWithoutARuleIsReported() throws {
        let (knowledge, _) = KnowledgeBaseLoader.load([Self.tags, Self.services])
        #expect(knowledge.services["aws.fraud-detector"]?.closedToNewCustomers == "2025-11-07")
        let warning = Self.warnings([Self.tags, Self.services]).filter { $0.contains("closed to new customers") }
        #expect(warning.count == 1 && warning[0].hasPrefix("services.yaml:"), "\(warning)")
        #expect(!Self.warnings([Self.tags, Self.services, Self.rule]).contains { $0.contains("closed to new customers") })
    }
}

/// What the schemas refuse as a repeated list item, lint reports too, naming the item and its place:
/// helpers run lint, and a merge of two branches can repeat an item that neither repeated.
@Suite struct RepeatedItemTests {
    @Test func aRepeatedAliasOrNegationTemplateIsReported() {
        let sources = [
            SourceFile(path: "tags.yaml", text: "tags:\n  - id: real-time\n    kind: constraint\n    meaning: now\n    phrases: {en: [real time], ja: [リアルタイム]}\n"),
            SourceFile(path: "services.yaml", text: "provider: aws\nservices:\n  - id: aws.kinesis\n    name: Amazon Kinesis\n    aliases: [Kinesis, キネシス, Kinesis]\n    category: streaming\n    provides: {real-time: partial}\n"),
            SourceFile(path: "language.yaml", text: "language:\n  negation:\n    ja: [\"{}は不要\", \"{}は不要\"]\n"),
        ]
        let warnings = KnowledgeBaseLoader.load(sources).1.filter { $0.severity == .warning }.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("services.yaml:3:") && $0.contains("lists `Kinesis` twice") }, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("language.yaml:3:") && $0.contains("`{}は不要` twice") }, "\(warnings)")
    }
}

/// The loader refuses keys the schemas do not list, and the schemas must not offer keys the
/// loader refuses: an editor would complete a key that `lint` then rejects.
@Suite struct SchemaAgreementTests {
    @Test(arguments: [
        ("tags", "tags", KnowledgeBaseLoader.ItemKeys.tag),
        ("services", "services", KnowledgeBaseLoader.ItemKeys.service),
        ("modifiers", "modifiers", KnowledgeBaseLoader.ItemKeys.modifier),
        ("rules", "rules", KnowledgeBaseLoader.ItemKeys.rule),
    ])
    func schemaListsTheKeysTheLoaderAccepts(_ schema: String, _ listKey: String, _ loaderKeys: Set<String>) throws {
        let url = Repository.rules.appendingPathComponent("schema/\(schema).schema.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let list = try #require((root["properties"] as? [String: Any])?[listKey] as? [String: Any])
        let item = try #require((list["items"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(item.keys) == loaderKeys)
    }
}
