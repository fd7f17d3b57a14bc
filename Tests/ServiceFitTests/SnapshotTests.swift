import Foundation
import Testing
@testable import ServiceFit

/// A snapshot must give back exactly the engine it was made from, be refused when it belongs to
/// other rules or is damaged, and never trap on any bytes it is handed.
@Suite struct SnapshotTests {
    static let files = Repository.yamlFiles(under: Repository.rules).map(Repository.sourceFile)
    static let fingerprint = KnowledgeSnapshot.fingerprint(of: files, limits: .default, salt: "tests")
    static let bytes = KnowledgeSnapshot.encode(Bundled.engine, fingerprint: fingerprint)

    static func decoded() throws -> Engine {
        try KnowledgeSnapshot.decode(bytes, fingerprint: fingerprint)
    }

    @Test func everyValueOfTheKnowledgeBaseSurvives() throws {
        let original = Bundled.knowledge, restored = try Self.decoded().knowledge
        #expect(restored.tags == original.tags)
        #expect(restored.services == original.services)
        #expect(restored.modifiers == original.modifiers)
        #expect(restored.rules == original.rules)
        #expect(restored.catalog == original.catalog)
        #expect(restored.language == original.language)
        #expect(restored.language.selectCount.map(\.count) == original.language.selectCount.map(\.count))
        #expect(restored.language.productPrefixes == original.language.productPrefixes)
        #expect(restored.scoring == original.scoring)
    }

    @Test func theRestoredEngineDecidesEveryScenarioTheSameWay() throws {
        let restored = try Self.decoded()
        #expect(restored.reader.normalizedPhrases == Bundled.engine.reader.normalizedPhrases)
        #expect(!ScenarioCoverageTests.questions.isEmpty)
        for question in ScenarioCoverageTests.questions {
            #expect(restored.decide(question) == Bundled.engine.decide(question), "\(question.id)")
            #expect(restored.reader.read(question.text).occurrences == Bundled.engine.reader.read(question.text).occurrences)
        }
        // Loose names come from the squeezed-name tables, which the snapshot rebuilds.
        #expect(restored.reader.looseName("Rekognitoin Video") == Bundled.engine.reader.looseName("Rekognitoin Video"))
        #expect(restored.reader.looseName("Sage Maker Canvas") == Bundled.engine.reader.looseName("Sage Maker Canvas"))
    }

