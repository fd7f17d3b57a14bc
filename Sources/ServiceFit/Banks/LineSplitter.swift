#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a stream of bytes into lines (at LF, CRLF or a lone CR) and feeds them to a bank reader, so the caller only moves
/// bytes (from a file, a pipe, stdin) and never holds more than one line plus one chunk.
public struct BankStream {
    /// A line longer than this is rejected instead of being held in memory.
    public static let maximumLineLength = 4 << 20

    public let path: String
    private var reader: any BankReader
    private var pending: [UInt8] = []
    private var lineNumber = 0
    private var skippingOverlongLine = false
    /// Set when the file turns out to be UTF-16: it is refused once, not line by line.
    private var refusedEncoding = false
    /// Whether any line so far had more than white space.
    private var sawContent = false

    public init(format: BankFormat, path: String, limits: InputLimits = .default) {
        self.path = path
        self.reader = format.makeReader(path: path, limits: limits)
    }

    /// The lines read so far.
    public var linesRead: Int { lineNumber }

    /// Feeds the next chunk of bytes; returns every entry the complete lines in it finished.
    ///
    /// A line ends at LF, at CRLF, or at a lone CR (classic Mac OS files, and spreadsheets that
    /// still export that way), so line numbers agree with editors and with YAML, which counts the
    /// same three. A CR that is the last byte so far waits for the next chunk, which may start
    /// with the LF of a CRLF.
    public mutating func push(_ bytes: some Collection<UInt8>) -> [BankItem] {
        var items: [BankItem] = []
        // Only the new bytes can hold a line break: rescanning the whole pending line on every
        // chunk made a long line quadratic (a 200 MB file without line breaks took minutes). A CR
        // left at the end by the last chunk is looked at again.
        var searchFrom = pending.last == 13 ? pending.count - 1 : pending.count
        pending.append(contentsOf: bytes)
        var start = 0
        // The first LF at or after `searchFrom` (pending.count: none), kept until the search
        // passes it, so a file of CR-only lines does not rescan the chunk for LF at every line.
        var nextLF = -1
        while searchFrom < pending.count {
            if nextLF < searchFrom { nextLF = Self.first(10, in: pending, from: searchFrom, to: pending.count) ?? pending.count }
            let end: Int, next: Int
            if let cr = Self.first(13, in: pending, from: searchFrom, to: nextLF) {
                guard cr + 1 < pending.count else { break }
                end = cr
                next = cr + 1 == nextLF ? cr + 2 : cr + 1
            } else if nextLF < pending.count {
                end = nextLF
                next = nextLF + 1
            } else {
                break
            }
            items += emit(pending[start..<end])
            start = next
            searchFrom = next
        }
        pending.removeFirst(start)
        if pending.count > Self.maximumLineLength {
            if !skippingOverlongLine {
                items.append(.rejected(id: "\(path):\(lineNumber + 1)", location: SourceLocation(file: path, line: lineNumber + 1, column: 1),
                                       reason: "line is longer than \(Self.maximumLineLength >> 20) MiB"))
            }
            skippingOverlongLine = true
            sawContent = true
            // A CR at the very end may be the line's end (or half a CRLF): keep it for the next chunk.
            let endsInCR = pending.last == 13
            pending.removeAll(keepingCapacity: true)
            if endsInCR { pending.append(13) }
        }
        return items
    }

    /// The index of the first `byte` in `bytes[start..<end]`. memchr: fast even in a debug
    /// build, where a generic search costs tens of nanoseconds a byte.
    private static func first(_ byte: UInt8, in bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The end of the input. A file with nothing but white space in it is one rejection, so an
    /// empty bank is noticed instead of counting as zero questions that all agree.
    public mutating func finish() -> [BankItem] {
        var items: [BankItem] = []
        if !pending.isEmpty || skippingOverlongLine {
            // A CR at the very end ends the last line, as an LF there would.
            items += emit(pending.last == 13 ? pending.dropLast() : pending[...])
            pending = []
        }
        if refusedEncoding { return items }
        items += reader.finish()
        if !sawContent && items.isEmpty {
            items.append(.rejected(id: path, location: SourceLocation(file: path, line: 1, column: 1),
                                   reason: "the file is empty; a bank needs at least one question"))
        }
        return items
    }

    private mutating func emit(_ bytes: ArraySlice<UInt8>) -> [BankItem] {
        lineNumber += 1
        if refusedEncoding { return [] }
        if lineNumber == 1, bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            refusedEncoding = true
            return [.rejected(id: path, location: SourceLocation(file: path, line: 1, column: 1),
                              reason: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8")]
        }
        if skippingOverlongLine {
            skippingOverlongLine = false
            return reader.read(line: "", number: lineNumber)
        }
        var bytes = bytes
        if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if !sawContent { sawContent = bytes.contains { ![9, 10, 13, 32].contains($0) } }
        guard let line = String(validatingUTF8Bytes: bytes) else {
            // The reader sees a blank line in its place, so the rest of the file still reads.
            let location = SourceLocation(file: path, line: lineNumber, column: 1)
            return [.rejected(id: "\(path):\(lineNumber)", location: location, reason: "line is not valid UTF-8")]
                + reader.read(line: "", number: lineNumber)
        }
        return reader.read(line: line, number: lineNumber)
    }
}

extension String {
    /// nil when the bytes are not valid UTF-8 (no replacement characters are invented).
    init?(validatingUTF8Bytes bytes: ArraySlice<UInt8>) {
        // Validates and copies in one pass; comparing a decoded copy byte by byte cost as much
        // as judging a question's options.
        guard let decoded = bytes.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) })
                ?? String(validating: Array(bytes), as: UTF8.self) else { return nil }
        self = decoded
    }
}
