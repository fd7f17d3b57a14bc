import Foundation
import Testing
@testable import ServiceFit

/// The byte-level normaliser must give exactly what the plain per-Character rules give, offsets
/// included, on text that mixes every kind of character it treats specially.
@Suite struct TextNormalizerEquivalenceTests {
    /// The rules as first written: one Character at a time.
    static func reference(_ text: String) -> (bytes: [UInt8], starts: [Int32], ends: [Int32]) {
        var bytes: [UInt8] = [], starts: [Int32] = [], ends: [Int32] = []
        var offset = 0
        var lastWasSpace = true
        func emit(_ byte: UInt8, _ start: Int, _ end: Int) {
            bytes.append(byte); starts.append(Int32(start)); ends.append(Int32(end))
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
            guard case let .text(folded) = TextNormalizer.fold(character) else { continue }
            for byte in folded.utf8 {
                if byte == 0x20 {
                    if lastWasSpace { continue }
                    lastWasSpace = true
                } else {
                    lastWasSpace = false
                }
                emit(byte, offset, offset + length)
            }
        }
        if bytes.last == 0x20 { bytes.removeLast(); starts.removeLast(); ends.removeLast() }
        // A space between a Latin letter or digit and a character from U+3000 to U+9FFF goes, and
        // one between two such characters.
        func latin(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        func japaneseLead(_ byte: UInt8) -> Bool { (0xE3...0xE9).contains(byte) }
        var index = 1
        while index < bytes.count - 1 {
            let before = bytes[index - 1], after = bytes[index + 1]
            let japaneseBefore = index >= 3 && japaneseLead(bytes[index - 3])
                && bytes[index - 2] & 0xC0 == 0x80 && bytes[index - 1] & 0xC0 == 0x80
            if bytes[index] == 0x20, (latin(before) && japaneseLead(after)) || (japaneseBefore && (latin(after) || japaneseLead(after))) {
                bytes.remove(at: index); starts.remove(at: index); ends.remove(at: index)
            } else {
                index += 1
            }
        }
        return (bytes, starts, ends)
    }

    static let pieces: [String] = [
        "a", "Z", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{1C}", "Kinesis", "S3", "-", "'", "1", "15",
        "e\u{301}", "\u{301}", "é", "Ｓ３", "ＡＷＳ", "ｶ", "ｶ\u{FF9E}", "\u{FF9E}", "か", "か\u{3099}", "\u{3099}", "゛", "ヿ",
        "ー", "、", "。", "「", "」", "\u{3000}", "〰", "〽", "\u{3036}", "漢", "㐀", "音声合成", "\u{2019}", "\u{2014}", "\u{00A0}",
        "\u{2028}", "\u{0600}", "\u{0600}1", "👍", "👩\u{200D}💻", "\u{200D}", "🇯🇵", "🇯", "ß", "İ", "Ⅻ", "ﬁ", "①", "한", "\u{1100}\u{1161}",
        "\u{FFA0}", "\u{FFE5}", "ｰ", "！", "？", "１２", "\u{302A}", "。\u{302F}", "\u{FF9F}", "（", "）", "ＳＱＬクエリ",
    ]

    @Test func byteLevelNormalizerAgreesWithPerCharacterRules() {
        var random = SeededGenerator(seed: 6)
        func next() -> Int { Int(truncatingIfNeeded: random.next() >> 1) }
        for _ in 0..<5000 {
            let text = (0..<(next() % 12)).map { _ in Self.pieces[next() % Self.pieces.count] }.joined()
            let expected = Self.reference(text)
            let actual = TextNormalizer.normalizeWithOrigins(text)
            #expect(actual.bytes == expected.bytes, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(actual.originStarts == expected.starts && actual.originEnds == expected.ends,
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The normaliser decides a character from its bytes alone when a new grapheme cluster starts
    /// right after it; its rule for that must agree with Swift's grapheme breaking after every
    /// character it decides that way.
    @Test func clusterStartsAgreeWithGraphemeBreaking() {
        let decidedAlone = (Array(0x20...0x7E) + Array(0x3000...0x30FF) + Array(0xFF00...0xFFEF) + [0x3400, 0x4E00, 0x9FFF])
            .compactMap { Unicode.Scalar(UInt32($0)) }
        let others = [0x301, 0x200D, 0x3099, 0x1F44D, 0xFE0F].compactMap { Unicode.Scalar(UInt32($0)) }
        var starting = 0
        for next in decidedAlone + others {
            let bytes = Array(String(next).utf8)
            guard bytes.withUnsafeBufferPointer({ TextNormalizer.startsCluster($0, at: 0) }) else { continue }
            starting += 1
            for before in decidedAlone where (String(before) + String(next)).count != 2 {
                Issue.record("U+\(String(before.value, radix: 16)) and U+\(String(next.value, radix: 16)) form one cluster")
            }
        }
        #expect(starting > 400)
    }

    /// The written-out table of the CJK punctuation and width forms is `fold`, entry for entry.
    @Test func tabledFoldingsAreFoldAsWritten() {
        let computed = TextNormalizer.computedTabledFoldings()
        let scalars = TextNormalizer.tabledRanges.flatMap { $0 }
        #expect(TextNormalizer.tabledFoldings.count == computed.count)
        for (value, (written, expected)) in zip(scalars, zip(TextNormalizer.tabledFoldings, computed)) {
            switch (written, expected) {
            case (.whitespace, .whitespace): continue
            case let (.text(a), .text(b)) where a.unicodeScalars.elementsEqual(b.unicodeScalars): continue
            default:
                let line: String
                if case let .text(folded) = expected {
                    line = ".text(\"\(folded.unicodeScalars.map { "\\u{\(String($0.value, radix: 16, uppercase: true))}" }.joined())\")"
                } else {
                    line = ".whitespace"
                }
                Issue.record("out of date: U+\(String(value, radix: 16, uppercase: true)) in TextNormalizerTables.swift should be \(line)")
            }
        }
    }

    /// Text with nothing to fold or collapse keeps no segments, and its places are its offsets.
    @Test func plainTextNeedsNoSegments() {
        for text in ["Amazon Polly", "Which service should it use? (Choose two.)", "S3 Glacier Deep Archive"] {
            let normalized = TextNormalizer.normalizeWithOrigins(text)
            #expect(normalized.segments.isEmpty)
            #expect(normalized.originStarts == (0..<Int32(text.utf8.count)).map { $0 })
            #expect(normalized.originEnds == (1...Int32(text.utf8.count)).map { $0 })
        }
        #expect(!TextNormalizer.normalizeWithOrigins("Amazon  Polly").segments.isEmpty)
        #expect(!TextNormalizer.normalizeWithOrigins(" Amazon").segments.isEmpty)
    }

    @Test func longestNonOverlappingAgreesWithTheQuadraticRule() {
        typealias Candidate = TextReader.Candidate
        /// The rule as stated, one layer's candidates with their indices: longest first, then
        /// leftmost, each kept unless it overlaps one kept before; a span kept keeps every meaning.
        func reference(_ found: [(index: Int, candidate: Candidate)]) -> [(index: Int, candidate: Candidate)] {
            let ordered = found.sorted { a, b in
                (a.candidate.end - a.candidate.start, -a.candidate.start, -a.index) > (b.candidate.end - b.candidate.start, -b.candidate.start, -b.index)
            }
            var taken: [Range<Int>] = []
            var kept: [(index: Int, candidate: Candidate)] = []
            for entry in ordered {
                let range = entry.candidate.start..<entry.candidate.end
                if taken.contains(range) {
                    if !kept.contains(where: { $0.candidate == entry.candidate }) { kept.append(entry) }
                    continue
                }
                if taken.contains(where: { $0.overlaps(range) }) { continue }
                taken.append(range)
                kept.append(entry)
            }
            return kept
        }
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<3000 {
            // Up to 100 candidates, past the 64 that insertion sort takes.
            let found = (0..<next(next(8) == 0 ? 100 : 30)).map { _ -> Candidate in
                let start = next(40)
                return Candidate(meaning: Int32(next(4)), layer: UInt8(next(3)), start: start, end: start + 1 + next(8))
            }
            // Layers do not interfere: each is decided alone; what is kept comes by start, end,
            // layer, then the order found.
            let numbered = found.enumerated().map { (index: $0.offset, candidate: $0.element) }
            let expected = (0..<3).flatMap { layer in reference(numbered.filter { Int($0.candidate.layer) == layer }) }
                .sorted { a, b in
                    (a.candidate.start, a.candidate.end, a.candidate.layer, a.index) < (b.candidate.start, b.candidate.end, b.candidate.layer, b.index)
                }
                .map(\.candidate)
            #expect(TextReader.longestNonOverlapping(found) == expected)
            // Places past what a packed sort key holds take the comparing sort, to the same end.
            let far = 0x10_0000
            let shifted = found.map { Candidate(meaning: $0.meaning, layer: $0.layer, start: $0.start + far, end: $0.end + far) }
            #expect(TextReader.longestNonOverlapping(shifted) == expected.map {
                Candidate(meaning: $0.meaning, layer: $0.layer, start: $0.start + far, end: $0.end + far)
            })
        }
    }
}
