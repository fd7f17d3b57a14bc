import Foundation

/// Renders a check as it runs: a header, then a piece for each question as it is judged (empty
/// for formats that only summarise), then the end from the tally. Values in, text out; the
/// caller writes the pieces where it wants, so a report of any length streams.
public protocol CheckReporter {
    mutating func begin() -> String
    mutating func report(_ judged: JudgedQuestion) -> String
    mutating func end(_ tally: CheckTally) -> String
}

/// The formats `check --format` offers, one reporter type each.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    case text, json, jsonl, junit, sarif, html

    public func makeReporter(_ options: ReportOptions = .init()) -> any CheckReporter {
        switch self {
        case .text: TextReporter(options)
        case .json: JSONReporter()
        case .jsonl: JSONLinesReporter()
        case .junit: JUnitReporter()
        case .sarif: SARIFReporter(toolVersion: options.toolVersion)
        case .html: HTMLReporter(options)
        }
    }
}

public struct ReportOptions: Sendable {
    /// ANSI colours in text output.
    public var color: Bool
    /// Text: list agreements and abstentions too, not only disagreements and rejections.
    public var verbose: Bool
    /// Text: how many suspicious keys to list at the end.
    public var top: Int
    public var toolVersion: String
    /// HTML: the page title.
    public var title: String

    public init(color: Bool = false, verbose: Bool = false, top: Int = 20, toolVersion: String = "0.1.0",
                title: String = "svcfit check") {
        self.color = color
        self.verbose = verbose
        self.top = top
        self.toolVersion = toolVersion
        self.title = title
    }
}

/// The end of the JSON reports: counts by exam, language and topic, suspicious keys, unknown
/// product names and abstention reasons.
struct ReportDigest: Encodable {
    struct Row: Encodable {
        var name: String
        var given, agreed, disagreed, abstained, rejected: Int
        var agreement: Double
        var coverage: Double

        init(_ group: CheckTally.Group) {
            name = group.name
            given = group.summary.given
            agreed = group.summary.agreed
            disagreed = group.summary.disagreed
            abstained = group.summary.abstained
            rejected = group.summary.rejected
            agreement = rounded(group.summary.agreement)
            coverage = rounded(group.summary.coverage)
        }
    }

    var agreement: Double
    var coverage: Double
    var suspicious: Int
    var byExam: [Row]
    var byLanguage: [Row]
    var byTopic: [Row]
    var suspiciousKeys: [CheckResult]
    var unknownProducts: [CheckTally.UnknownProduct]
    var abstentions: [String: Int]

    init(_ tally: CheckTally) {
        agreement = rounded(tally.summary.agreement)
        coverage = rounded(tally.summary.coverage)
        suspicious = tally.suspiciousCount
        byExam = tally.byExam.map(Row.init)
        byLanguage = tally.byLanguage.map(Row.init)
        byTopic = tally.byTopic.map(Row.init)
        suspiciousKeys = tally.suspiciousKeys.map(\.result)
        unknownProducts = tally.unknownProducts
        abstentions = Dictionary(tally.abstentions.map { ($0.reason, $0.count) }, uniquingKeysWith: +)
    }
}

func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }

/// One line of JSON, keys sorted, so output is stable.
func compactJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}

/// `check --format json`: one document `{"results": […], "summary": {…}, "report": {…}}`.
/// Results are written as they are judged, so the document streams.
public struct JSONReporter: CheckReporter {
    private var first = true

    public init() {}

    public mutating func begin() -> String { "{\n  \"results\": [" }

    public mutating func report(_ judged: JudgedQuestion) -> String {
        defer { first = false }
        return CheckResultJSON.line(judged.result, prefix: first ? "\n    " : ",\n    ")
    }

    public mutating func end(_ tally: CheckTally) -> String {
        "\n  ],\n  \"summary\": \(compactJSON(tally.summary)),\n  \"report\": \(compactJSON(ReportDigest(tally)))\n}\n"
    }
}

/// `check --format jsonl`: one result per line as judged, then `{"summary": …, "report": …}`.
public struct JSONLinesReporter: CheckReporter {
    struct Last: Encodable {
        var summary: CheckSummary
        var report: ReportDigest
    }

    public init() {}

    public mutating func begin() -> String { "" }

    public mutating func report(_ judged: JudgedQuestion) -> String { CheckResultJSON.line(judged.result, suffix: "\n") }

    public mutating func end(_ tally: CheckTally) -> String {
        compactJSON(Last(summary: tally.summary, report: ReportDigest(tally))) + "\n"
    }
}
