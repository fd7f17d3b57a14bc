import Foundation

/// Text after normalisation, as UTF-8 bytes, remembering where each byte came from so that
/// evidence can be quoted from the original text.
public struct NormalizedText: Sendable {
    public let original: String
    /// Normalised bytes: NFKC, lower case, one space for any run of whitespace.
    public let bytes: [UInt8]
    /// For each normalised byte, the UTF-8 range of the original character it came from.
    let originStart: [Int32]
    let originEnd: [Int32]

    /// The original text behind the normalised byte range.
    public func originalText(_ range: Range<Int>) -> String {
        guard !range.isEmpty, range.upperBound <= bytes.count else { return "" }
        let utf8 = Array(original.utf8)
        let start = Int(originStart[range.lowerBound]), end = Int(originEnd[range.upperBound - 1])
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// The UTF-8 offset in the original text where the normalised byte `index` came from.
    public func originalOffset(_ index: Int) -> Int {
        index < originStart.count ? Int(originStart[index]) : original.utf8.count
    }

    public func originalEndOffset(_ index: Int) -> Int {
        index > 0 && index <= originEnd.count ? Int(originEnd[index - 1]) : 0
    }
}

public enum TextNormalizer {
    /// Normalises text the same way for rule phrases and for scenario text, so they meet.
    public static func normalize(_ text: String) -> String {
        String(decoding: normalizeWithOrigins(text).bytes, as: UTF8.self)
    }

    public static func normalizeWithOrigins(_ text: String) -> NormalizedText {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        bytes.reserveCapacity(text.utf8.count)
        starts.reserveCapacity(text.utf8.count)
        ends.reserveCapacity(text.utf8.count)
        var offset = 0
        var lastWasSpace = true  // drops leading whitespace
        func emit(_ byte: UInt8, _ start: Int, _ end: Int) {
            bytes.append(byte)
            starts.append(Int32(start))
            ends.append(Int32(end))
        }
        for character in text {
            let length = character.utf8.count
            defer { offset += length }
            if character.isWhitespace {
                if !lastWasSpace { emit(0x20, offset, offset + length) }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            if let ascii = character.asciiValue {
                emit(ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii, offset, offset + length)
                continue
            }
            for byte in foldedNonASCII(character).utf8 {
                if byte == 0x20 {
                    if lastWasSpace { continue }
                    lastWasSpace = true
                } else {
                    lastWasSpace = false
                }
                emit(byte, offset, offset + length)
            }
        }
        if bytes.last == 0x20 {
            bytes.removeLast()
            starts.removeLast()
            ends.removeLast()
        }
        return NormalizedText(original: text, bytes: bytes, originStart: starts, originEnd: ends)
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
