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

    /// A fixed sequence of pseudo-random numbers, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Ids of every shape the log writes differently (numbered, sharing nothing, empty, not ASCII,
    /// longer than a chunk) at places of every size (steps back, other files, extreme lines and
    /// columns), checked against a plain dictionary of first places. With 6 entry bits the slots
    /// give up their tags after 63 ids, as they do after 16 million in use.
    @Test(arguments: [0, 1, 2, 3, 6, 16], [6, 24])
    func everyFirstPlaceComesBackExactlyWhateverTheChunkSize(chunkBits: Int, entryBits: Int) {
        var random = SplitMix(state: UInt64(chunkBits * 100 + entryBits))
        var ids = DuplicateQuestionIDs(hash: DuplicateQuestionIDs.standardHash, chunkBits: chunkBits, entryBits: entryBits)
        var firsts: [String: ServiceFit.SourceLocation] = [:]
        let files = (0..<300).map { "folder/bank-\($0).jsonl" }
        var line = 0
        var file = files[0]
        for round in 0..<20 {
            var batch: [BankItem] = []
            var expected: [String] = []
            for _ in 0..<200 {
                let id: String
                switch Int.random(in: 0..<10, using: &random) {
                case 0: id = ""
                case 1: id = "問\(Int.random(in: 0..<50, using: &random))"
                case 2: id = String(repeating: "long-", count: Int.random(in: 1..<40, using: &random)) + "\(round)"
                case 3: id = String(UInt64.random(in: 0...UInt64.max, using: &random), radix: 36)
                case 4: id = "\(file):\(line)"
                default: id = "gen-\(Int.random(in: 0..<3_000, using: &random))"
                }
                switch Int.random(in: 0..<20, using: &random) {
                case 0: file = files.randomElement(using: &random)!
                case 1: line = [Int.min, Int.max, -1, 0, 1 << 40, Int(UInt32.max) + 1].randomElement(using: &random)!
                case 2: line = line &- Int.random(in: 1..<1_000, using: &random)
                default: line = line &+ Int.random(in: 1...3, using: &random)
                }
                let column = Int.random(in: 0..<10, using: &random) == 0
                    ? [Int.min, Int.max, -5, 0, 70_000].randomElement(using: &random)! : 1
                let location = ServiceFit.SourceLocation(file: file, line: line, column: column)
                batch.append(.question(Question(id: id, text: "q?", options: [OptionText(letter: "A", text: "x")], key: ["A"],
                                                location: location)))
                if let first = firsts[id] {
                    expected.append("\(id) @\(location): duplicate question id `\(id)`, first used at \(first); give each question its own id")
                } else {
                    firsts[id] = location
                }
            }
            #expect(Self.rejections(ids.filter(batch)) == expected)
        }
        #expect(ids.count == firsts.count)
    }

    @Test func oneTableThatGrowsAgainAndAgainLosesNothing() {
        // Every id in the first table (the top byte picks it), with tags and homes still spread.
        var ids = DuplicateQuestionIDs(hash: { DuplicateQuestionIDs.standardHash($0) & 0x00FF_FFFF_FFFF_FFFF })
        let count = 30_000
        #expect(Self.rejections(ids.filter((1...count).map { Self.question("id-\($0)", line: $0) })).isEmpty)
        let again = Self.rejections(ids.filter(stride(from: 1, through: count, by: 1_001).map { Self.question("id-\($0)", line: 1) }))
        #expect(again.count == (count + 1_000) / 1_001)
        #expect(again.last == "id-29030 @bank.jsonl:1:1: duplicate question id `id-29030`, first used at bank.jsonl:29030:1; give each question its own id")
        #expect(ids.count == count)
    }

    @Test func numberedIdsCostFewBytesEach() {
        // The figure that keeps `check` flat on a bank of a million questions: about 10 bytes an
        // id (the log and the tables together), where plain arrays of bytes, offsets, places and
        // slots took 35 and more.
        var ids = DuplicateQuestionIDs()
        let count = 50_000
        _ = ids.filter((1...count).map { Self.question("gen-\($0)", line: $0) })
        #expect(ids.count == count)
        #expect(ids.bytesHeld < 13 * count)
    }
}
