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
    /// Empty stands for one aligned segment from 0 to 0: the text had nothing to fold or collapse
    /// (most short texts), so every byte is where it was and no array need be allocated.
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
        let segment = segment(containing: index)
        guard segment.isAligned else { return Int(segment.originalStart) }
        var position = Int(segment.originalStart) + index - Int(segment.normalizedStart)
        while position > 0, utf8[position] & 0xC0 == 0x80 { position -= 1 }
        return position
    }

    /// Where the original character behind normalised byte `index` ends.
    func originEnd(_ index: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Int {
        let segment = segment(containing: index)
        guard segment.isAligned else { return Int(segment.originalEnd) }
        var position = Int(segment.originalStart) + index - Int(segment.normalizedStart) + 1
        while position < utf8.count, utf8[position] & 0xC0 == 0x80 { position += 1 }
        return position
    }

    @inline(__always) private func segment(containing index: Int) -> Segment {
        segments.isEmpty ? Segment(normalizedStart: 0, originalStart: 0, originalEnd: -1) : segments[segmentIndex(containing: index)]
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
    /// The bytes go straight into the result's storage; `overflowed` says it was too small.
    private struct Output {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0
        var overflowed = false
        /// Empty while the only segment is the aligned one from 0 to 0 (`NormalizedText` reads
        /// that as no segments); it is written out as soon as another follows.
        var segments: [NormalizedText.Segment] = []
        var identitySegmentOpen = false
        /// Original offset minus normalised offset in the open aligned segment; `noShift` when the
        /// last segment is not aligned.
        var shift = Output.noShift
        var lastWasSpace = true  // drops leading whitespace
        static let noShift = Int.min

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        @inline(__always) var endsWithSpace: Bool { count > 0 && buffer[count - 1] == 0x20 }

        @inline(__always) private mutating func append(_ byte: UInt8) {
            guard count < buffer.count else {
                overflowed = true
                return
            }
            buffer[count] = byte
            count += 1
        }

        /// A byte that stands one for one for the original byte at `position`.
        @inline(__always) mutating func emitAligned(_ byte: UInt8, at position: Int) {
            if endsWithSpace { joinScripts(before: byte) }
            let shiftHere = position - count
            if shift != shiftHere {
                if count == 0 && position == 0 && segments.isEmpty {
                    identitySegmentOpen = true
                } else {
                    addSegment(.init(normalizedStart: Int32(truncatingIfNeeded: count),
                                     originalStart: Int32(truncatingIfNeeded: position), originalEnd: -1))
                }
                shift = shiftHere
            }
            append(byte)
        }

        /// A byte of what the original character `start..<end` folds into.
        mutating func emitFolded(_ byte: UInt8, _ start: Int, _ end: Int) {
            if endsWithSpace { joinScripts(before: byte) }
            if let last = segments.last, !last.isAligned, Int(last.originalStart) == start, Int(last.originalEnd) == end {
                append(byte)
                return
            }
            addSegment(.init(normalizedStart: Int32(truncatingIfNeeded: count),
                             originalStart: Int32(truncatingIfNeeded: start), originalEnd: Int32(truncatingIfNeeded: end)))
            shift = Output.noShift
            append(byte)
        }

        private mutating func addSegment(_ segment: NormalizedText.Segment) {
            if identitySegmentOpen {
                segments.reserveCapacity(4)
                segments.append(.init(normalizedStart: 0, originalStart: 0, originalEnd: -1))
                identitySegmentOpen = false
            }
            segments.append(segment)
        }

        /// Japanese writers put a space between Latin letters and kana or kanji, or leave it out
        /// (「SQL クエリ」「SQLクエリ」): the space goes, so both spellings meet. English words
        /// still end there, as the next byte is no letter. Between two Japanese characters a
        /// space or a line break means nothing either (Japanese puts no space between words, and
        /// a sentence wrapped across lines is still one sentence), so it goes too.
        private mutating func joinScripts(before byte: UInt8) {
            guard count >= 2 else { return }
            // Before the space: a Latin letter or digit, or the last byte of a three-byte character
            // from U+3000 to U+9FFF; after it, the other, or another such character.
            let latinBefore = TextNormalizer.isASCIIWord(buffer[count - 2]) && TextNormalizer.isJapaneseLead(byte)
            let japaneseBefore = count >= 4 && TextNormalizer.isJapaneseLead(buffer[count - 4])
                && buffer[count - 3] & 0xC0 == 0x80 && buffer[count - 2] & 0xC0 == 0x80
                && (TextNormalizer.isASCIIWord(byte) || TextNormalizer.isJapaneseLead(byte))
            guard latinBefore || japaneseBefore else { return }
            removeTrailingSpace()
        }

        mutating func removeTrailingSpace() {
            count -= 1
            if let last = segments.last, Int(last.normalizedStart) == count { segments.removeLast() }
            if count == 0 { identitySegmentOpen = false }
            shift = Output.noShift
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
        // Nearly every character keeps its length or shrinks; one that grows (a ligature, a
        // compatibility sequence) may not fit, and then the text is done again with more room.
        var capacity = utf8.count + 16
        while true {
            var segments: [NormalizedText.Segment] = []
            var complete = false
            // Written into scratch memory (on the stack for a short text) and copied into an array
            // reserved for it: `Array(unsafeUninitializedCapacity:)` looks up the array's type
            // metadata in the runtime on every call, which cost more than the copy.
            var bytes: [UInt8] = []
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                var output = Output(buffer)
                write(utf8, original: text, to: &output)
                complete = !output.overflowed
                segments = output.segments
                if complete {
                    bytes.reserveCapacity(output.count)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<output.count]))
                }
            }
            if complete { return NormalizedText(original: text, bytes: bytes, segments: segments) }
            capacity *= 4
        }
    }

    private static func write(_ utf8: UnsafeBufferPointer<UInt8>, original text: String, to output: inout Output) {
        let count = utf8.count
        // Local copies: each use of a static table would otherwise check that it is initialised.
        let asciiTable = Self.asciiTable, runBytes = Self.runBytes, runKana = Self.runKana
        var tabledFoldings: [Folding] = [], tabledKeepsCharacter: [Bool] = []
        var position = 0
        while position < count && !output.overflowed {
            let runEnd = runBytes.withUnsafeBufferPointer {
                copyRun(utf8, from: position, to: &output, runBytes: $0.baseAddress!, kana: runKana)
            }
            if runEnd > position {
                position = runEnd
                continue
            }
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
                if tabledFoldings.isEmpty && !Self.isIdentity(scalar) {
                    (tabledFoldings, tabledKeepsCharacter) = (Self.tabledFoldings, Self.tabledKeepsCharacter)
                }
                if Self.isIdentity(scalar) {
                    output.lastWasSpace = false
                    for offset in 0..<length { output.emitAligned(utf8[position + offset], at: position + offset) }
                    position += length
                    continue
                }
                if let index = Self.tabledIndex(scalar) {
                    if tabledKeepsCharacter[index] {
                        // 。、「」 and the like: NFKC leaves them alone, so they need no segment.
                        output.lastWasSpace = false
                        for offset in 0..<length { output.emitAligned(utf8[position + offset], at: position + offset) }
                    } else {
                        output.apply(tabledFoldings[index], position, position + length)
                    }
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
        if output.endsWithSpace { output.removeTrailingSpace() }
    }

    /// Most text is runs of characters that stay as they are byte for byte (ASCII letters, digits,
    /// punctuation, single spaces, kana, kanji): copies such a run into the open aligned segment
    /// and returns where it stops, which is `position` when it cannot start here. It stops short
    /// of anything the general loop must see: whitespace to collapse, a space Latin and Japanese
    /// could join across, a character that folds, and a character that forms one cluster with
    /// the next (checked once, where the run stops, by taking its last character back).
    @inline(__always) private static func copyRun(_ utf8: UnsafeBufferPointer<UInt8>, from position: Int, to output: inout Output,
                                                  runBytes: UnsafePointer<Int16>, kana: SIMD4<UInt64>) -> Int {
        guard output.shift == position - output.count else { return position }
        let buffer = output.buffer, count = utf8.count
        // Bytes copied one for one keep the distance between source and target, so one bound
        // on the source keeps the target inside the buffer too, and one index serves both.
        let limit = min(count, buffer.count + position - output.count)
        guard position < limit, let text = utf8.baseAddress, let base = buffer.baseAddress else { return position }
        let targetOffset = output.count - position
        let out = base + targetOffset  // out[source] is where the byte from text[source] goes
        var source = position
        var lastLength = 0
        run: while source < limit {
            let byte = text[source]
            let folded = runBytes[Int(byte)]
            if folded >= 0 {
                // A Latin letter right after "Japanese, space" may take that space away.
                let target = source &+ targetOffset
                if target >= 2 && base[target - 1] == 0x20 && base[target - 2] >= 0x80 { break }
                out[source] = UInt8(truncatingIfNeeded: folded)
                lastLength = 1
                source &+= 1
                // The rest of the word, and single spaces between ASCII words, need no check but
                // the bound: what precedes such a space is ASCII, so no script join is in reach.
                while source < limit {
                    let next = runBytes[Int(text[source])]
                    if next < 0 {
                        guard next == Self.asciiWhitespace else { continue run }
                        guard text[source] == 0x20, out[source - 1] != 0x20 else { break run }
                    }
                    out[source] = UInt8(truncatingIfNeeded: next < 0 ? 0x20 : next)
                    source &+= 1
                }
            } else if folded == Self.asciiWhitespace {
                let lastWasSpace = source > position ? out[source - 1] == 0x20 : output.lastWasSpace
                guard byte == 0x20 && !lastWasSpace else { break }
                out[source] = 0x20
                lastLength = 1
                source &+= 1
            } else if byte >= 0xE3 && byte <= 0xE9 && source + 3 <= limit {
                // Three bytes, U+3000 to U+9FFF; a space before one may go (Latin, space, Japanese).
                let target = source &+ targetOffset
                if target >= 2 && base[target - 1] == 0x20 { break }
                var lead = byte
                repeat {
                    let second = text[source &+ 1], third = text[source &+ 2]
                    // From 0xE5 on, every character is a CJK ideograph (U+5000 to U+9FFF).
                    if lead < 0xE5 {
                        guard copiesAsIs(lead, second, third, kana: kana) else { break run }
                    }
                    out[source] = lead
                    out[source &+ 1] = second
                    out[source &+ 2] = third
                    lastLength = 3
                    source &+= 3
                    guard source &+ 3 <= limit else { break }
                    lead = text[source]
                } while lead >= 0xE3 && lead <= 0xE9
            } else {
                break
            }
        }
        if lastLength > 0 && !startsCluster(utf8, at: source) { source -= lastLength }
        // Whatever this run wrote is in the buffer, so its last byte says whether it was a space.
        if source > position { output.lastWasSpace = out[source - 1] == 0x20 }
        output.count = source + targetOffset
        return source
    }

    /// Whether the character of three bytes led by 0xE3 or 0xE4 (U+3000 to U+4FFF) may stand in
    /// a run: kana and ideographs but the combining sound marks, and CJK punctuation `fold`
    /// keeps but the combining tone marks (all in U+3000 to U+30FF, looked up in `kana`).
    @inline(__always) private static func copiesAsIs(_ lead: UInt8, _ second: UInt8, _ third: UInt8, kana: SIMD4<UInt64>) -> Bool {
        // U+4000 to U+4FFF: ideographs but U+4DC0 to U+4DFF, the hexagram symbols.
        if lead == 0xE4 { return second != 0xB7 }
        if second >= 0x90 { return true }  // U+3400 to U+3FFF, ideographs
        if second >= 0x84 { return false }  // U+3100 to U+33FF
        let offset = UInt64(second & 0x03) << 6 | UInt64(third & 0x3F)
        return (kana[Int(offset >> 6)] >> (offset & 63)) & 1 != 0
    }

    /// Bit n set when U+3000 + n may stand in a run: kana but the combining sound marks U+3099
    /// and U+309A, and punctuation that folds to itself but the tone marks U+302A to U+302F, which
    /// join the character before them.
    private static let runKana: SIMD4<UInt64> = {
        var words = SIMD4<UInt64>(repeating: 0)
        for offset in 0..<256 {
            let scalar = UInt32(0x3000 + offset)
            let copies = isIdentity(scalar) ? scalar != 0x3099 && scalar != 0x309A
                : offset < 0x40 && tabledKeepsCharacter[offset] && !(0x2A...0x2F).contains(offset)
            if copies { words[offset >> 6] |= 1 << UInt64(offset & 63) }
        }
        return words
    }()

    /// `asciiTable` over every byte: `asciiWhitespace` for whitespace, `notASCII` from 0x80 on.
    private static let runBytes: [Int16] = (0..<256).map { $0 < 0x80 ? asciiTable[$0] : notASCII }
    private static let asciiWhitespace: Int16 = -1
    private static let notASCII: Int16 = -2

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

    /// Whether a grapheme cluster certainly starts at `position` after a character this
    /// normaliser decides from its bytes (ASCII, kana, CJK ideographs, CJK punctuation, full- and
    /// half-width forms): at the end, or at one of those characters, none of which extends or
    /// joins a cluster except the combining marks left out here (U+3099 and U+309A, the
    /// ideographic tone marks U+302A to U+302F, the half-width sound marks U+FF9E and U+FF9F).
    @inline(__always) static func startsCluster(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        guard position < utf8.count else { return true }
        let byte = utf8[position]
        if byte < 0x80 { return true }
        guard let (scalar, _) = scalar(utf8, at: position) else { return false }
        if isIdentity(scalar) { return scalar != 0x3099 && scalar != 0x309A }
        return tabledIndex(scalar) != nil && !(0x302A...0x302F).contains(scalar) && scalar != 0xFF9E && scalar != 0xFF9F
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
    static let tabledRanges: [ClosedRange<UInt32>] = [0x3000...0x303F, 0xFF00...0xFFEF]
    /// What `tabledFoldings` (written out in TextNormalizerTables.swift) must hold.
    static func computedTabledFoldings() -> [Folding] {
        tabledRanges.flatMap { range in
            range.map { value in Unicode.Scalar(value).map { fold(Character($0)) } ?? .text("") }
        }
    }
    /// Whether `fold` gives back the very character, as it does for 。、「」.
    private static let tabledKeepsCharacter: [Bool] = zip(tabledRanges.flatMap { $0 }, tabledFoldings).map { value, folding in
        guard case let .text(folded) = folding else { return false }
        var scalars = folded.unicodeScalars.makeIterator()
        return scalars.next()?.value == value && scalars.next() == nil
    }

    /// Where a scalar of the CJK punctuation block or the full- and half-width forms stands in the
    /// tables above. Every scalar there is valid, and every one is a character of its own.
    @inline(__always) private static func tabledIndex(_ scalar: UInt32) -> Int? {
        if scalar >= 0x3000 && scalar <= 0x303F { return Int(scalar - 0x3000) }
        if scalar >= 0xFF00 && scalar <= 0xFFEF { return Int(scalar - 0xFF00) + 0x40 }
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
