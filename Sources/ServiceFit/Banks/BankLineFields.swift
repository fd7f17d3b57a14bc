/// The fields `JSONLinesBank` uses from one line, read straight from its UTF-8 bytes.
///
/// JSONSerialization builds a tree of Foundation objects, and each `as?` on it is a dynamic cast
/// with a protocol-conformance lookup; on Linux that costs more per question than judging it.
/// This reader only has to be right for the lines banks are made of. Whenever a line is anything
/// else (not JSON, a field given twice, a field of an unusual type, a number that is not a plain
/// integer id, deep nesting), it reports `nil` and the caller reads the line with
/// JSONSerialization exactly as before, so every rejection and every odd case keeps the
/// behaviour it had.
struct BankLineFields {
    /// Already spelled as the id: a string as is, an integer as `NSNumber.stringValue` writes it.
    var id: String?
    var question: String?
    /// In the order the line gives them, letters as written; letters are ASCII and distinct.
    var options: [OptionText]?
    /// `answers` when it is a list of strings.
    var answerList: [String]?
    /// `answers` when it is a string.
    var answersText: String?
    /// `answer`, which is a string whenever it is present.
    var answerText: String?
    var exam: String?
    var lang: String?

    /// The fields of `bytes`, or nil when this reader leaves the line to JSONSerialization.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> BankLineFields? {
        var scanner = JSONByteScanner(bytes: bytes)
        return try? scanner.bankLine()
    }
}

/// This reader does not decide about the line; JSONSerialization will.
struct NotHandled: Error {}

