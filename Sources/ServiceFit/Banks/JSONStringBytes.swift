/// The bytes JSON strings treat specially, found quickly: both the bank line reader and the
/// result writer spend most of their time walking string contents that have none.
enum JSONStringBytes {
    /// The offset of the first `"`, `\` or control character (U+0000 to U+001F) at or after
    /// `start`, or `bytes.count` when there is none. Eight bytes at a time.
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let count = bytes.count
        var index = start
        while true {
            while count - index >= 8 {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if hasByte(below: 0x20, in: word) || hasByte(below: 1, in: word ^ (ones &* 0x22)) || hasByte(below: 1, in: word ^ (ones &* 0x5C)) {
                    break
                }
                index += 8
            }
            // The word test says only that some byte in the next eight may be special.
            let stop = min(index + 8, count)
            while index < stop {
                let byte = base[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
                index += 1
            }
            if index == count { return count }
        }
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Whether some byte of `word` is below `limit` (at most 0x80). A borrow can only start at a
    /// byte that really is below it, so the answer is exact even though the bit it sets may not
    /// mark that byte.
    @inline(__always)
    private static func hasByte(below limit: UInt64, in word: UInt64) -> Bool {
        (word &- ones &* limit) & ~word & 0x8080_8080_8080_8080 != 0
    }
}
