import Foundation
import Testing

/// The reliability battery end to end: the built `svcfit` meets every broken rule folder and bank
/// in Fixtures/ReliabilityTests (and the older LoaderDiagnosticsTests folders) and answers with
/// exit status 2 and `file:line:col` diagnostics — within a time limit, so a hang is a failure —
/// and `check` accounts for every question: given = agreed + disagreed + abstained + rejected.
@Suite struct ReliabilityCommandLineTests {
    static let fixtures = SVCFit.root.appendingPathComponent("Tests/Fixtures")
    static let battery = fixtures.appendingPathComponent("ReliabilityTests")

    /// Runs svcfit with a deadline; reads both pipes at once so neither can fill up and block it.
    static func run(_ arguments: [String], in directory: URL = SVCFit.root, seconds: Double = 120) throws -> CommandResult {
        let process = Process()
        process.executableURL = SVCFit.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["SVCFIT_RULES"] = SVCFit.root.appendingPathComponent("Rules").path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        timer.cancel()
        #expect(process.terminationReason == .exit, "svcfit \(arguments.joined(separator: " ")) was stopped after \(seconds) s or crashed")
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    static func folders(_ path: String) -> [String] {
        let directory = fixtures.appendingPathComponent(path)
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted().map { "\(path)/\($0)" }
    }

    // MARK: - Rule folders: exit 2 and every expected diagnostic

    @Test(arguments: folders("ReliabilityTests/rules") + folders("LoaderDiagnosticsTests"))
    func lintRefusesABrokenRuleFolder(_ folder: String) throws {
        let directory = Self.fixtures.appendingPathComponent(folder)
        let result = try Self.run(["lint", "--rules", "."], in: directory)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        let expected = try String(contentsOf: directory.appendingPathComponent("expected.txt"), encoding: .utf8).split(separator: "\n")
        for line in expected {
            #expect(result.stdout.contains(line), "missing: \(line)\n\(result.stdout)")
        }
    }

    @Test func fileProblemsTheLibraryNeverSeesAreRefusedWithTheirPlace() throws {
        let directory = try SVCFit.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(bytes: [UInt8], message: String)] = [
            (Array("tags:\n  - id: a\n    meaning: caf".utf8) + [0xC3, 0x28] + Array("\n".utf8),
             "tags.yaml:3:17: error: the file is not valid UTF-8 (save it as UTF-8)"),
            ([0xFF, 0xFE] + Array("tags:\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
             "tags.yaml:1:1: error: the file is UTF-16 (it starts with a UTF-16 byte-order mark) (save it as UTF-8)"),
        ]
        for (bytes, message) in cases {
            try Data(bytes).write(to: directory.appendingPathComponent("tags.yaml"))
            let result = try Self.run(["lint", "--rules", "."], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    // MARK: - Banks: every entry is counted, rejections carry their place

    static let banks: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: battery.appendingPathComponent("banks").path)) ?? []
        return names.filter { !$0.hasSuffix(".expected") }.sorted()
    }()

    @Test(arguments: banks)
    func checkCountsEveryEntryOfABrokenBank(_ name: String) throws {
        let directory = Self.battery.appendingPathComponent("banks")
        let expected = try String(contentsOf: directory.appendingPathComponent(name + ".expected"), encoding: .utf8)
            .split(separator: "\n")
        let result = try Self.run(["check", name, "--format", "json"], in: directory)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        let summary = try #require(document["summary"] as? [String: Int])
        let results = try #require(document["results"] as? [[String: Any]])
        let given = summary["given"] ?? -1
        #expect(given == (summary["agreed"] ?? 0) + (summary["disagreed"] ?? 0) + (summary["abstained"] ?? 0) + (summary["rejected"] ?? 0))
        #expect(given == expected.count && results.count == expected.count)
        #expect(summary["rejected"] == expected.filter { $0.hasPrefix("rejected") }.count)
        for rejected in results where rejected["verdict"] as? String == "rejected" {
            let reason = rejected["reason"] as? String ?? ""
            #expect(reason.range(of: #"^\#(NSRegularExpression.escapedPattern(for: name)):\d+:\d+: .{10,}"#, options: .regularExpression) != nil,
                    "a rejection without file:line:col and a sentence: \(reason)")
        }
        // A rejection exits 2 whatever else the bank holds; only a bank read in full exits 1 on a disagreement.
        #expect(result.status == (summary["rejected"] ?? 0 > 0 ? 2 : summary["disagreed"] ?? 0 > 0 ? 1 : 0), "\(result.stderr)")
    }

    // MARK: - Size, depth and alias limits, and their flags