    /// A caller holding the snapshot mapped is told, in order, of every stretch the decoder is
    /// done with, so it may return those pages mid-decode; the stretches tile the payload, none is
    /// read again (they are overwritten here as soon as they are released), and the engine is the
    /// same.
    @Test func releasedStretchesTileThePayloadAndAreNotReadAgain() throws {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bytes.count, alignment: 16)
        defer { copy.deallocate() }
        Self.bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        var stretches: [Range<Int>] = []
        let base = Int(bitPattern: copy.baseAddress!)
        let restored = try KnowledgeSnapshot.decode(UnsafeRawBufferPointer(copy), fingerprint: Self.fingerprint) { stretch in
            let start = Int(bitPattern: stretch.baseAddress!) - base
            stretches.append(start..<start + stretch.count)
            UnsafeMutableRawBufferPointer(rebasing: copy[start..<start + stretch.count]).initializeMemory(as: UInt8.self, repeating: 0xA5)
        }
        #expect(stretches.count > 2)
        #expect(stretches.last?.upperBound == Self.bytes.count)
        #expect(zip(stretches, stretches.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(restored.reader.normalizedPhrases == Bundled.engine.reader.normalizedPhrases)
        for question in ScenarioCoverageTests.questions.prefix(200) {
            #expect(restored.decide(question) == Bundled.engine.decide(question), "\(question.id)")
        }
    }

    @Test func theSameKnowledgeGivesTheSameBytes() {
        #expect(KnowledgeSnapshot.encode(Bundled.engine, fingerprint: Self.fingerprint) == Self.bytes)
    }

    @Test func anyChangeToTheRulesOrLimitsChangesTheFingerprint() {
        var edited = Self.files
        edited[0].text += "\n# a comment\n"
        #expect(KnowledgeSnapshot.fingerprint(of: edited, limits: .default, salt: "tests") != Self.fingerprint)
        #expect(KnowledgeSnapshot.fingerprint(of: Self.files, limits: InputLimits(maxDepth: 65), salt: "tests") != Self.fingerprint)
        #expect(KnowledgeSnapshot.fingerprint(of: Self.files, limits: .default, salt: "another build") != Self.fingerprint)
        #expect(KnowledgeSnapshot.fingerprint(of: Array(Self.files.dropLast()), limits: .default, salt: "tests") != Self.fingerprint)
    }

    @Test func aSnapshotOfOtherRulesIsStale() {
        #expect(throws: KnowledgeSnapshot.Failure.stale) {
            try KnowledgeSnapshot.decode(Self.bytes, fingerprint: Self.fingerprint &+ 1)
        }
    }

    @Test func somethingElseIsNoSnapshot() {
        #expect(throws: KnowledgeSnapshot.Failure.notASnapshot) {
            try KnowledgeSnapshot.decode(Array("tags:\n  - id: streaming\n".utf8), fingerprint: Self.fingerprint)
        }
        #expect(throws: KnowledgeSnapshot.Failure.self) { try KnowledgeSnapshot.decode([], fingerprint: Self.fingerprint) }
    }

    /// Cut anywhere, or with any byte changed, a snapshot is refused with a reason; it never
    /// traps and never yields an engine.
    @Test(arguments: [0, 7, 12, 20, 28, 36, 37, 1_000, 100_000, -1])
    func aCutSnapshotIsRefused(length: Int) {
        let cut = Array(Self.bytes.prefix(length < 0 ? Self.bytes.count - 1 : length))
        #expect(throws: KnowledgeSnapshot.Failure.self) { try KnowledgeSnapshot.decode(cut, fingerprint: Self.fingerprint) }
    }

    @Test func aChangedByteIsCaughtByTheChecksum() {
        for offset in stride(from: 40, to: Self.bytes.count, by: Self.bytes.count / 97) {
            var damaged = Self.bytes
            damaged[offset] ^= 0x5A
            #expect(throws: KnowledgeSnapshot.Failure.self) { try KnowledgeSnapshot.decode(damaged, fingerprint: Self.fingerprint) }
        }
    }

    /// Behind a valid header and checksum, a payload that does not hold together is still
    /// refused: the reader checks every count and every automaton index it is given.
    @Test func aWellSealedButWrongPayloadIsRefused() {
        let headerLength = KnowledgeSnapshot.headerLength
        let payloads: [[UInt8]] = [
            [],
            [0xFF, 0xFF, 0xFF, 0xFF],
            Array(Self.bytes[headerLength...].prefix(5_000)),
            Array(Self.bytes[headerLength...]) + [0],
            Array(Self.bytes[headerLength...]).map { $0 == 0 ? 1 : $0 },
        ]
        #expect(KnowledgeSnapshot.sealed(Array(Self.bytes[headerLength...]), fingerprint: Self.fingerprint) == Self.bytes)
        for payload in payloads {
            #expect(throws: KnowledgeSnapshot.Failure.self) {
                try KnowledgeSnapshot.decode(KnowledgeSnapshot.sealed(payload, fingerprint: Self.fingerprint), fingerprint: Self.fingerprint)
            }
        }
    }

    /// Where each of a matcher's tables lies in its snapshot bytes, as `PhraseMatcher.write(to:)`
    /// lays them out: seven counts, then the tables one after another.
    struct MatcherLayout {
        var width = 0, denseCount = 0, rowCount = 0, nodes = 0, terminals = 0, patterns = 0
        var classOfByte = 0, rows = 0, rowNode = 0, deep = 0, report = 0, terminalPatterns = 0, patternStart = 0

        init(_ bytes: [UInt8]) throws {
            let reader = SnapshotReader(bytes)
            var counts: [Int] = []
            for _ in 0..<7 { counts.append(Int(try reader.read(UInt32.self))) }
            (width, denseCount, rowCount, nodes, terminals, patterns) = (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
            classOfByte = 28
            rows = classOfByte + 256
            rowNode = rows + rowCount * width * 4
            deep = rowNode + rowCount * 4
            report = deep + (nodes - denseCount) * 12
            terminalPatterns = report + nodes * 16
            patternStart = terminalPatterns + terminals * 4
        }

        var rowsEnd: Int { rowCount * width }
    }

    static let phrases = ["stream", "streaming data", "real time", "real-time analytics", "every {n} minutes", "ec2",
                          "data", "at", "time series", "s3 bucket", "analytics"]
    static let text = Array(TextNormalizer.normalize("Streaming data in real time: real-time analytics every 15 minutes, S3 buckets and time series data at ec2.").utf8)

    static func matcherBytes() -> [UInt8] {
        let writer = SnapshotWriter()
        PhraseMatcher(phrases: phrases).write(to: writer)
        return writer.bytes
    }

    @Test func aMatcherReadBackFindsTheSameMatches() throws {
        let original = PhraseMatcher(phrases: Self.phrases)
        let restored = try PhraseMatcher(snapshot: SnapshotReader(Self.matcherBytes()))
        #expect(!original.matches(in: Self.text).isEmpty)
        #expect(restored.matches(in: Self.text) == original.matches(in: Self.text))
        #expect(restored.patternTexts == original.patternTexts)
    }

    static func storing(_ value: Int32, at offset: Int, in bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        withUnsafeBytes(of: value.littleEndian) { for (index, byte) in $0.enumerated() { bytes[offset + index] = byte } }
        return bytes
    }

    /// Each kind of index the scan or the report follows, pointed out of its table or into a
    /// loop, is refused when the tables are read, not found out while reading a text.
    @Test func aMatcherWithAnIndexOutOfRangeIsRefused() throws {
        let bytes = Self.matcherBytes()
        let layout = try MatcherLayout(bytes)
        #expect(layout.rowCount > layout.denseCount, "the phrases should give a deep node with a row")
        let deepCount = layout.nodes - layout.denseCount
        let damaged: [(String, [UInt8])] = [
            ("a transition past every state", Self.storing(Int32(layout.rowsEnd + deepCount), at: layout.rows, in: bytes)),
            ("a flagged transition past every state",
             Self.storing(Int32(layout.rowsEnd + deepCount) | Int32.min, at: layout.rows + 4, in: bytes)),
            ("a row offset with less than a row after it", Self.storing(Int32(layout.rowsEnd - layout.width + 1), at: layout.rows, in: bytes)),
            ("a transition at the top of the range", Self.storing(Int32.max - 4, at: layout.rows + 8, in: bytes)),
            ("a byte class past the row width", { var copy = bytes; copy[layout.classOfByte + 0x61] = UInt8(layout.width); return copy }()),
            ("a row of no node", Self.storing(Int32(layout.nodes), at: layout.rowNode, in: bytes)),
            ("a deep node's edge past every state", Self.storing(Int32(layout.rowsEnd + deepCount), at: layout.deep, in: bytes)),
            ("a deep node falling back to itself", Self.storing(Int32(layout.rowsEnd), at: layout.deep + 4, in: bytes)),
            ("a deep node falling back to one no shallower", Self.storing(Int32(layout.rowsEnd + 1), at: layout.deep + 4, in: bytes)),
            ("a flagged fallback", Self.storing(Int32.min, at: layout.deep + 4, in: bytes)),
            ("terminals past their table", Self.storing(Int32(layout.terminals + 1), at: layout.report + 4, in: bytes)),
            ("terminals ending before they start", Self.storing(1, at: layout.report, in: bytes)),
            ("an output link to itself", Self.storing(Int32(layout.nodes - 1), at: layout.report + (layout.nodes - 1) * 16 + 12, in: bytes)),
            ("an output link below -1", Self.storing(-2, at: layout.report + (layout.nodes - 1) * 16 + 12, in: bytes)),
            ("a pattern number past the patterns", Self.storing(Int32(layout.patterns), at: layout.terminalPatterns, in: bytes)),
            ("patterns going backwards", Self.storing(1_000, at: layout.patternStart + 4, in: bytes)),
            ("a width of none", Self.storing(0, at: 0, in: bytes)),
            ("more rows than nodes", Self.storing(Int32(layout.nodes + 1), at: 8, in: bytes)),
            ("tables larger than the snapshot", Self.storing(Int32.max, at: 20, in: bytes)),
        ]
        #expect(throws: Never.self) { try PhraseMatcher(snapshot: SnapshotReader(bytes)) }
        for (what, tampered) in damaged {
            #expect(tampered != bytes, "\(what)")
            #expect(throws: SnapshotError.self, "\(what)") { try PhraseMatcher(snapshot: SnapshotReader(tampered)) }
        }
    }

    /// The same inside a whole snapshot with a valid seal: the engine is refused as damaged.
    @Test func aSealedSnapshotWithAStrayTransitionIsRefused() throws {
        let knowledge = SnapshotWriter()
        Bundled.engine.knowledge.write(to: knowledge)
        var payload = Array(Self.bytes[KnowledgeSnapshot.headerLength...])
        let matcher = Array(payload[knowledge.bytes.count...])
        let layout = try MatcherLayout(matcher)
        payload = Self.storing(Int32.max, at: knowledge.bytes.count + layout.rows, in: payload)
        #expect(throws: KnowledgeSnapshot.Failure.self) {
            try KnowledgeSnapshot.decode(KnowledgeSnapshot.sealed(payload, fingerprint: Self.fingerprint), fingerprint: Self.fingerprint)
        }
    }
}
