import Foundation
import Testing
@testable @_spi(Fuzzing) import ServiceFit

/// JSON Lines banks are read without JSONSerialization when the line is an ordinary bank line
/// (`JSONLinesBank.readDirectly`), and through it otherwise. Whichever path reads a line, the
/// item is the one JSONSerialization's path gives: these tests hold the two against each other on
/// every bank line in the repository, on lines written to be awkward, and on mutations of both.
@Suite struct JSONLinesDirectReaderTests {
    static let file = "bank.jsonl"

    /// Both paths for one line: what `read` returns, what JSONSerialization's path returns, and
    /// whether the direct path read the line itself.
    static func compare(_ line: String, lineNumber: Int = 7) -> (read: BankItem?, foundation: BankItem, direct: Bool) {
        let direct = JSONLinesBank.readDirectly(line: Substring(line), lineNumber: lineNumber, file: file)
        let foundation = JSONLinesBank.readThroughFoundation(line: Substring(line), lineNumber: lineNumber, file: file)
        if let direct, !same(direct, foundation) {
            Issue.record("the direct reader disagrees on \(line.debugDescription):\n  direct:     \(direct)\n  foundation: \(foundation)")
        }
        return (JSONLinesBank.read(line: Substring(line), lineNumber: lineNumber, file: file), foundation, direct != nil)
    }

    static func same(_ first: BankItem?, _ second: BankItem?) -> Bool {
        switch (first, second) {
        case (nil, nil): true
        case let (.question(one)?, .question(other)?): one == other
        case let (.rejected(id, location, reason)?, .rejected(otherID, otherLocation, otherReason)?):
            id == otherID && location == otherLocation && reason == otherReason
        default: false
        }
    }

    // MARK: Every bank line there is

    /// JSON Lines files in the repository, and the shared benchmark banks when this machine has
    /// them (they are read where they are, never copied in).
    static var bankFiles: [URL] {
        var files: [URL] = []
        for folder in ["Tests", "Scenarios", "Fuzz/corpus", "Benchmarks"] {
            let enumerator = FileManager.default.enumerator(at: Repository.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "jsonl" { files.append(url) }
            }
        }
        return files.sorted { $0.path < $1.path } + sharedBanks
    }

