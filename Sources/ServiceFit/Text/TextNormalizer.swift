import Foundation

/// Text after normalisation, as UTF-8 bytes, remembering where each byte came from so that
/// evidence can be quoted from the original text.
///
/// Most normalised bytes are original bytes (ASCII, kana, kanji) or stand one for one for them
/// (upper case, a tab): such runs are kept as one "aligned" segment, an offset between the two
/// texts. Only characters that fold into something of another length (full-width letters,
/// ligatures, collapsed whitespace) get a segment of their own. Places are asked for only where
/// a phrase starts or ends, so this costs little there and saves writing two offsets per byte.
public struct NormalizedText: Sendable {
    public let original: String
    /// Normalised bytes: NFKC, lower case, one space for any run of whitespace.
    public let bytes: [UInt8]
    /// Segments in order of `normalizedStart`; the first starts at 0 whenever there are bytes.
    let segments: [Segment]

    struct Segment: Sendable {
        var normalizedStart: Int32
        var originalStart: Int32
        /// -1 for an aligned segment; else the end of the one original character every byte of
        /// this segment came from.
        var originalEnd: Int32
        var isAligned: Bool { originalEnd < 0 }
    }

    /// The original text behind the normalised byte range.
    public func originalText(_ range: Range<Int>) -> String {
        withOriginalUTF8 { originalText(range, in: $0) }
    }

