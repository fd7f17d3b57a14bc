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
}
