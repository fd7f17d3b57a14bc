/// Rejects a question whose id an earlier question of the same run already has, in any file: two
/// questions under one id make a report ambiguous, and one of them would be lost from any tool
/// that keys results by id. The first keeps its place; each later one becomes a rejection that
/// points back at it, so the counts still add up.
///
/// This is the one thing `check` keeps for every question, so it decides how memory grows with a
/// streamed bank of millions. A `[String: SourceLocation]` costs about 100 bytes an id, and even
/// flat arrays of id bytes, offsets and places cost 35–60 once the transient copy of a doubling
/// array is counted. Here an id costs about 15 bytes, and nothing is ever copied whole:
///
/// - The ids and their first places go into an append-only log in fixed-size chunks, so it grows
///   without ever moving. Ids in a bank are usually numbered (`gen-41`, `gen-42`, or a path and a
///   line), so each is written as the length it shares with the one before plus the rest, and its
///   place as the step from the one before: a few bytes, not the id's length plus 8. Every
///   `entriesPerBlock`-th entry starts afresh, so any entry is read back by decoding at most that
///   many.
/// - Lookup is by hash in `tableCount` small open-addressing tables rather than one large one:
///   growing one of them holds an old and a new copy of only that table, a small fraction of the
///   whole, instead of the 1.5× peak of a single table that doubles.
///
/// A hash match is always confirmed against the id read back from the log, so two different ids
/// are never taken for one.
public struct DuplicateQuestionIDs: Sendable {
    static let tableCount = 256
    static let entriesPerBlock = 16
    static let initialCapacity = 16

    /// Linear probing. Slot `i` is empty when `entries[i] == 0`, else it holds entry number + 1;
    /// `tags[i]` is 8 more bits of that id's hash, so most slots that hold another id are passed
    /// over without reading it back from the log.
    private struct Table: Sendable {
        var entries: [UInt32]
        var tags: [UInt8]
        var count = 0

        init(capacity: Int) {
            entries = [UInt32](repeating: 0, count: capacity)
            tags = [UInt8](repeating: 0, count: capacity)
        }
    }

    private var tables: [Table]
    /// The log; byte `offset` lives at `chunks[offset / chunkSize][offset % chunkSize]`.
    private var chunks: [[UInt8]] = []
    private let chunkSize: Int
    private var logSize = 0
    /// Where each block of `entriesPerBlock` entries starts in the log.
    private var blockStarts: [Int] = []
    private var entryCount = 0
    /// The entry written last, which the next is written against.
    private var lastID: [UInt8] = []
    private var lastLine = 0
    private var lastFile = 0
    /// One entry's bytes before they go into the log; kept to reuse its storage.
    private var encoded: [UInt8] = []
    private var files: [String] = []
    private var fileNumbers: [String: Int] = [:]

    private let hash: @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64

    public init() {
        self.init(hash: Self.standardHash)
    }

    /// With another hash (tests pass a poor one to make every id collide) or small chunks (so
    /// tests cross chunk boundaries with few ids).
    init(hash: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64, chunkSize: Int = 1 << 16) {
        self.hash = hash
        self.chunkSize = max(1, chunkSize)
        tables = Array(repeating: Table(capacity: Self.initialCapacity), count: Self.tableCount)
    }

    /// The number of distinct ids seen so far.
    public var count: Int { entryCount }

    /// Bytes held for the ids, for tests that keep the per-id cost in check.
    var bytesHeld: Int {
        let tableBytes = tables.reduce(0) { $0 + $1.entries.capacity * 4 + $1.tags.capacity }
        return tableBytes + chunks.reduce(0) { $0 + $1.capacity } + blockStarts.capacity * 8
    }

    public mutating func filter(_ items: [BankItem]) -> [BankItem] {
        items.map { item in
            guard case let .question(question) = item else { return item }
            let location = question.location ?? SourceLocation(file: "?", line: 1, column: 1)
            if let first = firstPlace(of: question.id, else: location) {
                return .rejected(id: question.id, location: location,
                                 reason: "duplicate question id `\(question.id)`, first used at \(first); give each question its own id")
            }
            return item
        }
    }

    /// The place `id` was first seen, or nil when it is new (and is then remembered at `location`).
    private mutating func firstPlace(of id: String, else location: SourceLocation) -> SourceLocation? {
        var id = id
        return id.withUTF8 { bytes in
            let hash = hash(bytes)
            let table = Int(truncatingIfNeeded: hash >> 56)
            let tag = UInt8(truncatingIfNeeded: hash >> 48)
            let capacity = tables[table].entries.count
            var slot = Self.home(hash, capacity: capacity)
            var decoded: [UInt8] = []
            while tables[table].entries[slot] != 0 {
                if tables[table].tags[slot] == tag {
                    let entry = Int(tables[table].entries[slot]) - 1
                    let place = decode(entry, into: &decoded)
                    if decoded.elementsEqual(bytes) {
                        return SourceLocation(file: files[place.file], line: place.line, column: place.column)
                    }
                }
                slot = slot + 1 == capacity ? 0 : slot + 1
            }
            // Past 4 billion distinct ids the entry number no longer fits its slot; stop
            // remembering rather than mistake one id for another.
            guard entryCount < Int(UInt32.max) - 1 else { return nil }
            append(bytes, at: location)
            tables[table].entries[slot] = UInt32(entryCount)
            tables[table].tags[slot] = tag
            tables[table].count += 1
            if tables[table].count * 4 > capacity * 3 { grow(table) }
            return nil
        }
    }