/// A cursor over one line's bytes, reading JSON as RFC 8259 defines it.
private struct JSONByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    /// Far below JSONSerialization's own limit (512), so a line this reader takes is one it takes.
    static let deepestNesting = 64
    /// No bank needs longer numbers, and short ones are always finite Doubles, which
    /// JSONSerialization requires.
    static let longestNumber = 64
    /// Integer ids up to this many digits fit an `Int`, whose spelling is `NSNumber.stringValue`'s.
    static let longestIntegerID = 18

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private enum Field: UInt8 {
        case id = 1, question = 2, options = 4, answers = 8, answer = 16, exam = 32, lang = 64
    }

    mutating func bankLine() throws(NotHandled) -> BankLineFields {
        var fields = BankLineFields()
        // A field given twice is last-wins in JSONSerialization; rather than copy that rule,
        // leave such lines to it.
        var seen: UInt8 = 0
        skipWhiteSpace()
        try elements(between: UInt8(ascii: "{"), and: UInt8(ascii: "}")) { scanner throws(NotHandled) in
            let field = try scanner.fieldName()
            try scanner.colon()
            if let field {
                guard seen & field.rawValue == 0 else { throw NotHandled() }
                seen |= field.rawValue
                try scanner.read(field, into: &fields)
            } else {
                try scanner.skipValue(depth: 1)
            }
        }
        skipWhiteSpace()
        guard index == bytes.count else { throw NotHandled() }
        return fields
    }

    /// A key of the line's object, as the field it names; nil for a key this reader skips.
    /// Dictionary keys compare by canonical equivalence; with ASCII keys only, equal bytes and
    /// equal strings are the same thing, so other keys are left to JSONSerialization.
    private mutating func fieldName() throws(NotHandled) -> Field? {
        let quote = index
        try expect(UInt8(ascii: "\""))
        let start = index
        skipPlainBytes()
        guard peek() == UInt8(ascii: "\"") else {
            // An escape in a key is rare enough to take the slow way.
            index = quote
            var key = try string()
            guard key.utf8.allSatisfy({ $0 < 0x80 }) else { throw NotHandled() }
            return key.withUTF8(Self.field(named:))
        }
        index += 1
        let name = UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
        guard name.allSatisfy({ $0 < 0x80 }) else { throw NotHandled() }
        return Self.field(named: name)
    }

    private static func field(named name: UnsafeBufferPointer<UInt8>) -> Field? {
        func isNamed(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == name.count else { return false }
            for offset in 0..<name.count where word.utf8Start[offset] != name[offset] { return false }
            return true
        }
        return switch name.first {
        case UInt8(ascii: "i"): isNamed("id") ? .id : nil
        case UInt8(ascii: "q"): isNamed("question") ? .question : nil
        case UInt8(ascii: "o"): isNamed("options") ? .options : nil
        case UInt8(ascii: "a"): isNamed("answers") ? .answers : isNamed("answer") ? .answer : nil
        case UInt8(ascii: "e"): isNamed("exam") ? .exam : nil
        case UInt8(ascii: "l"): isNamed("lang") ? .lang : nil
        default: nil
        }
    }

    private mutating func read(_ field: Field, into fields: inout BankLineFields) throws(NotHandled) {
        switch field {
        case .id:
            switch peek() {
            case UInt8(ascii: "\""): fields.id = try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): fields.id = try integerSpelling()
            default: throw NotHandled()
            }
        case .question: fields.question = try onlyString()
        case .exam: fields.exam = try onlyString()
        case .lang: fields.lang = try onlyString()
        case .answer: fields.answerText = try onlyString()
        case .answers:
            if peek() == UInt8(ascii: "[") {
                fields.answerList = try stringList()
            } else {
                fields.answersText = try onlyString()
            }
        case .options: fields.options = try textByLetter()
        }
    }

    private mutating func onlyString() throws(NotHandled) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw NotHandled() }
        return try string()
    }

    private mutating func stringList() throws(NotHandled) -> [String] {
        var list: [String] = []
        try elements(between: UInt8(ascii: "["), and: UInt8(ascii: "]")) { scanner throws(NotHandled) in
            list.append(try scanner.onlyString())
        }
        return list
    }

    private mutating func textByLetter() throws(NotHandled) -> [OptionText] {
        var options: [OptionText] = []
        options.reserveCapacity(6)
        try elements(between: UInt8(ascii: "{"), and: UInt8(ascii: "}")) { scanner throws(NotHandled) in
            let letter = try scanner.string()
            guard letter.utf8.allSatisfy({ $0 < 0x80 }), !options.contains(where: { $0.letter == letter }) else { throw NotHandled() }
            try scanner.colon()
            options.append(OptionText(letter: letter, text: try scanner.onlyString()))
        }
        return options
    }

    /// `open`, the comma-separated elements `element` reads, then `close`, with white space
    /// allowed around each: every array and object of a line is walked by this one loop.
    private mutating func elements(between open: UInt8, and close: UInt8,
                                   _ element: (inout JSONByteScanner) throws(NotHandled) -> Void) throws(NotHandled) {
        try expect(open)
        skipWhiteSpace()
        if peek() == close {
            index += 1
            return
        }
        while true {
            try element(&self)
            skipWhiteSpace()
            guard peek() == UInt8(ascii: ",") else { break }
            index += 1
            skipWhiteSpace()
        }
        try expect(close)
    }

    /// The `:` between a key and its value.
    private mutating func colon() throws(NotHandled) {
        skipWhiteSpace()
        try expect(UInt8(ascii: ":"))
        skipWhiteSpace()
    }

    /// Validates any value without keeping it.
    private mutating func skipValue(depth: Int) throws(NotHandled) {
        switch peek() {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            guard depth < Self.deepestNesting else { throw NotHandled() }
            try elements(between: UInt8(ascii: "{"), and: UInt8(ascii: "}")) { scanner throws(NotHandled) in
                guard scanner.peek() == UInt8(ascii: "\"") else { throw NotHandled() }
                try scanner.skipString()
                try scanner.colon()
                try scanner.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            guard depth < Self.deepestNesting else { throw NotHandled() }
            try elements(between: UInt8(ascii: "["), and: UInt8(ascii: "]")) { scanner throws(NotHandled) in
                try scanner.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try number()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            throw NotHandled()
        }
    }

    private mutating func literal(_ word: StaticString) throws(NotHandled) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw NotHandled() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw NotHandled()
        }
        index += count
    }

    /// A number as RFC 8259 spells it; returns whether it had a fraction.
    private mutating func number() throws(NotHandled) -> Bool {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        let first = peek()
        guard isDigit(first) else { throw NotHandled() }
        index += 1
        if first != UInt8(ascii: "0") {
            while isDigit(peek()) { index += 1 }
        }
        var hasFraction = false
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard isDigit(peek()) else { throw NotHandled() }
            while isDigit(peek()) { index += 1 }
            hasFraction = true
        }
        // An exponent can overflow a Double, which JSONSerialization refuses: leave it to it.
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") { throw NotHandled() }
        guard index - start <= Self.longestNumber else { throw NotHandled() }
        return hasFraction
    }

    /// An integer id as `NSNumber.stringValue` spells what JSONSerialization made of it. Other
    /// numbers (fractions print as `1.0`, large ones go through Decimal) are left to it.
    private mutating func integerSpelling() throws(NotHandled) -> String {
        let start = index
        guard try !number() else { throw NotHandled() }
        let digits = index - start - (bytes[start] == UInt8(ascii: "-") ? 1 : 0)
        guard digits <= Self.longestIntegerID else { throw NotHandled() }
        var value = 0
        for byte in bytes[start..<index] where byte != UInt8(ascii: "-") {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        // `-0` is the integer 0, spelled `0`.
        return String(bytes[start] == UInt8(ascii: "-") ? -value : value)
    }

    /// A string from its opening quote.
    private mutating func string() throws(NotHandled) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        skipPlainBytes()
        switch peek() {
        case UInt8(ascii: "\""):
            let contents = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            if contents.count == 1, contents[0] < 0x80 { return Self.asciiCharacters[Int(contents[0])] }
            return String(decoding: contents, as: UTF8.self)
        case UInt8(ascii: "\\"):
            return try escapedString(from: start)
        default:
            throw NotHandled()
        }
    }

    /// One-character strings, made once: option letters and answers are mostly these.
    private static let asciiCharacters: [String] = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }

    /// Moves to the next byte a string cannot simply contain: `"`, `\`, a control character, or
    /// the end.
    private mutating func skipPlainBytes() {
        index = JSONStringBytes.firstSpecial(in: bytes, from: index)
    }

    /// The rest of a string that has escapes, decoded into a buffer; `index` is at the first `\`.
    private mutating func escapedString(from start: Int) throws(NotHandled) -> String {
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                appendUTF8(try escape(), to: &decoded)
            case 0..<0x20:
                throw NotHandled()
            default:
                decoded.append(byte)
                index += 1
            }
        }
        throw NotHandled()
    }

    private mutating func skipString() throws(NotHandled) {
        try expect(UInt8(ascii: "\""))
        while index < bytes.count {
            skipPlainBytes()
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                _ = try escape()
            case 0..<0x20:
                throw NotHandled()
            default:
                index += 1
            }
        }
        throw NotHandled()
    }

    /// One escape from its `\`, as the scalar it stands for. A surrogate half without its other
    /// half is an error to JSONSerialization, so it is not handled here.
    private mutating func escape() throws(NotHandled) -> UInt32 {
        index += 1
        let byte = peek()
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return UInt32(byte)
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            switch unit {
            case 0xD800...0xDBFF:
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw NotHandled()
                }
                index += 2
                let low = try hexUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw NotHandled() }
                return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw NotHandled()
            default:
                return unit
            }
        default:
            throw NotHandled()
        }
    }

    private mutating func hexUnit() throws(NotHandled) -> UInt32 {
        guard bytes.count - index >= 4 else { throw NotHandled() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw NotHandled()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            buffer.append(UInt8(scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | scalar >> 6))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | scalar >> 12))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | scalar >> 18))
            buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The byte at the cursor, or 0 past the end: a raw NUL is not JSON anywhere, so every caller
    /// already treats it as "not this".
    private func peek() -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    private mutating func expect(_ byte: UInt8) throws(NotHandled) {
        guard peek() == byte else { throw NotHandled() }
        index += 1
    }

    private mutating func skipWhiteSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
