import Foundation
import Testing
@testable import ServiceFit

/// Every importer reads its fixtures into exactly the questions and rejections listed in the
/// fixture's `.expected` file, whatever the chunking of the bytes and the line endings.
@Suite struct BankImportTests {
    static let directory = Repository.fixtures.appendingPathComponent("BankImportTests")

    static func fixtures(_ test: String) -> [String] {
        let folder = directory.appendingPathComponent(test)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".expected") }.sorted()
    }

    /// One line per item: `question <id> @<line> [exam=…] [lang=…] key=<letters> options=<n>` or
    /// `rejected @<line>[:<column>]: <reason>`.
    static func describe(_ item: BankItem) -> String {
        switch item {
        case let .question(question):
            var parts = ["question \(question.id) @\(question.location?.line ?? 0)"]
            if let exam = question.exam { parts.append("exam=\(exam)") }
            if let language = question.language { parts.append("lang=\(language.rawValue)") }
            parts.append("key=\(question.key.joined(separator: ","))")
            parts.append("options=\(question.options.count)")
            return parts.joined(separator: " ")
        case let .rejected(_, location, reason):
            let place = location.column == 1 ? "\(location.line)" : "\(location.line):\(location.column)"
            return "rejected @\(place): \(reason)"
        }
    }

    static func read(_ bytes: [UInt8], name: String, chunk: Int) -> [BankItem] {
        let format = BankFormat(pathExtension: (name as NSString).pathExtension) ?? .jsonl
        var stream = BankStream(format: format, path: name)
        var items: [BankItem] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            items += stream.push(bytes[start..<end])
            start = end
        }
        return items + stream.finish()
    }

    @Test(arguments: fixtures("readsEveryFormat"))
    func readsEveryFormat(_ name: String) throws {
        let url = Self.directory.appendingPathComponent("readsEveryFormat/\(name)")
        let bytes = Array(try Data(contentsOf: url))
        let expected = try String(contentsOf: url.appendingPathExtension("expected"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        for chunk in [1 << 16, 7, 1] {
            let items = Self.read(bytes, name: name, chunk: chunk)
            #expect(items.map(Self.describe) == expected, "chunks of \(chunk) bytes")
        }
        // Windows line endings and a byte-order mark read the same.
        let crlf = [0xEF, 0xBB, 0xBF] + Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        #expect(Self.read(crlf, name: name, chunk: 5).map(Self.describe) == expected, "CRLF")
        // Classic Mac OS line ends (a lone CR), and all three kinds in one file, number lines the
        // same way; a CR at the end of a chunk may be the first half of a CRLF.
        let classicMac = bytes.map { $0 == 10 ? 13 : $0 }
        for chunk in [1 << 16, 7, 1] {
            #expect(Self.read(classicMac, name: name, chunk: chunk).map(Self.describe) == expected, "CR, chunks of \(chunk) bytes")
        }
        var mixed: [UInt8] = []
        var lineEnd = 0
        for byte in bytes {
            guard byte == 10 else { mixed.append(byte); continue }
            // In this order a lone CR is never followed by an LF (which would make it a CRLF).
            mixed += [[10], [13], [13, 10]][lineEnd % 3]
            lineEnd += 1
        }
        for chunk in [1 << 16, 2, 1] {
            #expect(Self.read(mixed, name: name, chunk: chunk).map(Self.describe) == expected, "LF, CRLF and CR, chunks of \(chunk) bytes")
        }
    }

    @Test func aLoneCRIsALineEndWhereverTheChunksSplit() {
        // "a\r" + "\nb" is one CRLF; "a\r" + "b" is a CR; a CR at the very end ends the last line.
        for (chunks, lines) in [(["1. q?\r", "\n- [x] A\r\n- [ ] B"], 3), (["1. q?\r", "- [x] A\r- [ ] B\r"], 3),
                                (["1. q?\r\r", "\r- [x] A\n\r- [ ] B"], 6)] {
            var stream = BankStream(format: .markdown, path: "cr.md")
            var items: [BankItem] = []
            for chunk in chunks { items += stream.push(Array(chunk.utf8)) }
            items += stream.finish()
            #expect(items.map(Self.describe) == ["question cr-1 @1 key=A options=2"], "\(chunks)")
            #expect(stream.linesRead == lines, "\(chunks)")
        }
    }

    @Test func readAllSplitsLinesAsTheStreamDoes() {
        var reader = CSVBank(path: "inline.csv")
        let items = reader.readAll("question,A,B,answer\rq1?,x,y,A\r\n\"q2\rtwo lines?\",x,y,B\nq3?,x,y,C\r")
        #expect(items.map(Self.describe) == [
            "question inline:2 @2 key=A options=2", "question inline:3 @3 key=B options=2",
            "rejected @5: answer `C` is not one of the options",
        ])
    }

    @Test func quotedCSVFieldsKeepCommasQuotesAndLineBreaks() throws {
        var reader = CSVBank(path: "inline.csv")
        let items = reader.readAll("question,A,B,answer\n\"Pick one, please:\nwhich \"\"service\"\"?\",\"Amazon Polly, the voice\",Amazon Lex,\"B\"\n")
        guard case let .question(question) = try #require(items.first) else {
            Issue.record("expected a question, got \(items)")
            return
        }
        #expect(question.text == "Pick one, please:\nwhich \"service\"?")
        #expect(question.options.map(\.text) == ["Amazon Polly, the voice", "Amazon Lex"])
        #expect(question.key == ["B"])
    }

    @Test func giftEscapesAreLiteralCharacters() throws {
        var reader = GIFTBank(path: "inline.gift")
        let items = reader.readAll("::q\\:1:: Is 1 \\= 1 \\{really\\}? {=yes \\~ maybe ~no \\# never}\n")
        guard case let .question(question) = try #require(items.first) else {
            Issue.record("expected a question, got \(items)")
            return
        }
        #expect(question.id == "q:1")
        #expect(question.text == "Is 1 = 1 {really}?")
        #expect(question.options.map(\.text) == ["yes ~ maybe", "no # never"])
        #expect(question.key == ["A"])
    }

    @Test func aLineThatIsNotUTF8IsRejectedAndTheRestStillReads() {
        var bytes = Array(#"{"id": "a", "question": "q", "options": {"A": "x", "B": "y"}, "answers": ["A"]}"#.utf8) + [10]
        bytes += [0x7B, 0xFF, 0xFE, 0x7D, 10]
        bytes += Array(#"{"id": "c", "question": "q", "options": {"A": "x", "B": "y"}, "answers": ["B"]}"#.utf8)
        let items = Self.read(bytes, name: "bad.jsonl", chunk: 3)
        #expect(items.map(Self.describe) == [
            "question a @1 key=A options=2", "rejected @2: line is not valid UTF-8", "question c @3 key=B options=2",
        ])
    }

    @Test func aLineLongerThanTheLimitIsRejectedWithoutBeingKept() {
        var stream = BankStream(format: .jsonl, path: "long.jsonl")
        var items: [BankItem] = []
        let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
        for _ in 0..<6 { items += stream.push(chunk) }
        items += stream.push(Array("\n{\"id\": \"after\", \"question\": \"q\", \"options\": {\"A\": \"x\", \"B\": \"y\"}, \"answers\": [\"A\"]}\n".utf8))
        items += stream.finish()
        #expect(items.map(Self.describe) == ["rejected @1: line is longer than 4 MiB", "question after @2 key=A options=2"])
    }

    @Test func aMarkdownQuestionMayUseNumberedParagraphsInJapanese() {
        var reader = MarkdownBank(path: "ja.md")
        let items = reader.readAll("問1. 写真に写っている著名人を識別したい。2つ選択してください。\n\n- [x] Amazon Rekognition\n- [ ] Amazon Polly\n- [x] Amazon Rekognition Custom Labels\n")
        #expect(items.map(Self.describe) == ["question ja-1 @1 key=A,C options=3"])
    }

    @Test func pagesOfProseAfterANumberedParagraphAreNotKeptAsAQuestion() {
        var reader = MarkdownBank(path: "long.md")
        let prose = (1...250).map { "Line \($0) of an introduction." }.joined(separator: "\n")
        let items = reader.readAll("1. Introduction\n" + prose + "\n\n- [x] Amazon Polly\n- [ ] Amazon Lex\n")
        #expect(items.map(Self.describe) == ["rejected @253: options with no question above them (a question is a heading or a numbered paragraph)"])
    }
}
