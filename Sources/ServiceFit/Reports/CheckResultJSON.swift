/// A `CheckResult` as one line of JSON, byte for byte what `compactJSON` writes for it (JSONEncoder
/// with sorted keys and unescaped slashes). JSONEncoder goes through a generic container tree for
/// every result, which costs more than judging a question; the JSON reports write one result per
/// question, so they use this instead.
enum CheckResultJSON {
    /// The line, with `prefix` and `suffix` around it so a report needs no second copy to add them.
    static func line(_ result: CheckResult, prefix: StaticString = "", suffix: StaticString = "") -> String {
        // JSONEncoder refuses NaN and infinity; keep whatever `compactJSON` makes of that refusal.
        guard result.confidence.isFinite else { return "\(prefix)\(compactJSON(result))\(suffix)" }
        var writer = JSONLineWriter()
        writer.raw(prefix)
        // Keys in the order `.sortedKeys` puts them; JSONEncoder leaves nil optionals out.
        writer.raw("{")
        if let abstention = result.abstention { writer.raw(#""abstention":"#); writer.string(abstention); writer.raw(",") }
        writer.raw(#""confidence":"#); writer.number(result.confidence)
        if let exam = result.exam { writer.raw(#","exam":"#); writer.string(exam) }
        if let file = result.file { writer.raw(#","file":"#); writer.string(file) }
        writer.raw(#","id":"#); writer.string(result.id)
        writer.raw(#","key":"#); writer.strings(result.key)
        if let lang = result.lang { writer.raw(#","lang":"#); writer.string(lang) }
        if let line = result.line { writer.raw(#","line":"#); writer.integer(line) }
        writer.raw(#","picked":"#); writer.strings(result.picked)
        writer.raw(#","reason":"#); writer.string(result.reason)
        if let suspicious = result.suspicious { writer.raw(suspicious ? #","suspicious":true"# : #","suspicious":false"#) }
        if let topic = result.topic { writer.raw(#","topic":"#); writer.string(topic) }
        if let unknownInKey = result.unknownInKey { writer.raw(#","unknownInKey":"#); writer.strings(unknownInKey) }
        if let unknownNames = result.unknownNames { writer.raw(#","unknownNames":"#); writer.strings(unknownNames) }
        writer.raw(#","verdict":"#); writer.string(result.verdict.rawValue)
        writer.raw("}")
        writer.raw(suffix)
        return writer.finish()
    }
}

/// Writes JSON the way JSONEncoder spells its parts.
private struct JSONLineWriter {
    private var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1024)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite Double as JSONEncoder writes it: Swift's shortest round-trip spelling, without a
    /// trailing `.0` (`1`, `0.996`, `1e-07`, `1e+16`).
    mutating func number(_ value: Double) {
        let start = bytes.count
        bytes.append(contentsOf: value.description.utf8)
        if bytes.count - start >= 2, bytes[bytes.count - 2] == UInt8(ascii: "."), bytes[bytes.count - 1] == UInt8(ascii: "0") {
            bytes.removeLast(2)
        }
    }

    mutating func strings(_ list: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (position, item) in list.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            string(item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// JSONEncoder escapes only `"`, `\` and control characters (the common ones by letter, the
    /// rest as lowercase `\u00xx`); everything else, non-ASCII included, stays as UTF-8.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            while true {
                let special = JSONStringBytes.firstSpecial(in: utf8, from: runStart)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<special]))
                guard special < utf8.count else { break }
                appendEscape(utf8[special])
                runStart = special + 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            let hex: StaticString = "0123456789abcdef"
            raw("u00")
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    func finish() -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
