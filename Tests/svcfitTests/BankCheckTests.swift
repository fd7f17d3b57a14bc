import Foundation
import Testing

/// `svcfit check` end to end on banks in every format: what it counts, how it exits, stdin.
@Suite struct BankCheckTests {
    static let fixtures = SVCFit.root.appendingPathComponent("Tests/Fixtures/BankCheckTests")
    static let importFixtures = SVCFit.root.appendingPathComponent("Tests/Fixtures/BankImportTests/readsEveryFormat")

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Runs svcfit with `input` on its standard input.
    static func run(_ arguments: [String], stdin input: String) throws -> CommandResult {
        let process = Process()
        process.executableURL = SVCFit.executable
        process.arguments = arguments
        process.currentDirectoryURL = SVCFit.root
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "SVCFIT_RULES")
        process.environment = environment
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func multiAnswerAgreementMeansTheSameSet() throws {
        let bank = Self.fixtures.appendingPathComponent("multiAnswerAgreementMeansTheSameSet/bank.jsonl")
        let result = try SVCFit.run(["check", bank.path, "--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let results = try #require(try Self.json(result.stdout)["results"] as? [[String: Any]])
        let verdicts = Dictionary(uniqueKeysWithValues: results.map { ($0["id"] as? String ?? "", $0["verdict"] as? String ?? "") })
        // "Choose two", 「2つ選択してください」 and a key of two letters each ask for two options.
        #expect(verdicts == ["two-en": "agree", "two-ja": "agree", "two-keys-no-cue": "agree", "half-right": "disagree"])
        let halfRight = try #require(results.first { $0["id"] as? String == "half-right" })
        #expect(halfRight["picked"] as? [String] == ["A", "C"])
        #expect(halfRight["key"] as? [String] == ["A", "B"])
    }

    @Test func everyQuestionOfEveryFormatIsAccountedFor() throws {
        let result = try SVCFit.run(["check", Self.importFixtures.path, "--format", "json"])
        // The fixtures disagree somewhere and hold rejections: bad input decides the status.
        #expect(result.status == 2, "\(result.stderr)")
        let document = try Self.json(result.stdout)
        let summary = try #require(document["summary"] as? [String: Int])
        let expectedLines = try FileManager.default.contentsOfDirectory(atPath: Self.importFixtures.path)
            .filter { $0.hasSuffix(".expected") }
            .flatMap { try String(contentsOf: Self.importFixtures.appendingPathComponent($0), encoding: .utf8).split(separator: "\n") }
        #expect(summary["given"] == expectedLines.count)
        #expect(summary["rejected"] == expectedLines.filter { $0.hasPrefix("rejected") }.count)
        #expect(summary["given"] == (summary["agreed"] ?? 0) + (summary["disagreed"] ?? 0) + (summary["abstained"] ?? 0) + (summary["rejected"] ?? 0))
        let results = try #require(document["results"] as? [[String: Any]])
        #expect(results.count == summary["given"])
        for rejected in results where rejected["verdict"] as? String == "rejected" {
            let reason = rejected["reason"] as? String ?? ""
            #expect(reason.range(of: #"readsEveryFormat/[a-z]+\.[a-z]+:\d+:\d+: "#, options: .regularExpression) != nil, "\(reason)")
        }
    }

    @Test func readsStandardInputWithADash() throws {
        let csv = "question,A,B,answer\nA photo app must recognise famous people in pictures with the least effort.,Amazon Polly,Amazon Rekognition,B\n"
        let result = try Self.run(["check", "-", "--input-format", "csv", "--format", "jsonl"], stdin: csv)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""verdict":"agree""#) == true)
        #expect(lines.first?.contains(#""file":"stdin""#) == true)
        let noFormat = try Self.run(["check", "-"], stdin: csv)
        #expect(noFormat.status == 2)
        #expect(noFormat.stderr.contains("--input-format"))
    }

    struct ExitCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var testDescription: String { "check \(arguments.joined(separator: " ")) → \(status)" }
    }

    @Test(arguments: [
        ExitCase(arguments: ["agree.csv"], status: 0),
        ExitCase(arguments: ["disagree.md"], status: 1),
        ExitCase(arguments: ["disagree.md", "--fail-on", "never"], status: 0),
        ExitCase(arguments: ["disagree.md", "--fail-on", "suspicious", "--suspicious-at", "1"], status: 0),
        ExitCase(arguments: ["disagree.md", "--fail-on", "suspicious", "--suspicious-at", "0"], status: 1),
        ExitCase(arguments: ["agree.csv", "rejected.gift"], status: 2),
        // Bad input outranks disagreement, and --fail-on does not change it: the report is incomplete.
        ExitCase(arguments: ["disagree.md", "rejected.gift"], status: 2),
        ExitCase(arguments: ["rejected.gift", "disagree.md", "--fail-on", "suspicious", "--suspicious-at", "0"], status: 2),
        ExitCase(arguments: ["disagree.md", "rejected.gift", "--fail-on", "never"], status: 2),
        ExitCase(arguments: ["notes.txt"], status: 2),
        ExitCase(arguments: ["notes.txt", "--input-format", "jsonl"], status: 2),
        ExitCase(arguments: ["agree.csv", "--format", "yaml"], status: 2),
        ExitCase(arguments: ["missing.jsonl"], status: 2),
    ])
    func exitStatus(_ example: ExitCase) throws {
        let directory = Self.fixtures.appendingPathComponent("exitStatus")
        let result = try SVCFit.run(["check"] + example.arguments, in: directory)
        #expect(result.status == example.status, "\(result.stdout)\(result.stderr)")
    }

    @Test(arguments: ["text", "json", "jsonl", "junit", "sarif", "html"])
    func everyFormatFromTheCommandLine(_ format: String) throws {
        let directory = Self.fixtures.appendingPathComponent("exitStatus")
        let result = try SVCFit.run(["check", "agree.csv", "disagree.md", "--format", format], in: directory)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "no progress bar or noise when piped")
        switch format {
        case "json", "sarif": _ = try Self.json(result.stdout)
        case "jsonl": for line in result.stdout.split(separator: "\n") { _ = try Self.json(String(line)) }
        case "junit": #expect(result.stdout.contains("<testcase name=\"agree-1\""))
        case "html": #expect(result.stdout.contains("</html>"))
        default: #expect(result.stdout.hasSuffix("agreement 50.0% on answered, coverage 100.0%\n"))
        }
    }
}