    /// Swift's Hasher: seeded once per process, so a bank cannot be written to collide.
    static func standardHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    /// The first slot to look at: the low 32 bits of the hash scaled to the capacity, which need
    /// not be a power of two. The table number and the tag come from the high bits.
    private static func home(_ hash: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: ((hash & 0xFFFF_FFFF) &* UInt64(capacity)) >> 32)
    }

    /// Grows one table by half and puts its entries back, reading each id from the log to hash it
    /// again. Half, not double: only this table is copied, so growing often costs little, and the
    /// tables stay fuller (between 1/2 and 3/4) than doubling would leave them.
    private mutating func grow(_ table: Int) {
        let old = tables[table]
        tables[table] = Table(capacity: old.entries.count + old.entries.count / 2)
        tables[table].count = old.count
        let capacity = tables[table].entries.count
        var decoded: [UInt8] = []
        for (slot, stored) in old.entries.enumerated() where stored != 0 {
            _ = decode(Int(stored) - 1, into: &decoded)
            var target = Self.home(decoded.withUnsafeBufferPointer(hash), capacity: capacity)
            while tables[table].entries[target] != 0 { target = target + 1 == capacity ? 0 : target + 1 }
            tables[table].entries[target] = stored
            tables[table].tags[target] = old.tags[slot]
        }
    }

    // MARK: The log

    /// Writes entry `entryCount` and counts it. An entry is: the line as a step from the entry
    /// before (zigzag, so a step back costs no more than one forward) with a flag for "another
    /// file", that file's number if so, the column, the length of the id's prefix shared with the
    /// entry before, and the length and bytes of the rest.
    private mutating func append(_ id: UnsafeBufferPointer<UInt8>, at location: SourceLocation) {
        if entryCount % Self.entriesPerBlock == 0 {
            blockStarts.append(logSize)
            lastID.removeAll(keepingCapacity: true)
            lastLine = 0
            lastFile = 0
        }
        let file = number(of: location.file)
        var shared = 0
        while shared < min(lastID.count, id.count), lastID[shared] == id[shared] { shared += 1 }
        encoded.removeAll(keepingCapacity: true)
        Self.appendVarint(Self.zigzag(location.line &- lastLine), flag: file != lastFile, to: &encoded)
        if file != lastFile { Self.appendVarint(UInt64(file), to: &encoded) }
        Self.appendVarint(Self.zigzag(location.column), to: &encoded)
        Self.appendVarint(UInt64(shared), to: &encoded)
        Self.appendVarint(UInt64(id.count - shared), to: &encoded)
        encoded.append(contentsOf: id[shared...])
        write(encoded)
        lastID.removeSubrange(shared...)
        lastID.append(contentsOf: id[shared...])
        lastLine = location.line
        lastFile = file
        entryCount += 1
    }

    private mutating func write(_ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            if logSize % chunkSize == 0 {
                var chunk: [UInt8] = []
                chunk.reserveCapacity(chunkSize)
                chunks.append(chunk)
            }
            let room = chunkSize - logSize % chunkSize
            let piece = min(room, bytes.count - written)
            chunks[chunks.count - 1].append(contentsOf: bytes[written..<(written + piece)])
            written += piece
            logSize += piece
        }
    }

    /// Reads entry `entry` back: its id into `id`, and its place.
    private func decode(_ entry: Int, into id: inout [UInt8]) -> (file: Int, line: Int, column: Int) {
        var offset = blockStarts[entry / Self.entriesPerBlock]
        var line = 0, file = 0, column = 0
        id.removeAll(keepingCapacity: true)
        for _ in 0...(entry % Self.entriesPerBlock) {
            let (step, otherFile) = readVarintWithFlag(at: &offset)
            line = line &+ Self.unzigzag(step)
            if otherFile { file = Int(truncatingIfNeeded: readVarint(at: &offset)) }
            column = Self.unzigzag(readVarint(at: &offset))
            let shared = Int(truncatingIfNeeded: readVarint(at: &offset))
            let rest = Int(truncatingIfNeeded: readVarint(at: &offset))
            id.removeSubrange(shared...)
            for _ in 0..<rest { id.append(byte(at: &offset)) }
        }
        return (file, line, column)
    }

    private func byte(at offset: inout Int) -> UInt8 {
        defer { offset += 1 }
        return chunks[offset / chunkSize][offset % chunkSize]
    }

    /// Seven bits a byte, low first; the high bit says another byte follows.
    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: value & 0x7F) | (value > 0x7F ? 0x80 : 0))
            value >>= 7
        } while value != 0
    }

    private func readVarint(at offset: inout Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = byte(at: &offset)
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A varint with a flag in its first byte (which then holds six bits of the value), so the
    /// usual entry, in the same file as the one before, spends no byte on the file.
    private static func appendVarint(_ value: UInt64, flag: Bool, to bytes: inout [UInt8]) {
        let rest = value >> 6
        bytes.append(UInt8(truncatingIfNeeded: value & 0x3F) | (flag ? 0x40 : 0) | (rest != 0 ? 0x80 : 0))
        if rest != 0 { appendVarint(rest, to: &bytes) }
    }

    private func readVarintWithFlag(at offset: inout Int) -> (value: UInt64, flag: Bool) {
        let first = byte(at: &offset)
        var value = UInt64(first & 0x3F)
        if first & 0x80 != 0 { value |= readVarint(at: &offset) << 6 }
        return (value, first & 0x40 != 0)
    }

    private static func zigzag(_ value: Int) -> UInt64 {
        UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1))))
    }

    private static func unzigzag(_ value: UInt64) -> Int {
        Int(truncatingIfNeeded: Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1))
    }

    private mutating func number(of file: String) -> Int {
        if let number = fileNumbers[file] { return number }
        files.append(file)
        fileNumbers[file] = files.count - 1
        return files.count - 1
    }
}