    /// Runs `body` over the original text's UTF-8, so that many places can be looked up without
    /// going through string indices for each.
    func withOriginalUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = original.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(original.utf8).withUnsafeBufferPointer(body)
    }

    func originalText(_ range: Range<Int>, in utf8: UnsafeBufferPointer<UInt8>) -> String {
        guard !range.isEmpty, range.upperBound <= bytes.count else { return "" }
        let start = originStart(range.lowerBound, in: utf8), end = originEnd(range.upperBound - 1, in: utf8)
        return String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self)
    }

    /// The UTF-8 offset in the original text where the normalised byte `index` came from.
    public func originalOffset(_ index: Int) -> Int {
        index < bytes.count ? withOriginalUTF8 { originStart(index, in: $0) } : original.utf8.count
    }

    public func originalEndOffset(_ index: Int) -> Int {
        index > 0 && index <= bytes.count ? withOriginalUTF8 { originEnd(index - 1, in: $0) } : 0
    }

    /// Where the original character behind normalised byte `index` starts.
    func originStart(_ index: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Int {
        let segment = segments[segmentIndex(containing: index)]
        guard segment.isAligned else { return Int(segment.originalStart) }
        var position = Int(segment.originalStart) + index - Int(segment.normalizedStart)
        while position > 0, utf8[position] & 0xC0 == 0x80 { position -= 1 }
        return position
    }

    /// Where the original character behind normalised byte `index` ends.
    func originEnd(_ index: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Int {
        let segment = segments[segmentIndex(containing: index)]
        guard segment.isAligned else { return Int(segment.originalEnd) }
        var position = Int(segment.originalStart) + index - Int(segment.normalizedStart) + 1
        while position < utf8.count, utf8[position] & 0xC0 == 0x80 { position += 1 }
        return position
    }

    private func segmentIndex(containing index: Int) -> Int {
        var low = 0, high = segments.count
        while high - low > 1 {
            let middle = (low + high) >> 1
            if Int(segments[middle].normalizedStart) <= index { low = middle } else { high = middle }
        }
        return low
    }

    /// Every byte's origin, for tests that compare against the per-character rules.
    var originStarts: [Int32] { withOriginalUTF8 { utf8 in bytes.indices.map { Int32(originStart($0, in: utf8)) } } }
    var originEnds: [Int32] { withOriginalUTF8 { utf8 in bytes.indices.map { Int32(originEnd($0, in: utf8)) } } }
}

public enum TextNormalizer {
    /// Normalises text the same way for rule phrases and for scenario text, so they meet.
    public static func normalize(_ text: String) -> String {
        String(decoding: normalizeWithOrigins(text).bytes, as: UTF8.self)
    }

    /// Walks the UTF-8 bytes and decides most characters from their bytes alone: ASCII, kana, CJK
    /// ideographs and the CJK and full-width punctuation blocks (from a table filled once by the
    /// same rules). Only a character that could join its neighbour into one grapheme cluster, or
    /// that lies outside those blocks, goes through `Character` and Foundation.
    public static func normalizeWithOrigins(_ text: String) -> NormalizedText {
        var copy = text
        return copy.withUTF8 { utf8 in normalize(utf8, original: text) }
    }

    /// The normalised bytes being written and the segments that place them. A struct with
    /// mutating methods rather than closures over local variables: captured variables live in
    /// boxes whose every access the runtime checks for exclusivity, which cost more than the work.
    private struct Output {
        var bytes: [UInt8] = []
        var segments: [NormalizedText.Segment] = []
        /// Original offset minus normalised offset in the open aligned segment; nil when the last
        /// segment is not aligned.
        var shift: Int?
        var lastWasSpace = true  // drops leading whitespace

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        /// A byte that stands one for one for the original byte at `position`.
        @inline(__always) mutating func emitAligned(_ byte: UInt8, at position: Int) {
            if bytes.last == 0x20 { joinScripts(before: byte) }
            let shiftHere = position - bytes.count
            if shift != shiftHere {
                segments.append(.init(normalizedStart: Int32(truncatingIfNeeded: bytes.count),
                                      originalStart: Int32(truncatingIfNeeded: position), originalEnd: -1))
                shift = shiftHere
            }
            bytes.append(byte)
        }

        /// A byte of what the original character `start..<end` folds into.
        mutating func emitFolded(_ byte: UInt8, _ start: Int, _ end: Int) {
            if bytes.last == 0x20 { joinScripts(before: byte) }
            if let last = segments.last, !last.isAligned, Int(last.originalStart) == start, Int(last.originalEnd) == end {
                bytes.append(byte)
                return
            }
            segments.append(.init(normalizedStart: Int32(truncatingIfNeeded: bytes.count),
                                  originalStart: Int32(truncatingIfNeeded: start), originalEnd: Int32(truncatingIfNeeded: end)))
            shift = nil
            bytes.append(byte)
        }

        /// Japanese writers put a space between Latin letters and kana or kanji, or leave it out
        /// (「SQL クエリ」「SQLクエリ」): the space goes, so both spellings meet. English words
        /// still end there, as the next byte is no letter.
        private mutating func joinScripts(before byte: UInt8) {
            let count = bytes.count
            guard count >= 2 else { return }
            // Before the space: a Latin letter or digit, or the last byte of a three-byte character
            // from U+3000 to U+9FFF; after it, the other.
            let latinBefore = TextNormalizer.isASCIIWord(bytes[count - 2]) && TextNormalizer.isJapaneseLead(byte)
            let japaneseBefore = TextNormalizer.isASCIIWord(byte) && count >= 4 && TextNormalizer.isJapaneseLead(bytes[count - 4])
                && bytes[count - 3] & 0xC0 == 0x80 && bytes[count - 2] & 0xC0 == 0x80
            guard latinBefore || japaneseBefore else { return }
            bytes.removeLast()
            if let last = segments.last, Int(last.normalizedStart) == bytes.count { segments.removeLast() }
            shift = nil
        }

        @inline(__always) mutating func space(_ start: Int, _ end: Int) {
            if !lastWasSpace {
                if end - start == 1 { emitAligned(0x20, at: start) } else { emitFolded(0x20, start, end) }
            }
            lastWasSpace = true
        }

        mutating func folded(_ replacement: String, _ start: Int, _ end: Int) {
            for byte in replacement.utf8 {
                if byte == 0x20 {
                    if lastWasSpace { continue }
                    lastWasSpace = true
                } else {
                    lastWasSpace = false
                }
                emitFolded(byte, start, end)
            }
        }

        mutating func apply(_ folding: Folding, _ start: Int, _ end: Int) {
            switch folding {
            case .whitespace: space(start, end)
            case let .text(replacement):
                lastWasSpace = false
                folded(replacement, start, end)
            }
        }
    }

    private static func normalize(_ utf8: UnsafeBufferPointer<UInt8>, original text: String) -> NormalizedText {
        let count = utf8.count
        var output = Output(capacity: count)
        // A local copy: each use of a static table would otherwise check that it is initialised.
        let asciiTable = Self.asciiTable
        var position = 0
        while position < count {
            let byte = utf8[position]
            if byte < 0x80 {
                let nextIsASCII = position + 1 == count || utf8[position + 1] < 0x80
                if nextIsASCII ? byte != 0x0D || position + 1 == count || utf8[position + 1] != 0x0A
                               : Self.startsCluster(utf8, at: position + 1) {
                    let folded = asciiTable[Int(byte)]
                    if folded < 0 {
                        output.space(position, position + 1)
                    } else {
                        output.lastWasSpace = false
                        output.emitAligned(UInt8(folded), at: position)
                    }
                    position += 1
                    continue
                }
            } else if let (scalar, length) = Self.scalar(utf8, at: position), Self.startsCluster(utf8, at: position + length) {
                if Self.isIdentity(scalar) {
                    output.lastWasSpace = false
                    for offset in 0..<length { output.emitAligned(utf8[position + offset], at: position + offset) }
                    position += length
                    continue
                }
                if let folding = Self.tabled(scalar) {
                    output.apply(folding, position, position + length)
                    position += length
                    continue
                }
            }
            // The general case: one whole grapheme cluster, decided as a Character.
            let index = text.utf8.index(text.utf8.startIndex, offsetBy: position)
            let character = text[index]
            let length = character.utf8.count
            output.apply(fold(character), position, position + length)
            position += length
        }
        if output.bytes.last == 0x20 {
            output.bytes.removeLast()
            if let last = output.segments.last, Int(last.normalizedStart) == output.bytes.count { output.segments.removeLast() }
        }
        return NormalizedText(original: text, bytes: output.bytes, segments: output.segments)
    }

    @inline(__always) static func isASCIIWord(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// The first byte of a character from U+3000 to U+9FFF: kana, kanji and CJK punctuation.
    @inline(__always) static func isJapaneseLead(_ byte: UInt8) -> Bool { byte >= 0xE3 && byte <= 0xE9 }

    /// What one character becomes: a space that runs of whitespace collapse into, or text.
    enum Folding: Sendable {
        case whitespace
        case text(String)
    }

    static func fold(_ character: Character) -> Folding {
        if character.isWhitespace { return .whitespace }
        if let ascii = character.asciiValue {
            return .text(String(UnicodeScalar(ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii)))
        }
        return .text(foldedNonASCII(character))
    }

    /// Each ASCII character as `fold` decides it: -1 for whitespace, else the byte it becomes.
    private static let asciiTable: [Int16] = (0..<128).map { value in
        switch fold(Character(Unicode.Scalar(UInt8(value)))) {
        case .whitespace: -1
        case let .text(folded): Int16(folded.utf8.first ?? UInt8(value))
        }
    }

    /// Whether a grapheme cluster certainly starts at `position` whatever came before it: at the
    /// end, at ASCII, kana or a CJK ideograph (none of them extends or joins a cluster; the
    /// combining sound marks U+3099 and U+309A do, so they are left out).
    @inline(__always) private static func startsCluster(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        guard position < utf8.count else { return true }
        let byte = utf8[position]
        if byte < 0x80 { return true }
        guard let (scalar, _) = scalar(utf8, at: position) else { return false }
        return isIdentity(scalar) && scalar != 0x3099 && scalar != 0x309A
    }

    /// Kana and CJK ideographs are already NFKC and caseless, so they stay as they are.
    @inline(__always) private static func isIdentity(_ scalar: UInt32) -> Bool {
        (0x3041...0x30FF).contains(scalar) || (0x4E00...0x9FFF).contains(scalar) || (0x3400...0x4DBF).contains(scalar)
    }

    /// Decodes a well-formed scalar of two to four bytes (a String's UTF-8 always is).
    @inline(__always) private static func scalar(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt32, Int)? {
        let lead = utf8[position]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, position + length <= utf8.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(utf8[position + offset] & 0x3F) }
        return (value, length)
    }

    /// The CJK punctuation block and the full- and half-width forms, each decided once by `fold`
    /// exactly as a single character would be.
    private static let tabledRanges: [ClosedRange<UInt32>] = [0x3000...0x303F, 0xFF00...0xFFEF]
    private static let table: [[Folding]] = tabledRanges.map { range in
        range.map { value in Unicode.Scalar(value).map { fold(Character($0)) } ?? .text("") }
    }

    @inline(__always) private static func tabled(_ scalar: UInt32) -> Folding? {
        for (index, range) in tabledRanges.enumerated() where range.contains(scalar) {
            // Surrogates and unassigned values never reach here from a String; keep the slow path for them anyway.
            guard Unicode.Scalar(scalar) != nil else { return nil }
            return table[index][Int(scalar - range.lowerBound)]
        }
        return nil
    }

    /// Quotes and dashes that NFKC leaves alone but people type interchangeably.
    private static let punctuation: [Character: String] = [
        "\u{2018}": "'", "\u{2019}": "'", "\u{201C}": "\"", "\u{201D}": "\"",
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-",
        "\u{2212}": "-", "\u{3000}": " ",
    ]

    private static func foldedNonASCII(_ character: Character) -> String {
        if let replacement = punctuation[character] { return replacement }
        // Kana and CJK ideographs are already NFKC and caseless: skip Foundation, which is slow.
        let scalars = character.unicodeScalars
        if scalars.count == 1, let value = scalars.first?.value,
           (0x3041...0x30FF).contains(value) || (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) {
            return String(character)
        }
        return String(character).precomposedStringWithCompatibilityMapping.lowercased()
    }
}
