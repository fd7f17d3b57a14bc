/// A `CheckResult` as one line of JSON, byte for byte what `compactJSON` writes for it (JSONEncoder
/// with sorted keys and unescaped slashes). JSONEncoder goes through a generic container tree for
/// every result, which costs more than judging a question; the JSON reports write one result per
/// question, so they use this instead.
enum CheckResultJSON {
    static func line(_ result: CheckResult) -> String {
        // JSONEncoder refuses NaN and infinity; keep whatever `compactJSON` makes of that refusal.
        guard result.confidence.isFinite else { return compactJSON(result) }
        var writer = JSONLineWriter()
        // Keys in the order `.sortedKeys` puts them; JSONEncoder leaves nil optionals out.
        if let abstention = result.abstention { writer.key("abstention"); writer.string(abstention) }
        writer.key("confidence"); writer.number(result.confidence)
        if let exam = result.exam { writer.key("exam"); writer.string(exam) }
        if let file = result.file { writer.key("file"); writer.string(file) }
        writer.key("id"); writer.string(result.id)
        writer.key("key"); writer.strings(result.key)
        if let lang = result.lang { writer.key("lang"); writer.string(lang) }
        if let line = result.line { writer.key("line"); writer.raw(String(line)) }
        writer.key("picked"); writer.strings(result.picked)
        writer.key("reason"); writer.string(result.reason)
        if let suspicious = result.suspicious { writer.key("suspicious"); writer.raw(suspicious ? "true" : "false") }
        if let topic = result.topic { writer.key("topic"); writer.string(topic) }
        if let unknownInKey = result.unknownInKey { writer.key("unknownInKey"); writer.strings(unknownInKey) }
        if let unknownNames = result.unknownNames { writer.key("unknownNames"); writer.strings(unknownNames) }
        writer.key("verdict"); writer.string(result.verdict.rawValue)
        return writer.finish()
    }
}

/// Writes one JSON object the way JSONEncoder spells its parts.
private struct JSONLineWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    init() {
        bytes.reserveCapacity(512)
    }

    mutating func key(_ name: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A finite Double as JSONEncoder writes it: Swift's shortest round-trip spelling, without a
    /// trailing `.0` (`1`, `0.996`, `1e-07`, `1e+16`).
    mutating func number(_ value: Double) {
        let text = value.description
        bytes.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
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
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                appendEscape(byte)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
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
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    mutating func finish() -> String {
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
