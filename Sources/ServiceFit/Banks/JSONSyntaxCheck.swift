/// Finds where a line stops being JSON (RFC 8259) and says why, so a JSON Lines rejection can
/// point at `file:line:col` instead of only the line. Foundation's JSONSerialization reports no
/// usable position (its messages are prose, and differ between platforms), so this is a small
/// validating scan of its own. It only runs on a line JSONSerialization has already refused, and
/// it keeps no tree: nesting is a stack of bytes, so a line of a million `[` cannot overflow the
/// call stack.
enum JSONSyntaxCheck {
    struct Problem: Equatable {
        /// The UTF-8 offset in the line of the byte where reading stopped (the line's length when
        /// the line ended too early).
        var offset: Int
        var reason: String
    }

    /// The first place where `bytes` is not a single JSON value with white space around it, or
    /// nil when it is one.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        return scanner.run()
    }

    /// The column (in characters, as YAML diagnostics count them) of a UTF-8 offset in a line.
    static func column(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        /// `{` or `[` for each container that is open.
        var open: [UInt8] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        private enum Step { case value, key, afterValue }

        mutating func run() -> Problem? {
            var step = Step.value
            while true {
                skipWhiteSpace()
                switch step {
                case .value:
                    guard index < bytes.count else {
                        return open.isEmpty ? problem("the line holds no JSON value") : endedInside()
                    }
                    switch bytes[index] {
                    case UInt8(ascii: "{"):
                        open.append(bytes[index])
                        index += 1
                        skipWhiteSpace()
                        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                            index += 1
                            open.removeLast()
                            step = .afterValue
                        } else {
                            step = .key
                        }
                    case UInt8(ascii: "["):
                        open.append(bytes[index])
                        index += 1
                        skipWhiteSpace()
                        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                            index += 1
                            open.removeLast()
                            step = .afterValue
                        } else {
                            step = .value
                        }
                    case UInt8(ascii: "\""):
                        if let problem = string() { return problem }
                        step = .afterValue
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        if let problem = number() { return problem }
                        step = .afterValue
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                        if let problem = literal() { return problem }
                        step = .afterValue
                    case UInt8(ascii: "'"):
                        return problem("`'` cannot start a value: JSON strings are in double quotes")
                    case UInt8(ascii: "]") where open.last == UInt8(ascii: "["):
                        // `[]` was read above, so a `]` here follows a comma.
                        return problem("a `,` with no value after it before `]`; remove the last comma")
                    case UInt8(ascii: "}") where open.last == UInt8(ascii: "{"):
                        return problem("expected a value after `:`, found `}`")
                    default:
                        return problem("`\(character(at: index))` cannot start a value (expected a string, number, object, array, true, false or null)")
                    }
                case .key:
                    guard index < bytes.count else { return endedInside() }
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        if let problem = string() { return problem }
                        skipWhiteSpace()
                        guard index < bytes.count else { return endedInside() }
                        guard bytes[index] == UInt8(ascii: ":") else {
                            return problem("expected `:` after the key, found `\(character(at: index))`")
                        }
                        index += 1
                        step = .value
                    case UInt8(ascii: "}"):
                        return problem("a `,` with no key after it before `}`; remove the last comma")
                    default:
                        return problem("`\(character(at: index))` cannot start a key: keys are strings in double quotes")
                    }
                case .afterValue:
                    guard let container = open.last else {
                        if index < bytes.count {
                            return problem("`\(character(at: index))` after the end of the JSON value; each line holds exactly one object")
                        }
                        return nil
                    }
                    guard index < bytes.count else { return endedInside() }
                    let close = container == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    switch bytes[index] {
                    case UInt8(ascii: ","):
                        index += 1
                        step = container == UInt8(ascii: "{") ? .key : .value
                    case close:
                        index += 1
                        open.removeLast()
                    default:
                        let what = container == UInt8(ascii: "{") ? "an object" : "an array"
                        return problem("expected `,` or `\(Character(Unicode.Scalar(close)))` in \(what), found `\(character(at: index))`")
                    }
                }
            }
        }

        private mutating func skipWhiteSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        private func problem(_ reason: String) -> Problem {
            Problem(offset: index, reason: reason)
        }

        private func endedInside() -> Problem {
            guard open.count <= 8 else {
                return problem("the line ends before the JSON value does (\(open.count) brackets are still open)")
            }
            let missing = open.reversed().map { $0 == UInt8(ascii: "{") ? "}" : "]" }.joined()
            return problem("the line ends before the JSON value does (missing `\(missing)`)")
        }

        /// The character starting at `offset`, for messages; control characters as U+XXXX.
        private func character(at offset: Int) -> String {
            let lead = bytes[offset]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            let text = String(decoding: bytes[offset..<min(bytes.count, offset + length)], as: UTF8.self)
            guard let scalar = text.unicodeScalars.first, scalar.value >= 0x20, scalar.value != 0x7F else {
                return "U+" + String(lead, radix: 16, uppercase: true).leftPadded(to: 4)
            }
            return text
        }

        /// A string from its opening quote; leaves `index` after the closing one.
        private mutating func string() -> Problem? {
            let opening = index
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return nil
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { break }
                    switch bytes[index] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        let start = index - 1
                        guard let unit = hexUnit(at: index + 1) else {
                            index = start
                            return problem("`\\u` must be followed by four hex digits")
                        }
                        index += 5
                        if (0xDC00...0xDFFF).contains(unit) {
                            index = start
                            return problem("`\\u\(String(unit, radix: 16, uppercase: true))` is the second half of a surrogate pair with no first half")
                        }
                        if (0xD800...0xDBFF).contains(unit) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                                  let low = hexUnit(at: index + 2), (0xDC00...0xDFFF).contains(low) else {
                                index = start
                                return problem("`\\u\(String(unit, radix: 16, uppercase: true))` is the first half of a surrogate pair with no second half")
                            }
                            index += 6
                        }
                    default:
                        index -= 1
                        return problem("`\\\(character(at: index + 1))` is not a JSON escape (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)")
                    }
                case 0..<0x20:
                    return problem("a control character (\(character(at: index))) inside a string must be written as an escape such as \\t or \\u0000")
                default:
                    index += 1
                }
            }
            let column = JSONSyntaxCheck.column(ofOffset: opening, in: bytes)
            return problem("the line ends inside the string that opens at column \(column) (a closing `\"` is missing)")
        }

        private func hexUnit(at offset: Int) -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[offset..<(offset + 4)] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value * 16 + UInt32(digit)
            }
            return value
        }

        private mutating func number() -> Problem? {
            let start = index
            if let problem = numberSyntax() { return problem }
            // JSONSerialization reads numbers as Double: one that overflows is refused too.
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if let value = Double(text), !value.isFinite {
                index = start
                return problem("`\(text)` is too large for a number")
            }
            return nil
        }

        private mutating func numberSyntax() -> Problem? {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else {
                return index < bytes.count
                    ? problem("expected a digit after `-`, found `\(character(at: index))`")
                    : problem("expected a digit after `-`")
            }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) {
                    return problem("a number cannot have a leading zero")
                }
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { return problem("expected a digit after the decimal point") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { return problem("expected a digit in the exponent") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            return nil
        }

        private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

        /// `true`, `false` or `null`; a word that is none of them is pointed at from its start.
        private mutating func literal() -> Problem? {
            var end = index
            while end < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end] | 0x20) { end += 1 }
            let word = String(decoding: bytes[index..<end], as: UTF8.self)
            for literal in ["true", "false", "null"] where literal.hasPrefix(word) {
                index = end
                return word == literal ? nil : problem("expected `\(literal)`")
            }
            return problem("`\(word)` is not a JSON value (text goes in double quotes)")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
