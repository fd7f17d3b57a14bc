import Foundation
import Testing
@testable import ServiceFit

/// The JSON reports write each result with `CheckResultJSON`; it must write exactly the bytes
/// JSONEncoder (sorted keys, unescaped slashes) writes, on any result at all.
@Suite struct CheckResultJSONTests {
    static func encoded(_ result: CheckResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(result)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Text with everything JSON writers treat specially.
    static let pieces: [String] = [
        "", "a", "Amazon Polly", "\"", "\\", "/", "</script>", "\\\"", "\u{0}", "\u{1}", "\u{8}", "\t", "\n", "\u{B}", "\u{C}", "\r",
        "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}", "é", "e\u{301}", "日本語の問題", "テキスト",
        "😀", "👩‍👩‍👧", "🇯🇵", "\r\n", "Ａ", " ", "bank.jsonl:12:3", "{\"x\": [1]}",
    ]

    static let doubles: [Double] = [
        0, -0.0, 1, -1, 0.5, 0.123, 0.996, 1e-7, 3e-5, 0.0001, 0.001, 12345.678, -12345.678, 0.1 + 0.2, 100, 1e15, 1e16,
        1e21, 1e22, 123456789012345680000.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, 2.0 / 3.0, 0.6667, 0.3333,
    ]

    static func text(_ random: inout SeededGenerator) -> String {
        (0..<Int(random.next() % 5)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func texts(_ random: inout SeededGenerator) -> [String] {
        (0..<Int(random.next() % 4)).map { _ in text(&random) }
    }

    static func double(_ random: inout SeededGenerator) -> Double {
        switch random.next() % 4 {
        case 0: return doubles[Int(random.next() % UInt64(doubles.count))]
        case 1: return Double(random.next() % 10_001) / 10_000
        case 2: return Double(random.next() >> 11) / Double(1 << 53)
        default:
            // Any bit pattern, which covers every exponent; not-finite ones are tested on their own.
            let value = Double(bitPattern: random.next())
            return value.isFinite ? value : 0.25
        }
    }

    static func result(_ random: inout SeededGenerator) -> CheckResult {
        func maybe<T>(_ make: (inout SeededGenerator) -> T) -> T? {
            random.next() % 2 == 0 ? nil : make(&random)
        }
        let location: ServiceFit.SourceLocation? = maybe { random in
            ServiceFit.SourceLocation(file: text(&random), line: Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64), column: 1)
        }
        var result = CheckResult(
            id: text(&random), verdict: Verdict.allCases[Int(random.next() % 4)], picked: texts(&random), key: texts(&random),
            confidence: double(&random), reason: text(&random), exam: maybe(text), lang: maybe(text), location: location,
            unknownNames: maybe(texts))
        result.unknownInKey = maybe(texts)
        result.topic = maybe(text)
        result.abstention = maybe(text)
        result.suspicious = maybe { $0.next() % 2 == 0 }
        return result
    }

    @Test func generatedResultsAreWrittenAsJSONEncoderWritesThem() {
        var random = SeededGenerator(seed: 0xC4EC)
        for _ in 0..<20_000 {
            let result = Self.result(&random)
            let written = CheckResultJSON.line(result)
            #expect(written == Self.encoded(result), "\(result)")
            #expect(written == compactJSON(result))
        }
    }

    @Test func everyOptionalIsLeftOutOrWritten() {
        let bare = CheckResult(id: "q", verdict: .agree, picked: [], key: [], confidence: 0, reason: "")
        #expect(CheckResultJSON.line(bare) == #"{"confidence":0,"id":"q","key":[],"picked":[],"reason":"","verdict":"agree"}"#)
        var full = CheckResult(id: "q/1", verdict: .disagree, picked: ["B"], key: ["A", "C"], confidence: 0.996, reason: "r",
                               exam: "SAA-C03", lang: "ja", location: ServiceFit.SourceLocation(file: "b.jsonl", line: 3, column: 1),
                               unknownNames: ["Amazon Foo"])
        full.unknownInKey = ["Amazon Foo"]
        full.topic = "speech"
        full.abstention = "thin-margin"
        full.suspicious = true
        #expect(CheckResultJSON.line(full) == Self.encoded(full))
        #expect(CheckResultJSON.line(full).hasPrefix(#"{"abstention":"thin-margin","confidence":0.996,"exam":"SAA-C03","file":"b.jsonl","id":"q/1""#))
    }

    /// JSONEncoder refuses NaN and infinity; the report keeps what it wrote then.
    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func notFiniteConfidenceIsWrittenAsBefore(_ confidence: Double) {
        let result = CheckResult(id: "q", verdict: .abstain, picked: [], key: [], confidence: confidence, reason: "")
        #expect(CheckResultJSON.line(result) == compactJSON(result))
        #expect(CheckResultJSON.line(result, prefix: ",\n    ", suffix: "\n") == ",\n    " + compactJSON(result) + "\n")
    }

    @Test func theReportsPieceGoesAroundTheLine() {
        let result = CheckResult(id: "q", verdict: .agree, picked: ["A"], key: ["A"], confidence: 0.5, reason: "fits")
        #expect(CheckResultJSON.line(result, prefix: ",\n    ", suffix: "\n") == ",\n    " + compactJSON(result) + "\n")
        var json = JSONReporter()
        #expect(json.report(JudgedQuestion(result: result)) == "\n    " + compactJSON(result))
        #expect(json.report(JudgedQuestion(result: result)) == ",\n    " + compactJSON(result))
        var lines = JSONLinesReporter()
        #expect(lines.report(JudgedQuestion(result: result)) == compactJSON(result) + "\n")
    }

    @Test func everyControlCharacterIsEscapedAsJSONEncoderDoes() {
        for value in 0..<0x80 {
            let text = String(UnicodeScalar(UInt8(value)))
            let result = CheckResult(id: text, verdict: .agree, picked: [text], key: [], confidence: 1, reason: "x\(text)y")
            #expect(CheckResultJSON.line(result) == Self.encoded(result), "U+\(String(value, radix: 16))")
        }
    }
}
