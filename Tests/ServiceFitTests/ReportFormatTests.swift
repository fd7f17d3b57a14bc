import Foundation
import Testing
@testable import ServiceFit
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Every reporter renders the same hand-made check (no engine involved, so the output only
/// changes when a reporter does). Snapshots live in Tests/Fixtures/ReportFormatTests/; run with
/// SVCFIT_RECORD_SNAPSHOTS=1 to rewrite them after a deliberate change, and review the diff.
@Suite struct ReportFormatTests {
    static let snapshots = Repository.fixtures.appendingPathComponent("ReportFormatTests/rendersTheSampleCheck")

    static func question(_ id: String, _ text: String, _ options: [String], key: [String], file: String, line: Int,
                         exam: String? = nil) -> Question {
        Question(id: id, text: text, options: options.enumerated().map { OptionText(letter: optionLetter($0.offset), text: $0.element) },
                 key: key, exam: exam, location: SourceLocation(file: file, line: line, column: 1))
    }

    static func result(_ question: Question, _ verdict: Verdict, picked: [String], confidence: Double, reason: String,
                       lang: String = "en", topic: String? = nil, abstention: String? = nil, unknown: [String]? = nil,
                       unknownInKey: [String]? = nil, suspicious: Bool? = nil) -> CheckResult {
        var result = CheckResult(id: question.id, verdict: verdict, picked: picked, key: question.key, confidence: confidence,
                                 reason: reason, exam: question.exam, lang: lang, location: question.location, unknownNames: unknown)
        result.topic = topic
        result.abstention = abstention
        result.unknownInKey = unknownInKey
        result.suspicious = suspicious
        return result
    }

    /// Five questions, one of each kind, over two files, two exams, two languages.
    static let sample: [JudgedQuestion] = {
        let q1 = question("faces", "A photo site must tag famous people with little effort.", ["Amazon Polly", "Amazon Rekognition"],
                          key: ["B"], file: "banks/ai.md", line: 3, exam: "AIF-C01")
        let q2 = question("voice", "Read <b>news</b> aloud & translate it. (Choose two.)", ["Amazon Polly", "Amazon Lex", "Amazon Translate"],
                          key: ["A", "B"], file: "banks/ai.md", line: 9, exam: "AIF-C01")
        let q3 = question("made-up", "Forecast demand for 500 products.", ["Amazon Predict", "Amazon Forecast"],
                          key: ["A"], file: "banks/ai.md", line: 15, exam: "AIF-C01")
        let q4 = question("theory", "指標はどれか。", ["再現率", "適合率"], key: ["B"], file: "banks/ml.csv", line: 2, exam: "MLS-C01")
        return [
            JudgedQuestion(result: result(q1, .agree, picked: ["B"], confidence: 0.91, reason: "B meets celebrity recognition.", topic: "vision"),
                           question: q1, explanation: ["The question asks for celebrity recognition.", "B meets celebrity recognition."]),
            JudgedQuestion(result: result(q2, .disagree, picked: ["A", "C"], confidence: 0.62, reason: "picked A,C over the key A,B: C scores 3.0, B scores 0.0",
                                          topic: "speech", suspicious: true),
                           question: q2, explanation: ["The question asks for text to speech and translation.", "B is weaker: Lex builds chatbots."]),
            JudgedQuestion(result: result(q3, .disagree, picked: ["B"], confidence: 0.2, reason: "picked B over the key A", topic: "forecasting",
                                          unknown: ["Amazon Predict"], unknownInKey: ["Amazon Predict"], suspicious: true),
                           question: q3, explanation: ["A names “Amazon Predict”, which is no real product."]),
            JudgedQuestion(result: result(q4, .abstain, picked: [], confidence: 0, reason: "no option names a service", lang: "ja",
                                          abstention: "no-service-named"),
                           question: q4, explanation: []),
            JudgedQuestion(result: CheckResult(id: "ml:5", verdict: .rejected, picked: [], key: [], confidence: 0,
                                               reason: "banks/ml.csv:5:1: answer `Z` is not one of the options",
                                               location: SourceLocation(file: "banks/ml.csv", line: 5, column: 1))),
        ]
    }()

    static func render(_ format: ReportFormat, _ judged: [JudgedQuestion] = sample) -> String {
        var reporter = format.makeReporter(ReportOptions(title: "sample"))
        var tally = CheckTally()
        var text = reporter.begin()
        for item in judged {
            tally.add(item)
            text += reporter.report(item)
        }
        return text + reporter.end(tally)
    }

    static let extensions: [ReportFormat: String] = [.text: "txt", .json: "json", .jsonl: "jsonl", .junit: "xml", .sarif: "sarif", .html: "html"]

    @Test(arguments: ReportFormat.allCases)
    func rendersTheSampleCheck(_ format: ReportFormat) throws {
        let rendered = Self.render(format)
        let url = Self.snapshots.appendingPathComponent("\(format.rawValue).\(Self.extensions[format] ?? "txt")")
        if ProcessInfo.processInfo.environment["SVCFIT_RECORD_SNAPSHOTS"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let snapshot = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == snapshot, "out of date: run SVCFIT_RECORD_SNAPSHOTS=1 swift test --filter ReportFormatTests and review the diff")
    }

    @Test func jsonKeepsTheStableNames() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(Self.render(.json).utf8)) as? [String: Any])
        let results = try #require(document["results"] as? [[String: Any]])
        #expect(results.count == 5)
        for result in results {
            for name in ["id", "verdict", "picked", "key", "confidence", "reason"] { #expect(result[name] != nil, "missing \(name)") }
        }
        #expect(results.map { $0["verdict"] as? String } == ["agree", "disagree", "disagree", "abstain", "rejected"])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["given": 5, "agreed": 1, "disagreed": 2, "abstained": 1, "rejected": 1])
    }

    @Test func jsonLinesWritesOneResultPerLineAndTheSummaryLast() throws {
        let lines = Self.render(.jsonl).split(separator: "\n")
        #expect(lines.count == 6)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.prefix(5).allSatisfy { $0["verdict"] != nil })
        let summary = try #require(objects.last?["summary"] as? [String: Int])
        #expect(summary["given"] == 5)
    }

    @Test func sarifPointsEveryFindingAtItsQuestion() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(Self.render(.sarif).utf8)) as? [String: Any])
        #expect(document["version"] as? String == "2.1.0")
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        // two disagreements, the unknown product in a key, the rejected question
        #expect(results.map { $0["ruleId"] as? String } == ["SVC002", "SVC002", "SVC003", "SVC005"])
        let places = results.map { result -> String in
            let physical = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]) ?? [:]
            let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String ?? ""
            let line = (physical["region"] as? [String: Any])?["startLine"] as? Int ?? 0
            return "\(uri):\(line)"
        }
        #expect(places == ["banks/ai.md:9", "banks/ai.md:15", "banks/ai.md:15", "banks/ml.csv:5"])
    }

    #if canImport(FoundationXML) || os(macOS)
    @Test func junitHasOneTestcasePerQuestion() throws {
        let document = try XMLDocument(data: Data(Self.render(.junit).utf8))
        #expect(try document.nodes(forXPath: "//testcase").count == 5)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == 2)
        #expect(try document.nodes(forXPath: "//testcase/skipped").count == 1)
        #expect(try document.nodes(forXPath: "//testcase/error").count == 1)
        #expect(try document.nodes(forXPath: "//testsuite").count == 2)
    }

    @Test func junitSplitsALargeFileIntoParts() throws {
        let base = Self.sample[0]
        let many = (0..<2500).map { index -> JudgedQuestion in
            var judged = base
            judged.result.id = "q\(index)"
            return judged
        }
        let document = try XMLDocument(data: Data(Self.render(.junit, many).utf8))
        let suites = try document.nodes(forXPath: "//testsuite").compactMap { $0 as? XMLElement }
        #expect(suites.map { $0.attribute(forName: "tests")?.stringValue } == ["1000", "1000", "500"])
        #expect(try document.nodes(forXPath: "//testcase").count == 2500)
    }
    #endif

    @Test func htmlIsOneSelfContainedPage() {
        let page = Self.render(.html)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("src=\"http") && !page.contains("href=\"http"))
        #expect(page.contains("Read &lt;b&gt;news&lt;/b&gt; aloud &amp; translate it."))
        #expect(page.contains("Amazon Predict"))
    }

    @Test func theSummaryAlwaysAddsUp() {
        var tally = CheckTally(limit: 2)
        for judged in Self.sample + Self.sample { tally.add(judged) }
        let summary = tally.summary
        #expect(summary.given == 10)
        #expect(summary.given == summary.agreed + summary.disagreed + summary.abstained + summary.rejected)
        for groups in [tally.byExam, tally.byLanguage, tally.byTopic] {
            #expect(groups.map(\.summary.given).reduce(0, +) == summary.given)
        }
        #expect(tally.suspiciousKeys.map(\.result.id) == ["made-up", "made-up"], "a key naming an unknown product comes first")
    }
}
