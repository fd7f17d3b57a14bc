import Testing
@testable import ServiceFit

/// Repeated question ids are found exactly (never two different ids taken for one), across files,
/// with the first place intact, however many ids a streamed bank brings.
@Suite struct DuplicateQuestionIDsTests {
    static func question(_ id: String, _ file: String = "bank.jsonl", line: Int, column: Int = 1) -> BankItem {
        .question(Question(id: id, text: "q?", options: [OptionText(letter: "A", text: "x"), OptionText(letter: "B", text: "y")],
                           key: ["A"], location: SourceLocation(file: file, line: line, column: column)))
    }

    static func rejections(_ items: [BankItem]) -> [String] {
        items.compactMap { item in
            guard case let .rejected(id, location, reason) = item else { return nil }
            return "\(id) @\(location): \(reason)"
        }
    }

    @Test func aLaterQuestionUnderAnEarlierIdIsRejectedAndPointsBack() {
        var ids = DuplicateQuestionIDs()
        let first = ids.filter([Self.question("q1", line: 1), Self.question("q2", line: 2), Self.question("", line: 3),
                                Self.question("問1", "a.yaml", line: 4, column: 5)])
        #expect(Self.rejections(first).isEmpty)
        let later = ids.filter([Self.question("q1", "other.md", line: 9), Self.question("Q1", line: 10), Self.question("", line: 11),
                                Self.question("問1", line: 12), Self.question("q2 ", line: 13)])
        #expect(Self.rejections(later) == [
            "q1 @other.md:9:1: duplicate question id `q1`, first used at bank.jsonl:1:1; give each question its own id",
            " @bank.jsonl:11:1: duplicate question id ``, first used at bank.jsonl:3:1; give each question its own id",
            "問1 @bank.jsonl:12:1: duplicate question id `問1`, first used at a.yaml:4:5; give each question its own id",
        ])
        #expect(ids.count == 6)
    }

    @Test func whenEveryHashCollidesOnlyEqualIdsAreDuplicates() {
        // One hash for every id: each lookup meets every earlier id, and only the bytes decide.
        var ids = DuplicateQuestionIDs(hash: { _ in 42 })
        let names = (0..<1_000).map { "id-\($0)" }
        #expect(Self.rejections(ids.filter(names.enumerated().map { Self.question($1, line: $0 + 1) })).isEmpty)
        let again = ids.filter(["id-7", "id-70", "id-700", "id-7000", "id-999"].map { Self.question($0, line: 9_999) })
        #expect(Self.rejections(again).map { $0.prefix(40) } == [
            "id-7 @bank.jsonl:9999:1: duplicate quest", "id-70 @bank.jsonl:9999:1: duplicate ques",
            "id-700 @bank.jsonl:9999:1: duplicate que", "id-999 @bank.jsonl:9999:1: duplicate que",
        ])
    }

    @Test func aHundredThousandIdsKeepTheirFirstPlacesThroughEveryGrowth() {
        var ids = DuplicateQuestionIDs()
        let count = 100_000
        let firstPass = ids.filter((1...count).map { Self.question("gen-\($0)", line: $0) })
        #expect(Self.rejections(firstPass).isEmpty)
        #expect(ids.count == count)
        let secondPass = Self.rejections(ids.filter(stride(from: 1, through: count, by: 997).map { Self.question("gen-\($0)", "b.jsonl", line: 1) }))
        #expect(secondPass.count == (count + 996) / 997)
        #expect(secondPass.last == "gen-99701 @b.jsonl:1:1: duplicate question id `gen-99701`, first used at bank.jsonl:99701:1; give each question its own id")
    }

    @Test func placesTooLargeToPackAreKeptWhole() {
        var ids = DuplicateQuestionIDs()
        _ = ids.filter([Self.question("wide", line: 5_000_000_000, column: 70_000)])
        #expect(Self.rejections(ids.filter([Self.question("wide", line: 1)])) == [
            "wide @bank.jsonl:1:1: duplicate question id `wide`, first used at bank.jsonl:5000000000:70000; give each question its own id",
        ])
    }
}
