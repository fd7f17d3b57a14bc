import Foundation
import Testing
@testable import ServiceFit

/// The compiled-rules cache from the outside: the second run answers from a snapshot with the
/// same output, a damaged or stale snapshot is replaced without a word, and `--no-cache` or
/// `SVCFIT_CACHE=off` leaves no trace.
@Suite struct SnapshotCacheTests {
    static let ask = ["ask", "A sports news app must identify celebrities in uploaded photos with the least effort.",
                      "--option", "A=Amazon Polly", "--option", "B=Amazon Rekognition", "--format", "json"]

    static func snapshots(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".snapshot") }.map { directory.appendingPathComponent($0) }
    }

    @Test func theSecondRunAnswersFromTheSnapshotTheSameWay() throws {
        let cache = try SVCFit.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let environment = ["SVCFIT_CACHE_DIR": cache.path]
        let first = try SVCFit.run(Self.ask, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let written = Self.snapshots(in: cache)
        #expect(written.count == 1)
        let second = try SVCFit.run(Self.ask, environment: environment)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
        #expect(Self.snapshots(in: cache) == written)
        #expect(try SVCFit.run(Self.ask + ["--no-cache"], environment: environment).stdout == first.stdout)
    }

    @Test func aDamagedSnapshotIsReplaced() throws {
        let cache = try SVCFit.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let environment = ["SVCFIT_CACHE_DIR": cache.path]
        let first = try SVCFit.run(Self.ask, environment: environment)
        let snapshot = try #require(Self.snapshots(in: cache).first)
        var bytes = try Data(contentsOf: snapshot)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: snapshot)
        let again = try SVCFit.run(Self.ask, environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == first.stdout)
        #expect(again.stderr.isEmpty)
        #expect(try Data(contentsOf: snapshot) != bytes)
        // Garbage of any length, too.
        try Data("not a snapshot".utf8).write(to: snapshot)
        #expect(try SVCFit.run(Self.ask, environment: environment).stdout == first.stdout)
    }

    @Test func changedRulesAreReadAgain() throws {
        let cache = try SVCFit.temporaryDirectory(), rules = try SVCFit.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: cache)
            try? FileManager.default.removeItem(at: rules)
        }
        try FileManager.default.removeItem(at: rules)
        try FileManager.default.copyItem(at: SVCFit.root.appendingPathComponent("Rules"), to: rules)
        let environment = ["SVCFIT_CACHE_DIR": cache.path]
        let before = try SVCFit.run(Self.ask + ["--rules", rules.path], environment: environment)
        #expect(before.stdout.contains("\"picked\""))
        // Make the rules broken: a cached snapshot of the old rules must not hide the error.
        let tags = rules.appendingPathComponent("tags/core.yaml")
        try (String(contentsOf: tags, encoding: .utf8) + "\n  - id: one-more\n    kind: wish\n    meaning: x\n    phrases: {en: [one more]}\n")
            .write(to: tags, atomically: true, encoding: .utf8)
        let after = try SVCFit.run(Self.ask + ["--rules", rules.path], environment: environment)
        #expect(after.status == 2)
        #expect(after.stderr.contains("core.yaml") || after.stdout.contains("core.yaml"))
    }

    @Test func turnedOffItLeavesNoTrace() throws {
        let cache = try SVCFit.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        #expect(try SVCFit.run(Self.ask + ["--no-cache"], environment: ["SVCFIT_CACHE_DIR": cache.path]).status == 0)
        #expect(try SVCFit.run(Self.ask, environment: ["SVCFIT_CACHE_DIR": cache.path, "SVCFIT_CACHE": "off"]).status == 0)
        #expect(Self.snapshots(in: cache).isEmpty)
    }

    @Test func anUnwritableCacheIsNoError() throws {
        let result = try SVCFit.run(Self.ask, environment: ["SVCFIT_CACHE_DIR": "/proc/svcfit-cannot-write-here"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }

    /// A snapshot whose seal holds but whose automaton sends a transition past every state (a
    /// hostile file, or damage the checksum missed) is refused at load and written again.
    @Test func aSealedSnapshotWithAStrayTransitionIsReplaced() throws {
        let cache = try SVCFit.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let environment = ["SVCFIT_CACHE_DIR": cache.path]
        let first = try SVCFit.run(Self.ask, environment: environment)
        let snapshot = try #require(Self.snapshots(in: cache).first)
        let bytes = [UInt8](try Data(contentsOf: snapshot))
        let fingerprint = try SnapshotReader(bytes, from: 12).read(UInt64.self)
        let engine = try KnowledgeSnapshot.decode(bytes, fingerprint: fingerprint)
        let knowledge = SnapshotWriter()
        engine.knowledge.write(to: knowledge)
        // The matcher follows the knowledge base: seven counts and the byte classes, then the rows.
        let firstTransition = KnowledgeSnapshot.headerLength + knowledge.bytes.count + 7 * 4 + 256
        var payload = Array(bytes[KnowledgeSnapshot.headerLength...])
        withUnsafeBytes(of: Int32.max.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { payload[firstTransition - KnowledgeSnapshot.headerLength + index] = byte }
        }
        let tampered = KnowledgeSnapshot.sealed(payload, fingerprint: fingerprint)
        try Data(tampered).write(to: snapshot)
        let again = try SVCFit.run(Self.ask, environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == first.stdout)
        #expect(again.stderr.isEmpty)
        #expect([UInt8](try Data(contentsOf: snapshot)) == bytes)
    }
}
