/// Rejects a question whose id an earlier question of the same run already has, in any file: two
/// questions under one id make a report ambiguous, and one of them would be lost from any tool
/// that keys results by id. The first keeps its place; each later one becomes a rejection that
/// points back at it, so the counts still add up.
///
/// This is the one thing `check` keeps for every question, so it decides how memory grows with a
/// streamed bank of millions. A `[String: SourceLocation]` costs about 100 bytes an id, and even
/// flat arrays of id bytes, offsets and places cost 35–60 once the transient copy of a doubling
/// array is counted. Here a numbered id costs about 10 bytes, and nothing is ever copied whole:
///
/// - The ids and their first places go into an append-only log in fixed-size chunks, so it grows
///   without ever moving. Ids in a bank are usually numbered (`gen-41`, `gen-42`, or a path and a
///   line), so each is written as the length it shares with the one before plus the rest, and its
///   place as the step from the one before: three or four bytes, not the id's length plus 8. Every
///   `entriesPerBlock`-th entry starts afresh, so any entry is read back by decoding at most that
///   many.
/// - Lookup is by hash in `tableCount` small open-addressing tables rather than one large one:
///   growing one of them holds an old and a new copy of only that table, a small fraction of the
///   whole, instead of the 1.5× peak of a single table that doubles. So each can grow by half
///   and stay between 1/2 and 3/4 full, where one table that doubles is between 3/8 and 3/4. (By
///   a quarter it stayed fuller, but putting entries back, which reads each id from the log, then
///   came round four times in an id's life instead of twice: 3 % of a whole check.)
///
/// A hash match is always confirmed against the id read back from the log, so two different ids
/// are never taken for one.
public struct DuplicateQuestionIDs: Sendable {
    static let tableCount = 256
    static let entriesPerBlock = 16
    static let initialCapacity = 16

    /// Linear probing. A slot is 0 when empty, else the entry number + 1 in its low `entryBits`
    /// bits and, above them, a tag of the id's hash, so most slots that hold another id are passed
    /// over without reading it back from the log.
    private struct Table: Sendable {
        var slots: [UInt32]
        var count = 0

        init(capacity: Int) {
            slots = [UInt32](repeating: 0, count: capacity)
        }
    }

    private var tables: [Table]
    /// 24 bits of entry number leave 8 for the tag, enough for 16 million ids. Past that the tags
    /// give way to wider entry numbers (`tagBits` becomes 0) and every probe reads its id back:
    /// slower, still exact.
    private var entryBits: Int
    private var tagBits: Int { 32 - entryBits }
    /// The log; byte `offset` lives at `chunks[offset >> chunkBits][offset & chunkMask]` (a
    /// shift, not a division by a size only known at run time, on every byte read back).
    private var chunks: [[UInt8]] = []
    private let chunkBits: Int
    private var chunkSize: Int { 1 << chunkBits }
    private var chunkMask: Int { chunkSize - 1 }
    private var logSize = 0
    /// Where each block of `entriesPerBlock` entries starts in the log.
    private var blockStarts: [Int] = []
    private var entryCount = 0
    /// The entry written last, which the next is written against.
    private var lastID: [UInt8] = []
    private var lastLine = 0
    private var lastFile = 0
    private var lastColumn = 1
    /// One entry's bytes before they go into the log; kept to reuse its storage.
    private var encoded: [UInt8] = []
    private var files: [String] = []
    private var fileNumbers: [String: Int] = [:]

    private let hash: @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64

    public init() {
        self.init(hash: Self.standardHash)
    }

    /// With another hash (tests pass a poor one to make every id collide), small chunks (so tests
    /// cross chunk boundaries with few ids) or fewer entry bits (so tests reach the untagged
    /// slots with few ids).
    init(hash: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64, chunkBits: Int = 16, entryBits: Int = 24) {
        self.hash = hash
        self.chunkBits = min(30, max(0, chunkBits))
        self.entryBits = min(32, max(1, entryBits))
        tables = Array(repeating: Table(capacity: Self.initialCapacity), count: Self.tableCount)
    }

    /// The number of distinct ids seen so far.
    public var count: Int { entryCount }

