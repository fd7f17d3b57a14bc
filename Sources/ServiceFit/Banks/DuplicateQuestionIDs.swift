#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rejects a question whose id an earlier question of the same run already has, in any file: two
/// questions under one id make a report ambiguous, and one of them would be lost from any tool
/// that keys results by id. The first keeps its place; each later one becomes a rejection that
/// points back at it, so the counts still add up.
///
/// A streamed bank can hold millions of questions, so the ids are kept compactly rather than as a
/// `[String: SourceLocation]` (about 100 bytes an id once the dictionary has grown, half again
/// while it grows): the bytes of every distinct id one after another in one array, where each
/// entry ends, its first place packed into 8 bytes, and an open-addressing table of 8-byte slots.
/// That is about 30 bytes plus the id's own length for each id. A hash match is always confirmed
/// against the stored bytes, so two different ids are never taken for one.
public struct DuplicateQuestionIDs: Sendable {
    /// Linear probing. 0 is an empty slot; otherwise the upper 32 bits of the id's hash, to skip
    /// most byte comparisons, and the entry's number + 1 in the lower 32.
    private var slots = [UInt64](repeating: 0, count: 1024)
    /// The UTF-8 bytes of every distinct id, one after another; entry `i` ends at `idEnds[i]`.
    private var idBytes: [UInt8] = []
    private var idEnds: [Int] = []
    /// Where each entry was first seen.
    private var places: [Place] = []
    private var files: [String] = []
    private var fileNumbers: [String: Int] = [:]
    /// Places too large to pack (a line past 4 billion, a column past 65,535, a 65,535th file).
    private var unusualPlaces: [Int: SourceLocation] = [:]

    /// A place in 8 bytes; `file == .max` means "see `unusualPlaces`".
    private struct Place {
        var line: UInt32
        var column: UInt16
        var file: UInt16
    }

    private let hash: @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64

    public init() {
        self.init(hash: Self.standardHash)
    }

    /// With another hash: tests pass a poor one to make every id collide.
    init(hash: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> UInt64) {
        self.hash = hash
    }

    /// The number of distinct ids seen so far.
    public var count: Int { idEnds.count }

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
            let tag = hash >> 32
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                let entry = Int(slots[slot] & 0xFFFF_FFFF) - 1
                if slots[slot] >> 32 == tag, stored(entry, equals: bytes) { return place(of: entry) }
                slot = (slot + 1) & mask
            }
            // Past 4 billion distinct ids the entry number no longer fits its slot; stop
            // remembering rather than mistake one id for another.
            guard idEnds.count < Int(UInt32.max) - 1 else { return nil }
            let entry = idEnds.count
            idBytes.append(contentsOf: bytes)
            idEnds.append(idBytes.count)
            places.append(pack(location, entry: entry))
            slots[slot] = tag << 32 | UInt64(entry + 1)
            if idEnds.count * 4 > slots.count * 3 { grow() }
            return nil
        }
    }

    /// Swift's Hasher: seeded once per process, so a bank cannot be written to collide.
    private static func standardHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    private func idBytes(of entry: Int) -> ArraySlice<UInt8> {
        idBytes[(entry == 0 ? 0 : idEnds[entry - 1])..<idEnds[entry]]
    }

    private func stored(_ entry: Int, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = entry == 0 ? 0 : idEnds[entry - 1]
        guard idEnds[entry] - start == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return idBytes.withUnsafeBufferPointer { stored in
            stored.baseAddress.map { memcmp($0 + start, base, bytes.count) == 0 } ?? false
        }
    }

    /// Doubles the table and puts every entry back (hashing its stored bytes again).
    private mutating func grow() {
        var grown = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for entry in idEnds.indices {
            let hash = idBytes(of: entry).withUnsafeBufferPointer(hash)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = (hash >> 32) << 32 | UInt64(entry + 1)
        }
        slots = grown
    }

    private mutating func pack(_ location: SourceLocation, entry: Int) -> Place {
        let file: Int
        if let number = fileNumbers[location.file] {
            file = number
        } else {
            file = files.count
            files.append(location.file)
            fileNumbers[location.file] = file
        }
        guard (0..<Int(UInt16.max)).contains(file), (0...Int(UInt32.max)).contains(location.line),
              (0...Int(UInt16.max)).contains(location.column) else {
            unusualPlaces[entry] = location
            return Place(line: 0, column: 0, file: .max)
        }
        return Place(line: UInt32(location.line), column: UInt16(location.column), file: UInt16(file))
    }

    private func place(of entry: Int) -> SourceLocation {
        let place = places[entry]
        if place.file == .max, let location = unusualPlaces[entry] { return location }
        return SourceLocation(file: files[Int(place.file)], line: Int(place.line), column: Int(place.column))
    }
}
