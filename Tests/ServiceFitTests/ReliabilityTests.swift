import Foundation
import Testing
@testable import ServiceFit

/// Hostile and broken input: every file under Fixtures/ReliabilityTests is answered with a
/// diagnostic that has a place and says what to do, never with a crash, a hang or a question that
/// silently goes missing. Cases the older suites already cover (LoaderDiagnosticsTests: syntax
/// errors, wrong types, duplicate keys and ids, unknown references, implies-cycles, empty rule
/// files; BankImportTests: malformed banks of each format, CRLF and byte-order marks) are not
/// repeated here.
///
/// Set SVCFIT_RECORD_FIXTURES=1 to (re)write the `.expected` files of the bank cases.
@Suite struct ReliabilityTests {
    static let directory = Repository.fixtures.appendingPathComponent("ReliabilityTests")
    static let recording = ProcessInfo.processInfo.environment["SVCFIT_RECORD_FIXTURES"] == "1"

    static func names(in folder: String, _ include: (String) -> Bool) -> [String] {
        let path = directory.appendingPathComponent(folder).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter(include).sorted()
    }

    /// What `check` does with a file's bytes: stream them into entries, then reject repeated ids.
    static func read(_ bytes: [UInt8], name: String, chunk: Int, limits: InputLimits = .default) -> [BankItem] {
        let format = BankFormat(pathExtension: (name as NSString).pathExtension) ?? .jsonl
        var stream = BankStream(format: format, path: name, limits: limits)
        var ids = DuplicateQuestionIDs()
        var items: [BankItem] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            items += ids.filter(stream.push(bytes[start..<end]))
            start = end
        }
        return items + ids.filter(stream.finish())
    }

    // MARK: - Banks: one `.expected` line per question or rejection

    @Test(arguments: names(in: "banks") { !$0.hasSuffix(".expected") })
    func bankEntriesAreAllAccountedFor(_ name: String) throws {
        let url = Self.directory.appendingPathComponent("banks/\(name)")
        let expectedURL = url.appendingPathExtension("expected")
        let bytes = Array(try Data(contentsOf: url))
        let described = Self.read(bytes, name: name, chunk: 1 << 16).map(BankImportTests.describe)
        if Self.recording {
            try (described.joined(separator: "\n") + "\n").write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(described == expected)
        // However the bytes arrive, the same entries come out.
        for chunk in [7, 1] where bytes.count < 100_000 {
            #expect(Self.read(bytes, name: name, chunk: chunk).map(BankImportTests.describe) == expected, "chunks of \(chunk) bytes")
        }
        // Every entry has a place in this file, and every rejection a sentence.
        for item in Self.read(bytes, name: name, chunk: 1 << 16) {
            let location = try #require(item.location)
            #expect(location.file == name && location.line >= 1 && location.column >= 1)
            if case let .rejected(_, _, reason) = item { #expect(reason.count > 10, "\(reason)") }
        }
    }

    @Test func aBankWithNothingInItIsOneRejection() {
        for name in ["empty.jsonl", "empty.md", "empty.csv", "empty.gift", "empty.yaml"] {
            let items = Self.read([], name: name, chunk: 16)
            #expect(items.count == 1, "\(name)")
            #expect(items.allSatisfy { if case .rejected = $0 { true } else { false } }, "\(name)")
        }
    }

    @Test func aOneMegabyteSingleLineQuestionReadsInOnePiece() {
        let text = "Which service turns text into speech? " + String(repeating: "words and more words ", count: 50_000)
        let line = #"{"id":"big","question":""# + text + #"","options":{"A":"Amazon Polly","B":"Amazon Lex"},"answers":["A"]}"#
        #expect(line.utf8.count > 1_000_000)
        let items = Self.read(Array(line.utf8), name: "big.jsonl", chunk: 1 << 16)
        #expect(items.map(BankImportTests.describe) == ["question big @1 key=A options=2"])
    }

    @Test func aScenarioFileOverTheSizeLimitIsRefusedBeforeItIsParsed() {
        let text = "scenarios:\n" + String(repeating: "  - id: x\n", count: 500)
        let items = Self.read(Array(text.utf8), name: "big.yaml", chunk: 100, limits: InputLimits(maxInputBytes: 1000))
        #expect(items.count == 1)
        #expect(items.first.map(BankImportTests.describe)?.hasPrefix("rejected @1: the file is 4 KiB, larger than the limit of 1000 bytes") == true)
    }

    // MARK: - Rule files: each case folder holds rule files and `expected.txt` (diagnostic prefixes)

    @Test(arguments: names(in: "rules") { !$0.hasPrefix(".") })
    func ruleFileProblemsHaveAPlaceAndAnAction(_ name: String) throws {
        let folder = Self.directory.appendingPathComponent("rules/\(name)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let sources = try files.map { SourceFile(path: $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
        let errors = KnowledgeBaseLoader.load(sources).1.filter { $0.severity == .error }.map(\.description)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(!expected.isEmpty)
        for line in expected {
            #expect(errors.contains { $0.hasPrefix(line) }, "missing: \(line)\nreported:\n\(errors.joined(separator: "\n"))")
        }
    }

    // MARK: - Limits

    static let laughs = """
        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        tags: *c
        """

    @Test func aliasExpansionIsBoundedAndTheBoundCanBeRaised() {
        // Each alias costs the nodes it stands for: b holds 9 × 10 (a and its 9 values), c holds
        // 9 × 91, and `tags: *c` 820 more: 1,729 in all, so a budget of 1,000 runs out at `*c`.
        let refused = KnowledgeBaseLoader.load([SourceFile(path: "lol.yaml", text: Self.laughs)], limits: InputLimits(maxAliases: 1000)).1
        #expect(refused.first?.description.hasPrefix("lol.yaml:4:7: error: the aliases in this file expand to more than 1000 nodes") == true,
                "\(refused)")
        #expect(refused.first?.hint?.contains("--max-aliases") == true)
        let allowed = KnowledgeBaseLoader.load([SourceFile(path: "lol.yaml", text: Self.laughs)], limits: InputLimits(maxAliases: 1729)).1
        #expect(!allowed.contains { $0.message.contains("aliases") }, "\(allowed)")
    }

    @Test func nestingDepthIsBoundedAndTheBoundCanBeRaised() {
        let text = "tags: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let refused = KnowledgeBaseLoader.load([SourceFile(path: "deep.yaml", text: text)]).1
        #expect(refused.map(\.description) == [
            "deep.yaml:1:70: error: lists and mappings nest deeper than 64 levels here (flatten the file; if it is meant to nest this deep, pass --max-depth to raise the limit)",
        ])
        let allowed = KnowledgeBaseLoader.load([SourceFile(path: "deep.yaml", text: text)], limits: InputLimits(maxDepth: 200)).1
        #expect(!allowed.contains { $0.message.contains("nest") }, "\(allowed)")
        // With anchors in the file, depth is checked while scanning, before anything is composed.
        let anchored = KnowledgeBaseLoader.load([SourceFile(path: "deep.yaml", text: "x: &x 1\n" + text)]).1
        #expect(anchored.first?.description.hasPrefix("deep.yaml:2:70: error: lists and mappings nest deeper than 64 levels") == true,
                "\(anchored)")
    }

    @Test func aRuleFileOverTheSizeLimitIsRefusedWithItsSize() {
        let text = "tags:\n" + String(repeating: "# padding\n", count: 300)
        let diagnostics = KnowledgeBaseLoader.load([SourceFile(path: "big.yaml", text: text)], limits: InputLimits(maxInputBytes: 2048)).1
        #expect(diagnostics.map(\.description) == [
            "big.yaml:1:1: error: the file is 2 KiB, larger than the limit of 2 KiB for a file read whole (split it, or pass --max-input-bytes 3006 to read it anyway)",
        ])
    }

    @Test func aOneMegabyteSingleLineRuleFileIsReadInLinearTime() {
        let phrase = String(repeating: "a", count: 1 << 20)
        let text = "tags: [{id: long, kind: requirement, meaning: \(phrase)}]"
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = KnowledgeBaseLoader.load([SourceFile(path: "line.yaml", text: text)]) }
        #expect(elapsed < .seconds(10))
    }

    // MARK: - Determinism

    @Test func judgingInParallelGivesExactlyWhatJudgingInOrderGives() throws {
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/BankImportTests/readsEveryFormat/quoted.csv")
        let items = Self.read(Array(try Data(contentsOf: url)), name: "quoted.csv", chunk: 1 << 16)
        let batch = Array(repeating: items, count: 4).flatMap { $0 }
        let checker = Checker(engine: Bundled.engine)
        let sequential = batch.map { String(describing: checker.judge($0).result) }
        for _ in 0..<3 {
            #expect(checker.judge(batch).map { String(describing: $0.result) } == sequential)
        }
    }
}