    /// Bytes held for the ids, for tests that keep the per-id cost in check.
    var bytesHeld: Int {
        let tableBytes = tables.reduce(0) { $0 + $1.slots.capacity * 4 }
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
            let entryMask = UInt32.max >> tagBits
            let tag = UInt32(truncatingIfNeeded: hash >> 24) & ~entryMask
            let capacity = tables[table].slots.count
            var slot = Self.home(hash, capacity: capacity)
            var decoded: [UInt8] = []
            while tables[table].slots[slot] != 0 {
                let stored = tables[table].slots[slot]
                if stored & ~entryMask == tag {
                    let place = decode(Int(stored & entryMask) - 1, into: &decoded)
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
            if UInt32(entryCount) > entryMask {
                dropTags()
                tables[table].slots[slot] = UInt32(entryCount)
            } else {
                tables[table].slots[slot] = tag | UInt32(entryCount)
            }
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

    /// Grows one table by half and puts its entries back, reading each id from the log to
    /// hash it again (in log order, which reads the log front to back rather than at random).
    private mutating func grow(_ table: Int) {
        let entryMask = UInt32.max >> tagBits
        var stored = tables[table].slots.filter { $0 != 0 }
        stored.sort { $0 & entryMask < $1 & entryMask }
        let capacity = tables[table].slots.count + tables[table].slots.count / 2
        tables[table] = Table(capacity: capacity)
        tables[table].count = stored.count
        var decoded: [UInt8] = []
        for value in stored {
            _ = decode(Int(value & entryMask) - 1, into: &decoded)
            var target = Self.home(decoded.withUnsafeBufferPointer(hash), capacity: capacity)
            while tables[table].slots[target] != 0 { target = target + 1 == capacity ? 0 : target + 1 }
            tables[table].slots[target] = value
        }
    }

    /// Gives every slot's tag bits to its entry number: the next entry number needs them.
    private mutating func dropTags() {
        let entryMask = UInt32.max >> tagBits
        for table in tables.indices {
            for slot in tables[table].slots.indices { tables[table].slots[slot] &= entryMask }
        }
        entryBits = 32
    }

    // MARK: The log

    /// Writes entry `entryCount` and counts it. An entry is: the line as a step from the entry
    /// before (zigzag, so a step back costs no more than one forward) with flags for "another
    /// file" and "another column"; that file's number and that column if so; the length of the
    /// id's prefix shared with the entry before and the length of the rest, in one byte when both
    /// are under 15; and the bytes of the rest.
    private mutating func append(_ id: UnsafeBufferPointer<UInt8>, at location: SourceLocation) {
        if entryCount % Self.entriesPerBlock == 0 {
            blockStarts.append(logSize)
            lastID.removeAll(keepingCapacity: true)
            lastLine = 0
            lastFile = 0
            lastColumn = 1
        }
        let file = number(of: location.file)
        var shared = 0
        while shared < min(lastID.count, id.count), lastID[shared] == id[shared] { shared += 1 }
        encoded.removeAll(keepingCapacity: true)
        let rest = id.count - shared
        Self.appendVarint(Self.zigzag(location.line &- lastLine), flags: (file != lastFile, location.column != lastColumn),
                          to: &encoded)
        if file != lastFile { Self.appendVarint(UInt64(file), to: &encoded) }
        if location.column != lastColumn { Self.appendVarint(Self.zigzag(location.column), to: &encoded) }
        if shared < 15, rest < 15 {
            encoded.append(UInt8(shared << 4 | rest))
        } else {
            encoded.append(0xFF)
            Self.appendVarint(UInt64(shared), to: &encoded)
            Self.appendVarint(UInt64(rest), to: &encoded)
        }
        encoded.append(contentsOf: id[shared...])
        write(encoded)
        lastID.removeSubrange(shared...)
        lastID.append(contentsOf: id[shared...])
        lastLine = location.line
        lastFile = file
        lastColumn = location.column
        entryCount += 1
    }

    private mutating func write(_ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            if logSize & chunkMask == 0 {
                var chunk: [UInt8] = []
                chunk.reserveCapacity(chunkSize)
                chunks.append(chunk)
            }
            let room = chunkSize - (logSize & chunkMask)
            let piece = min(room, bytes.count - written)
            chunks[chunks.count - 1].append(contentsOf: bytes[written..<(written + piece)])
            written += piece
            logSize += piece
        }
    }

    /// Reads entry `entry` back: its id into `id`, and its place.
    private func decode(_ entry: Int, into id: inout [UInt8]) -> (file: Int, line: Int, column: Int) {
        var offset = blockStarts[entry / Self.entriesPerBlock]
        var line = 0, file = 0, column = 1
        id.removeAll(keepingCapacity: true)
        for _ in 0...(entry % Self.entriesPerBlock) {
            let (step, otherFile, otherColumn) = readVarintWithFlags(at: &offset)
            line = line &+ Self.unzigzag(step)
            if otherFile { file = Int(truncatingIfNeeded: readVarint(at: &offset)) }
            if otherColumn { column = Self.unzigzag(readVarint(at: &offset)) }
            var shared = 0, rest = 0
            let lengths = byte(at: &offset)
            if lengths == 0xFF {
                shared = Int(truncatingIfNeeded: readVarint(at: &offset))
                rest = Int(truncatingIfNeeded: readVarint(at: &offset))
            } else {
                shared = Int(lengths >> 4)
                rest = Int(lengths & 0xF)
            }
            id.removeSubrange(shared...)
            for _ in 0..<rest { id.append(byte(at: &offset)) }
        }
        return (file, line, column)
    }

    private func byte(at offset: inout Int) -> UInt8 {
        defer { offset += 1 }
        return chunks[offset >> chunkBits][offset & chunkMask]
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

    /// A varint with two flags in its first byte (which then holds five bits of the value), so
    /// the usual entry, in the same file and column as the one before, spends no byte on either.
    private static func appendVarint(_ value: UInt64, flags: (Bool, Bool), to bytes: inout [UInt8]) {
        let rest = value >> 5
        bytes.append(UInt8(truncatingIfNeeded: value & 0x1F) | (flags.0 ? 0x40 : 0) | (flags.1 ? 0x20 : 0) | (rest != 0 ? 0x80 : 0))
        if rest != 0 { appendVarint(rest, to: &bytes) }
    }

    private func readVarintWithFlags(at offset: inout Int) -> (value: UInt64, first: Bool, second: Bool) {
        let first = byte(at: &offset)
        var value = UInt64(first & 0x1F)
        if first & 0x80 != 0 { value |= readVarint(at: &offset) << 5 }
        return (value, first & 0x40 != 0, first & 0x20 != 0)
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
