/// The bytes of a snapshot: values written one after another in a fixed order, with no names,
/// so reading back needs the code that wrote them (the snapshot's format version and the
/// build's fingerprint see to that). It exists to make a cold start cheap, not to exchange data.
///
/// Texts and lists carry a count, optionals a presence flag, integer arrays are copied whole.
/// Reading checks every length against what is left, so a truncated or damaged file is a thrown
/// `SnapshotError`, never a trap.
public enum SnapshotError: Error, Equatable, Sendable {
    case truncated
    case corrupted(String)
}

final class SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1 << 20) {
        bytes.reserveCapacity(capacity)
    }

    func write<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(UInt32(truncatingIfNeeded: utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    func writeList<Element: SnapshotCodable>(_ elements: [Element]) {
        write(UInt32(truncatingIfNeeded: elements.count))
        for element in elements { element.write(to: self) }
    }

    func writeOptional<Value: SnapshotCodable>(_ value: Value?) {
        write(value != nil)
        value?.write(to: self)
    }

    /// Keys in order, so the same knowledge always gives the same bytes.
    func writeDictionary<Value: SnapshotCodable>(_ dictionary: [String: Value]) {
        write(UInt32(truncatingIfNeeded: dictionary.count))
        for key in dictionary.keys.sorted() {
            write(key)
            dictionary[key]?.write(to: self)
        }
    }
    func write(_ value: Double) { write(value.bitPattern) }

    func appendRaw(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    /// A count and the elements' bytes as they lie in memory (little-endian on every platform
    /// Swift runs on today; the format version would change with the byte order).
    func writeArray<Element: FixedWidthInteger>(_ elements: [Element]) {
        write(UInt32(truncatingIfNeeded: elements.count))
        elements.withUnsafeBytes { appendRaw($0) }
    }
}

/// Reads values back from snapshot bytes it does not own: a snapshot is mapped or read by the
/// caller, and every value read is copied out, so nothing read refers to the bytes afterwards.
final class SnapshotReader {
    private let bytes: UnsafeRawBufferPointer
    /// Set when the reader made its own copy of the bytes.
    private let owned: UnsafeMutableRawBufferPointer?
    private(set) var position: Int
    /// Told of each stretch of the borrowed bytes read and copied out for good (see
    /// `releaseConsumed`), so that an owner holding them mapped may give those pages back while
    /// the rest is still being read.
    private let releasing: ((UnsafeRawBufferPointer) -> Void)?
    private var released = 0

    /// Reads `bytes`, which must stay valid for as long as the reader is used.
    init(borrowing bytes: UnsafeRawBufferPointer, from position: Int = 0, releasing: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        self.bytes = bytes
        owned = nil
        self.position = position
        self.releasing = releasing
        released = position
    }

    /// Reads a copy of `bytes`.
    init(_ bytes: [UInt8], from position: Int = 0) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        self.bytes = UnsafeRawBufferPointer(rebasing: copy[0..<bytes.count])
        owned = copy
        self.position = position
        releasing = nil
    }

    /// Everything read so far has been copied out and will not be read again.
    func releaseConsumed() {
        guard let releasing, position > released else { return }
        releasing(UnsafeRawBufferPointer(rebasing: bytes[released..<position]))
        released = position
    }

    deinit { owned?.deallocate() }

    var isAtEnd: Bool { position == bytes.count }

    func read<Integer: FixedWidthInteger>(_: Integer.Type = Integer.self) throws -> Integer {
        let size = MemoryLayout<Integer>.size
        guard bytes.count - position >= size else { throw SnapshotError.truncated }
        let value = bytes.loadUnaligned(fromByteOffset: position, as: Integer.self)
        position += size
        return Integer(littleEndian: value)
    }

    func readCount() throws -> Int {
        let count = Int(try read(UInt32.self))
        // Every element takes at least one byte: a larger count can only be corruption.
        guard count <= bytes.count - position else { throw SnapshotError.truncated }
        return count
    }

    /// A list written by `SnapshotWriter.writeList`.
    func readList<Element: SnapshotCodable>(_: Element.Type = Element.self) throws -> [Element] {
        let count = try readCount()
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try Element(snapshot: self)) }
        return elements
    }

    func readOptional<Value: SnapshotCodable>(_: Value.Type = Value.self) throws -> Value? {
        try readBool() ? try Value(snapshot: self) : nil
    }

    func readDictionary<Value: SnapshotCodable>(_: Value.Type = Value.self) throws -> [String: Value] {
        let count = try readCount()
        var dictionary: [String: Value] = [:]
        dictionary.reserveCapacity(count)
        for _ in 0..<count {
            let key = try readString()
            dictionary[key] = try Value(snapshot: self)
        }
        return dictionary
    }

    /// The next `count` bytes, valid as long as the reader's bytes are.
    func readBytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, bytes.count - position >= count else { throw SnapshotError.truncated }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
    }

    /// How many bytes are left to read.
    var remaining: Int { bytes.count - position }

    /// The next `count` bytes copied straight into memory the caller owns, so a table needs no
    /// array in between.
    func copyBytes(into target: UnsafeMutableRawPointer, count: Int) throws {
        guard count >= 0, bytes.count - position >= count else { throw SnapshotError.truncated }
        guard count > 0 else { return }
        target.copyMemory(from: bytes.baseAddress! + position, byteCount: count)
        position += count
    }

    func readArray<Element: FixedWidthInteger>() throws -> [Element] {
        let count = Int(try read(UInt32.self))
        let raw = try readBytes(count * MemoryLayout<Element>.size)
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            initialized = count
        }
    }

    func readString() throws -> String {
        let count = Int(try read(UInt32.self))
        return String(decoding: try readBytes(count), as: UTF8.self)
    }

    func readBool() throws -> Bool {
        switch try read(UInt8.self) {
        case 0: return false
        case 1: return true
        case let other: throw SnapshotError.corrupted("a flag holds \(other)")
        }
    }

    func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }
}