    static var sharedBanks: [URL] {
        let folder = URL(fileURLWithPath: "/work/shared/banks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static func lines(of url: URL) -> [String] {
        let data = (try? Data(contentsOf: url)) ?? Data()
        return String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    @Test func everyBankLineInTheRepositoryReadsTheSameBothWays() {
        let files = Self.bankFiles
        #expect(files.count >= 10, "expected the JSON Lines fixtures under Tests/ and Fuzz/corpus/")
        var readDirectly = 0
        for url in files {
            for (offset, line) in Self.lines(of: url).enumerated() where line.contains(where: { !$0.isWhitespace }) {
                let (read, foundation, direct) = Self.compare(line, lineNumber: offset + 1)
                #expect(Self.same(read, foundation), "\(url.lastPathComponent):\(offset + 1)")
                if direct { readDirectly += 1 }
            }
        }
        #expect(readDirectly > 0)
    }

    /// The benchmark banks are what the direct reader is for: it must read all of their lines
    /// itself, or the speed it exists for is quietly gone.
    @Test func theSharedBanksNeverNeedJSONSerialization() {
        for url in Self.sharedBanks {
            for (offset, line) in Self.lines(of: url).enumerated() where !line.isEmpty {
                #expect(Self.compare(line, lineNumber: offset + 1).direct, "\(url.lastPathComponent):\(offset + 1) went through JSONSerialization")
            }
        }
    }

    // MARK: Lines written to be awkward

    struct Case: CustomTestStringConvertible, Sendable {
        var line: String
        /// Whether the direct reader reads it itself (otherwise it leaves it to JSONSerialization).
        var direct: Bool
        var testDescription: String { line.count > 80 ? String(line.prefix(77)) + "…" : line }
    }

    static let ordinary = #""question": "Which service reads text aloud?", "options": {"A": "Amazon Polly", "B": "Amazon Lex"}, "answers": ["A"]"#

    static let cases: [Case] = [
        Case(line: "{\"id\": \"q-1\", \(ordinary)}", direct: true),
        Case(line: "{\(ordinary)}", direct: true),
        Case(line: " \t{ \"id\" :\"q-1\" ,\t\(ordinary) } \t", direct: true),
        Case(line: #"{"id": "q-2", "exam": "SAA-C03", "lang": "ja", "question": "テキストを読み上げるサービスは？", "options": {"A": "Amazon Polly 🔊", "B": "Amazon Lex"}, "answers": ["a"]}"#, direct: true),
        // Every escape, surrogate pairs, escaped keys and letters.
        Case(line: #"{"id": "q\"3\\", "qu\u0065stion": "Tab\there \"quoted\" back\\slash \/ \b\f\n\r \u00e9 \u65E5\u672c \ud83d\ude00 \u0000 end", "options": {"\u0041": "caf\u00e9", "b": "\uD834\uDD1E"}, "answers": ["A"]}"#, direct: true),
        Case(line: #"{"question": "\ud83d", "options": {"A": "x"}, "answers": ["A"]}"#, direct: false),
        Case(line: #"{"question": "\ude00", "options": {"A": "x"}, "answers": ["A"]}"#, direct: false),
        Case(line: #"{"question": "\ud83d\u0041", "options": {"A": "x"}, "answers": ["A"]}"#, direct: false),
        Case(line: #"{"question": "\x", "options": {"A": "x"}, "answers": ["A"]}"#, direct: false),
        Case(line: #"{"question": "\u00g0", "options": {"A": "x"}, "answers": ["A"]}"#, direct: false),
        Case(line: "{\"question\": \"raw\ttab\", \"options\": {\"A\": \"x\"}, \"answers\": [\"A\"]}", direct: false),
        Case(line: "{\"question\": \"a longer question with a raw \u{1F} inside\", \"options\": {\"A\": \"x\"}, \"answers\": [\"A\"]}", direct: false),
        Case(line: "{\"question\": \"a longer question, \u{7F} and \u{80} are text\", \"options\": {\"A\": \"x\"}, \"answers\": [\"A\"]}", direct: true),
        // Numbers as ids: integers as NSNumber spells them; the rest through JSONSerialization.
        Case(line: "{\"id\": 42, \(ordinary)}", direct: true),
        Case(line: "{\"id\": -7, \(ordinary)}", direct: true),
        Case(line: "{\"id\": 0, \(ordinary)}", direct: true),
        Case(line: "{\"id\": -0, \(ordinary)}", direct: true),
        Case(line: "{\"id\": 123456789012345678, \(ordinary)}", direct: true),
        Case(line: "{\"id\": 9223372036854775807, \(ordinary)}", direct: false),
        Case(line: "{\"id\": -9223372036854775808, \(ordinary)}", direct: false),
        Case(line: "{\"id\": 123456789012345678901234567890, \(ordinary)}", direct: false),
        Case(line: "{\"id\": 1.5, \(ordinary)}", direct: false),
        Case(line: "{\"id\": 1.0, \(ordinary)}", direct: false),
        Case(line: "{\"id\": 1e3, \(ordinary)}", direct: false),
        Case(line: "{\"id\": true, \(ordinary)}", direct: false),
        Case(line: "{\"id\": null, \(ordinary)}", direct: false),
        Case(line: "{\"id\": [\"q\"], \(ordinary)}", direct: false),
        Case(line: "{\"id\": 01, \(ordinary)}", direct: false),
        // The ways of giving the key.
        Case(line: #"{"question": "Which?", "options": {"A": "x", "b": "y", "C": "z"}, "answers": "a, b"}"#, direct: true),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answer": "B"}"#, direct: true),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answer": "B", "answers": ["A"]}"#, direct: true),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answers": "A", "answer": 5}"#, direct: false),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answers": [1], "answer": "B"}"#, direct: false),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answers": 1, "answer": "B"}"#, direct: false),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answers": []}"#, direct: true),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answers": ["Z"]}"#, direct: true),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}, "answers": " , "}"#, direct: true),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "B": "y"}}"#, direct: false),
        // Options in any order, and options that are not text.
        Case(line: #"{"question": "Which?", "options": {"D": "d", "a": "a", "C": "c", "B": "b"}, "answers": ["c"]}"#, direct: true),
        Case(line: #"{"question": "Which?", "options": {"A": 1, "B": "y"}, "answers": ["B"]}"#, direct: false),
        Case(line: #"{"question": "Which?", "options": {"Ａ": "full width", "B": "y"}, "answers": ["B"]}"#, direct: false),
        Case(line: #"{"question": "Which?", "options": {"A": "x", "A": "y"}, "answers": ["A"]}"#, direct: false),
        Case(line: #"{"question": "Which?", "options": {}, "answers": ["A"]}"#, direct: false),
        Case(line: #"{"question": "Which?", "options": ["x", "y"], "answers": ["A"]}"#, direct: false),
        // Fields other than the ones read: any JSON at all, within reason.
        Case(line: "{\"meta\": {\"a\": [1, 2.5, -0.1, 0, true, false, null, {\"b\": \"c\\u0041\"}], \"e\": \"\", \"f\": {}}, \"n\": [], \(ordinary)}", direct: true),
        Case(line: "{\"x\": \(String(repeating: "[", count: 60))\(String(repeating: "]", count: 60)), \(ordinary)}", direct: true),
        Case(line: "{\"x\": \(String(repeating: "[", count: 100))\(String(repeating: "]", count: 100)), \(ordinary)}", direct: false),
        Case(line: "{\"x\": \(String(repeating: "[", count: 600))\(String(repeating: "]", count: 600)), \(ordinary)}", direct: false),
        Case(line: "{\"x\": 1e5, \(ordinary)}", direct: false),
        Case(line: "{\"x\": 1e400, \(ordinary)}", direct: false),
        Case(line: "{\"x\": 1\(String(repeating: "0", count: 400)), \(ordinary)}", direct: false),
        Case(line: "{\"x\": 1, \"x\": \"two\", \(ordinary)}", direct: true),
        Case(line: "{\"é\": 1, \(ordinary)}", direct: false),
        Case(line: "{\"x\": tru, \(ordinary)}", direct: false),
        Case(line: "{\"x\": nulll, \(ordinary)}", direct: false),
        Case(line: "{\"x\": -, \(ordinary)}", direct: false),
        Case(line: "{\"x\": 1., \(ordinary)}", direct: false),
        // Fields given twice: JSONSerialization keeps the last; the direct reader leaves them to it.
        Case(line: "{\"question\": 5, \(ordinary)}", direct: false),
        Case(line: "{\"id\": \"a\", \"id\": \"b\", \(ordinary)}", direct: false),
        // Language and exam.
        Case(line: "{\"lang\": \"en\", \"exam\": \"MLS-C01\", \(ordinary)}", direct: true),
        Case(line: "{\"lang\": \"xx\", \(ordinary)}", direct: true),
        Case(line: "{\"lang\": 5, \(ordinary)}", direct: false),
        Case(line: "{\"exam\": null, \(ordinary)}", direct: false),
        // Not a bank line.
        Case(line: "{}", direct: false),
        Case(line: #"{"question": "   ", "options": {"A": "x"}, "answers": ["A"]}"#, direct: false),
        Case(line: #"{"question": 7, "options": {"A": "x"}, "answers": ["A"]}"#, direct: false),
        Case(line: "[1, 2]", direct: false),
        Case(line: "42", direct: false),
        Case(line: #""text""#, direct: false),
        Case(line: "null", direct: false),
        Case(line: "not json", direct: false),
        Case(line: "{\"id\": \"x\",}", direct: false),
        Case(line: "{\"a\": [1,], \(ordinary)}", direct: false),
        Case(line: "{'id': 'x'}", direct: false),
        Case(line: "{\(ordinary)} {}", direct: false),
        Case(line: "{\(ordinary)}\u{0C}", direct: false),
        Case(line: "\u{FEFF}{\(ordinary)}", direct: false),
        Case(line: "{\(ordinary)", direct: false),
        Case(line: "{\"question\": \"open", direct: false),
    ]

    @Test(arguments: cases) func awkwardLinesReadTheSameBothWays(_ example: Case) {
        let (read, foundation, direct) = Self.compare(example.line)
        #expect(Self.same(read, foundation))
        #expect(direct == example.direct, direct ? "read directly" : "left to JSONSerialization")
    }

    // MARK: Mutations

    /// Seeded edits of real lines (a character inserted, deleted or replaced with one that matters
    /// to JSON), so lines that are almost bank lines are compared too. The fuzz target does the
    /// same without end.
    @Test func mutatedLinesReadTheSameBothWays() {
        var random = SeededGenerator(seed: 0x6A5D)
        let seeds = Self.cases.map(\.line).filter { $0.count < 400 }
            + Self.bankFiles.prefix(40).flatMap { Self.lines(of: $0).prefix(3) }.filter { !$0.isEmpty }
        let pieces: [String] = ["\"", "\\", "{", "}", "[", "]", ",", ":", " ", "0", "1", "-", ".", "e", "u", "d", "8", "n",
                                "t", "A", "é", "日", "😀", "\t", "\u{0}", "\u{10}", "\u{1F}", "\u{7F}", "\\u", "\\ud83d", "\"id\"", "null", "true"]
        var direct = 0
        for _ in 0..<20_000 {
            var scalars = Array(seeds[Int(random.next() % UInt64(seeds.count))].unicodeScalars)
            for _ in 0...(random.next() % 3) {
                let position = Int(random.next() % UInt64(scalars.count + 1))
                let piece = Array(pieces[Int(random.next() % UInt64(pieces.count))].unicodeScalars)
                switch random.next() % 3 {
                case 0: scalars.insert(contentsOf: piece, at: position)
                case 1: if position < scalars.count { scalars.remove(at: position) }
                default: if position < scalars.count { scalars.replaceSubrange(position...position, with: piece) }
                }
            }
            var line = ""
            line.unicodeScalars.append(contentsOf: scalars)
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let (read, foundation, wasDirect) = Self.compare(line)
            #expect(Self.same(read, foundation))
            if wasDirect { direct += 1 }
        }
        // Most mutations break the line; enough must survive for the comparison to mean something.
        #expect(direct > 1_000)
    }
}