    @Test func twoHundredMegabyteFilesAreRefusedBeforeTheyAreRead() throws {
        let directory = try SVCFit.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        // Real content first, then 200 MB: a rule file, a scenario bank, and a JSON Lines bank of one line.
        for url in [rules.appendingPathComponent("tags.yaml"), directory.appendingPathComponent("big.yaml"),
                    directory.appendingPathComponent("big.jsonl")] {
            FileManager.default.createFile(atPath: url.path, contents: Data("tags:\n".utf8))
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: 200 << 20)
            try handle.close()
        }
        let lint = try Self.run(["lint", "--rules", "rules"], in: directory, seconds: 60)
        #expect(lint.status == 2)
        #expect(lint.stderr.contains("rules/tags.yaml:1:1: error: the file is 200 MiB, larger than the limit of 16 MiB for a file read whole (split it, or pass --max-input-bytes 209715200 to read it anyway)"),
                "\(lint.stderr)")
        let check = try Self.run(["check", "big.yaml", "big.jsonl", "--format", "json"], in: directory, seconds: 120)
        #expect(check.status == 2)
        #expect(check.stdout.contains(#""reason":"big.yaml:1:1: the file is 200 MiB, larger than the limit of 16 MiB"#), "\(check.stdout)")
        #expect(check.stdout.contains(#""reason":"big.jsonl:2:1: line is longer than 4 MiB""#), "\(check.stdout)")
        #expect(check.stdout.contains(#""summary": {"abstained":0,"agreed":0,"disagreed":0,"given":3,"rejected":3}"#), "\(check.stdout)")
    }

    @Test func eachLimitHasAFlagThatRaisesIt() throws {
        let directory = try SVCFit.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let laughs = """
            a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            tags: [{id: lol, kind: requirement, meaning: Laughs., phrases: {en: *a}, examples: [{text: lol, raises: true}]}]
            """
        try laughs.write(to: directory.appendingPathComponent("tags.yaml"), atomically: true, encoding: .utf8)
        let refused = try Self.run(["lint", "--rules", ".", "--max-aliases", "50"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stdout.contains("tags.yaml:2:28: error: the aliases in this file expand to more than 50 nodes"), "\(refused.stdout)")
        let raised = try Self.run(["lint", "--rules", ".", "--max-aliases", "100"], in: directory)
        #expect(!raised.stdout.contains("aliases"), "\(raised.stdout)")

        let deep = "tags: " + String(repeating: "[", count: 80) + String(repeating: "]", count: 80) + "\n"
        try deep.write(to: directory.appendingPathComponent("tags.yaml"), atomically: true, encoding: .utf8)
        let tooDeep = try Self.run(["lint", "--rules", "."], in: directory)
        #expect(tooDeep.status == 2)
        #expect(tooDeep.stdout.contains("tags.yaml:1:70: error: lists and mappings nest deeper than 64 levels here"), "\(tooDeep.stdout)")
        let deeper = try Self.run(["lint", "--rules", ".", "--max-depth", "100"], in: directory)
        #expect(!deeper.stdout.contains("nest deeper"), "\(deeper.stdout)")

        let small = try Self.run(["lint", "--rules", ".", "--max-input-bytes", "100"], in: directory)
        #expect(small.status == 2)
        #expect(small.stderr.contains("tags.yaml:1:1: error: the file is 167 bytes, larger than the limit of 100 bytes"), "\(small.stderr)")
        let bad = try Self.run(["lint", "--max-depth", "0"], in: directory)
        #expect(bad.status == 2 && bad.stderr.contains("--max-depth must be at least 1"), "\(bad.stderr)")
    }

    // MARK: - Determinism: the same input, byte for byte the same JSON

    @Test func jsonOutputIsByteIdenticalAcrossRuns() throws {
        let bank = Self.fixtures.appendingPathComponent("BankImportTests/readsEveryFormat").path
        let first = try Self.run(["check", bank, "--format", "json"])
        #expect(!first.stdout.isEmpty)
        for _ in 0..<2 {
            #expect(try Self.run(["check", bank, "--format", "json"]).stdout == first.stdout)
        }
        let ask = ["ask", "A retailer wants to recognise famous people in store photos with the least effort. Which service?",
                   "--option", "A=Amazon Polly", "--option", "B=Amazon Rekognition", "--option", "C=Amazon Predict", "--format", "json"]
        let answer = try Self.run(ask)
        #expect(answer.status == 0 && !answer.stdout.isEmpty)
        for _ in 0..<2 {
            #expect(try Self.run(ask).stdout == answer.stdout)
        }
    }
}
