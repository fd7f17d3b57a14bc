import ServiceFit

/// What every bank fuzz target checks besides "does not crash": each entry has a place inside the
/// input, and every rejection says why. A broken invariant traps, so libFuzzer keeps the input.
public enum FuzzSupport {
    /// Feeds `bytes` to a fresh `BankStream` in two chunks (split where the first byte says), so
    /// the line splitting across chunks is fuzzed too.
    public static func readBank(_ format: BankFormat, _ bytes: UnsafeBufferPointer<UInt8>) {
        let path = "fuzz.\(format.rawValue)"
        var stream = BankStream(format: format, path: path)
        let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        var items = stream.push(bytes[..<split])
        items += stream.push(bytes[split...])
        items += stream.finish()
        // Line banks break lines at LF, CRLF and a lone CR: exactly that many lines. Scenario YAML
        // is YAML, which also breaks at NEL, LS and PS (counting their last bytes bounds that from
        // above).
        var lines = 1
        for index in bytes.indices {
            switch bytes[index] {
            case 0x0A: lines += 1
            case 0x0D: if index + 1 == bytes.count || bytes[index + 1] != 0x0A { lines += 1 }
            case 0x85, 0xA8, 0xA9: if format == .scenarios { lines += 1 }
            default: break
            }
        }
        for item in items {
            guard let location = item.location else { continue }
            if location.file != path || location.line < 1 || location.line > lines || location.column < 1 {
                fatalError("entry placed outside the input: \(location) (the input has \(lines) lines)")
            }
            if case let .rejected(_, _, reason) = item, reason.isEmpty { fatalError("rejection without a reason at \(location)") }
        }
    }

    /// The input as text: libFuzzer bytes are often not UTF-8; the CLI would refuse those, the
    /// library only ever sees valid text, so decode the way the CLI's callers could.
    public static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
