import Foundation
import Testing

/// Runs the built `svcfit` the way a user does and checks what it prints and how it exits.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum SVCFit {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable sits next to the test bundle in the build products directory.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("svcfit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/svcfit")
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL = root) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "SVCFIT_RULES")
        // Compiled-rules snapshots go to a folder of this test run, never the user's own cache.
        env["SVCFIT_CACHE_DIR"] = snapshotDirectory.path
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drain at once: read one after the other, a process that fills the second
        // (64 KiB of diagnostics) blocks forever while the first is still open.
        let errorOutput = PipeDrain(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errorOutput.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    static let snapshotDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("svcfit-tests-snapshots-\(ProcessInfo.processInfo.processIdentifier)")

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("svcfit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite struct CommandLineTests {
    @Test func lintIsCleanOnTheBundledRules() throws {
        let result = try SVCFit.run(["lint"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("services and features"))
        #expect(!result.stdout.contains(": error:"))
    }

    @Test func checkAgreesWithEveryBundledScenario() throws {
        let result = try SVCFit.run(["check", "Scenarios", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout.suffix(4000))")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let summary = document?["summary"] as? [String: Int] ?? [:]
        #expect((summary["given"] ?? 0) >= 30)
        #expect(summary["given"] == summary["agreed"])
    }

    @Test func askPicksTheManagedPipelineInJapanese() throws {
        let result = try SVCFit.run([
            "ask", "ソーシャルゲームの利用状況データをJSONで収集している。インフラを管理したくない。データはすぐに分析できるようにしたい。コスト効率が高くスケーラブルな構成が求められる。",
            "--option", "A=Kinesis Data Streams → Lambda関数でAmazon S3に書き込む → AWS Glue ETLジョブを15分ごとに実行してJSONをParquetに変換 → Glueクローラー → Amazon Athena",
            "--option", "B=Kinesis Data FirehoseでParquetに変換しながらAmazon S3に配信 → Glueクローラー → Amazon Athena",
            "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["picked"] as? [String] == ["B"])
        for key in ["confidence", "requirements", "candidates", "explanation"] { #expect(document[key] != nil, "missing \(key)") }
        let explanation = (document["explanation"] as? [String] ?? []).joined(separator: " ")
        #expect(explanation.contains("15分ごと"))
        #expect(explanation.contains("カスタムコード"))
    }

    @Test func invalidRulesGiveFileLineColumnAndExitTwo() throws {
        let directory = try SVCFit.temporaryDirectory()
        try "tags:\n  - id: broken\n    kind: requirement\n    meaning: x\n    phrases: {en: [a, \"b]}\n"
            .write(to: directory.appendingPathComponent("tags.yaml"), atomically: true, encoding: .utf8)
        let result = try SVCFit.run(["lint", "--rules", directory.path])
        #expect(result.status == 2)
        #expect(result.stdout.range(of: #"tags\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(result.stdout)")
        // Rules that do not load are not run as examples, and the summary says so.
        #expect(result.stdout.contains("examples (not run)"), "\(result.stdout)")
        let viaEnvironment = try SVCFit.run(["ask", "anything"], environment: ["SVCFIT_RULES": directory.path])
        #expect(viaEnvironment.status == 2)
        #expect(viaEnvironment.stderr.contains("tags.yaml:"))
    }

    /// An example the engine does not bear out is an error at the example's place, and lint
    /// exits 2; `--no-examples` skips them.
    @Test func lintRunsTheExamplesWrittenInTheRules() throws {
        let directory = try SVCFit.temporaryDirectory()
        try """
            tags:
              - id: event-stream
                kind: requirement
                meaning: Events arrive one after another and are taken in as they come.
                phrases:
                  en: [event stream]
                  ja: [イベントストリーム]
                examples:
                  - text: Orders come in as an event stream.
                    raises: true
                  - text: The invoice is printed once a year.
                    raises: true

            """.write(to: directory.appendingPathComponent("tags.yaml"), atomically: true, encoding: .utf8)
        let result = try SVCFit.run(["lint", "--rules", directory.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("tags.yaml:11:9: error: example of tag event-stream fails: the example does not raise event-stream"),
                "\(result.stdout)")
        #expect(result.stdout.contains("1 errors"))
        let skipped = try SVCFit.run(["lint", "--rules", directory.path, "--no-examples"])
        #expect(skipped.status == 0, "\(skipped.stdout)")
    }

    @Test func explanationLanguageCanBeChosen() throws {
        let text = "写真共有アプリで、顔写真に写っている著名人を最小限の労力で識別したい。"
        let japanese = try SVCFit.run(["ask", text, "--option", "A=Amazon Rekognition", "--option", "B=Amazon Polly"])
        #expect(japanese.stdout.contains("が最適"), "\(japanese.stdout)")
        let english = try SVCFit.run(["ask", text, "--option", "A=Amazon Rekognition", "--option", "B=Amazon Polly", "--explain-in", "en"])
        #expect(english.stdout.contains("fits best"), "\(english.stdout)")
        #expect(try SVCFit.run(["ask", text, "--explain-in", "fr"]).status == 2)
    }

    @Test func usageErrorsExitTwo() throws {
        let result = try SVCFit.run(["ask", "text", "--provider", "azure"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--provider"))
    }

    @Test func findsTheBundledRulesFromAnotherDirectory() throws {
        let elsewhere = try SVCFit.temporaryDirectory()
        let result = try SVCFit.run(["ask", "Detect celebrities in photos", "--format", "json"], in: elsewhere)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func checkAccountsForEveryQuestionOfABank() throws {
        let directory = try SVCFit.temporaryDirectory()
        let bank = directory.appendingPathComponent("bank.jsonl")
        let lines = [
            #"{"id": "q1", "question": "Recognise celebrities in photos with the least effort.", "options": {"A": "Amazon Rekognition", "B": "Amazon Polly"}, "answers": ["A"]}"#,
            #"{"id": "q2", "question": "Which metric?", "options": {"A": "Recall", "B": "Precision"}, "answers": ["B"]}"#,
            #"{"id": "q3", "question": "Broken", "options": {"A": "x"}, "answers": ["C"]}"#,
            #"not json at all"#,
            "",
            #"{"id": "q5", "question": "Read text aloud in a natural voice.", "options": {"A": "Amazon Polly", "B": "Amazon Transcribe"}, "answers": ["B"]}"#,
        ]
        try lines.joined(separator: "\n").write(to: bank, atomically: true, encoding: .utf8)
        let result = try SVCFit.run(["check", bank.path, "--format", "json"])
        // A disagreement, but also rejected questions: bad input decides the status.
        #expect(result.status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["given": 5, "agreed": 1, "disagreed": 1, "abstained": 1, "rejected": 2])
        let results = try #require(document["results"] as? [[String: Any]])
        #expect(results.map { $0["verdict"] as? String } == ["agree", "abstain", "rejected", "rejected", "disagree"])
        #expect((results[3]["reason"] as? String)?.contains("bank.jsonl:4:1") == true)
    }
}

/// Reads a pipe to its end on another thread.
final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