/// A value that writes itself into a snapshot and reads itself back, field by field in a fixed
/// order. Written by hand rather than through Codable: generic decoding spent more time finding
/// types at run time than reading bytes, which is all a snapshot is for.
protocol SnapshotCodable {
    func write(to writer: SnapshotWriter)
    init(snapshot reader: SnapshotReader) throws
}

extension String: SnapshotCodable {
    func write(to writer: SnapshotWriter) { writer.write(self) }
    init(snapshot reader: SnapshotReader) throws { self = try reader.readString() }
}

extension Int: SnapshotCodable {
    func write(to writer: SnapshotWriter) { writer.write(Int64(self)) }
    init(snapshot reader: SnapshotReader) throws { self = Int(truncatingIfNeeded: try reader.read(Int64.self)) }
}

extension Double: SnapshotCodable {
    func write(to writer: SnapshotWriter) { writer.write(self) }
    init(snapshot reader: SnapshotReader) throws { self = try reader.readDouble() }
}

extension Bool: SnapshotCodable {
    func write(to writer: SnapshotWriter) { writer.write(self) }
    init(snapshot reader: SnapshotReader) throws { self = try reader.readBool() }
}

extension Array: SnapshotCodable where Element: SnapshotCodable {
    func write(to writer: SnapshotWriter) { writer.writeList(self) }
    init(snapshot reader: SnapshotReader) throws { self = try reader.readList() }
}

/// Enums stored by their raw text.
extension SnapshotCodable where Self: RawRepresentable, RawValue == String {
    func write(to writer: SnapshotWriter) { writer.write(rawValue) }
    init(snapshot reader: SnapshotReader) throws {
        let text = try reader.readString()
        guard let value = Self(rawValue: text) else { throw SnapshotError.corrupted("no \(Self.self) named \(text)") }
        self = value
    }
}
