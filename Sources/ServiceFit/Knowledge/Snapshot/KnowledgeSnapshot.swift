/// A knowledge base compiled once — read, validated, its text reader built — kept as bytes, so
/// that the next start skips YAML, validation and the automaton. Most of a cold `svcfit ask` is
/// that work; reading a snapshot back is a small part of it.
///
/// A snapshot is only as good as its fingerprint: a hash of the snapshot format, of whatever the
/// caller says identifies its build (`salt`), of the input limits and of every rule file's path
/// and text. Change any of them and the old snapshot no longer matches and is not used. The
/// payload carries its own checksum, so a damaged file is refused rather than half read.
/// Where snapshots are kept, and whether at all, is the caller's decision.
public enum KnowledgeSnapshot {
    /// Bumped whenever the layout of the snapshot or of the values in it changes.
    public static let formatVersion: UInt32 = 16
    private static let magic = Array("SVCFSNAP".utf8)

    public enum Failure: Error, Equatable, Sendable {
        /// Not a snapshot at all, or one of another format version.
        case notASnapshot
        /// A snapshot of other rules, limits or another build.
        case stale
        /// The checksum or the structure of the payload does not hold.
        case damaged(String)
    }

    public static func fingerprint(of files: [SourceFile], limits: InputLimits, salt: String) -> UInt64 {
        fingerprint(ofRuleBytes: files.map { ($0.path, Array($0.text.utf8)) }, limits: limits, salt: salt)
    }

    /// The same fingerprint from the files' bytes as read, so a cached snapshot can be found
    /// before any rule file is decoded as text (decoding them was a tenth of a cold start).
    public static func fingerprint(ofRuleBytes files: [(path: String, bytes: [UInt8])], limits: InputLimits, salt: String) -> UInt64 {
        var hash = FNV1a()
        hash.add(formatVersion)
        hash.add(salt)
        hash.add(UInt64(limits.maxInputBytes))
        hash.add(UInt64(limits.maxDepth))
        hash.add(UInt64(limits.maxAliases))
        hash.add(UInt64(files.count))
        for file in files {
            hash.add(file.path)
            hash.add(UInt64(file.bytes.count))
            // A byte at a time, FNV-1a over the rule files took a tenth of a cached start.
            hash.add(file.bytes.withUnsafeBytes { PayloadChecksum.of($0) })
        }
        return hash.value
    }

    /// The engine's knowledge and text reader as snapshot bytes.
    public static func encode(_ engine: Engine, fingerprint: UInt64) -> [UInt8] {
        let payload = SnapshotWriter()
        engine.knowledge.write(to: payload)
        engine.reader.write(to: payload)
        return sealed(payload.bytes, fingerprint: fingerprint)
    }

    /// Magic, format version, fingerprint, payload checksum and length.
    static let headerLength = 8 + 4 + 8 + 8 + 8

    /// The payload behind its header: what `decode` checks before it reads a value.
    static func sealed(_ payload: [UInt8], fingerprint: UInt64) -> [UInt8] {
        let header = SnapshotWriter(capacity: headerLength)
        magic.withUnsafeBytes { header.appendRaw($0) }
        header.write(formatVersion)
        header.write(fingerprint)
        header.write(payload.withUnsafeBytes { PayloadChecksum.of($0) })
        header.write(UInt64(payload.count))
        return header.bytes + payload
    }

    /// The engine a snapshot holds, if it is a whole snapshot made with this `fingerprint`.
    public static func decode(_ bytes: [UInt8], fingerprint: UInt64) throws(Failure) -> Engine {
        let decoded = bytes.withUnsafeBytes { raw in Result { () throws(Failure) -> Engine in try decode(raw, fingerprint: fingerprint) } }
        return try decoded.get()
    }

    /// The same from bytes the caller holds (a mapped file, say), which need to stay valid only
    /// for the call: the engine copies out everything it keeps. `releasing` is called with each
    /// stretch of `bytes` the decoder has copied out and will not read again, in order, so that a
    /// caller holding a mapping can return those pages while the rest is decoded.
    public static func decode(_ bytes: UnsafeRawBufferPointer, fingerprint: UInt64,
                              releasing: ((UnsafeRawBufferPointer) -> Void)? = nil) throws(Failure) -> Engine {
        let reader = SnapshotReader(borrowing: bytes, releasing: releasing)
        do {
            guard Array(try reader.readBytes(magic.count)) == magic, try reader.read(UInt32.self) == formatVersion else {
                throw Failure.notASnapshot
            }
            guard try reader.read(UInt64.self) == fingerprint else { throw Failure.stale }
            let expectedChecksum = try reader.read(UInt64.self)
            let length = try reader.read(UInt64.self)
            guard length == UInt64(bytes.count - reader.position) else { throw Failure.damaged("the payload is cut short or too long") }
            let checksum = PayloadChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[reader.position...]))
            guard checksum == expectedChecksum else { throw Failure.damaged("the payload's checksum does not match") }
            let knowledge = try KnowledgeBase(snapshot: reader)
            reader.releaseConsumed()
            let textReader = try TextReader(snapshot: reader)
            reader.releaseConsumed()
            guard reader.isAtEnd else { throw Failure.damaged("bytes are left over after the payload") }
            return Engine(knowledge: knowledge, reader: textReader)
        } catch let failure as Failure {
            throw failure
        } catch SnapshotError.truncated {
            throw Failure.damaged("the snapshot ends too early")
        } catch {
            throw Failure.damaged("\(error)")
        }
    }
}

/// The payload's checksum. FNV-1a a byte at a time took as long as reading the rest of a
/// snapshot; this takes eight bytes per step in four independent lanes, so the steps overlap.
/// Every step is a bijection of its lane (xor, then multiplication by an odd number), and so is
/// folding the lanes together, so any one changed word always changes the result. Like FNV1a,
/// it guards against damage, not against anyone forging a snapshot.
enum PayloadChecksum {
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xCBF2_9CE4_8422_2325, 0x8422_2325_CBF2_9CE4, 0x27D4_EB2F_1656_67C5, 0x1656_67C5_27D4_EB2F)
        let count = bytes.count
        var offset = 0
        if count >= 32 {
            let base = bytes.baseAddress!
            while offset + 32 <= count {
                lanes.0 = (lanes.0 ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
                lanes.1 = (lanes.1 ^ base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* multiplier
                lanes.2 = (lanes.2 ^ base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)) &* multiplier
                lanes.3 = (lanes.3 ^ base.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)) &* multiplier
                offset += 32
            }
        }
        var hash = lanes.0
        for lane in [lanes.1, lanes.2, lanes.3, UInt64(count)] { hash = (hash ^ lane) &* multiplier }
        while offset < count {
            hash = (hash ^ UInt64(bytes[offset])) &* multiplier
            offset += 1
        }
        // The high bits of a product depend on every lower bit; bring them down for the low ones.
        return hash ^ (hash >> 29)
    }
}

/// FNV-1a, 64 bits: quick, simple and the same on every platform. Not a defence against anyone
/// forging a snapshot; a cache under the user's own directory needs none.
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        value = hash
    }

    mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { add($0) } }

    mutating func add(_ text: String) {
        var text = text
        add(UInt64(text.utf8.count))
        text.withUTF8 { add($0) }
    }

    mutating func add<Integer: FixedWidthInteger>(_ number: Integer) {
        withUnsafeBytes(of: number.littleEndian) { add($0.bindMemory(to: UInt8.self)) }
    }
}
