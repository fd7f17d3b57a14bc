/// Finds every occurrence of many phrases in one pass (Aho–Corasick over UTF-8 bytes).
///
/// Digits are folded to `0` inside the automaton so that a `{n}` placeholder can stand for any
/// number; phrases with literal digits are verified against the real bytes on a match.
/// English phrases (ASCII at an edge) only match on word boundaries, with a plural `s` allowed.
public struct PhraseMatcher: Sendable {
    public struct Match: Sendable, Hashable {
        public var pattern: Int
        public var range: Range<Int>
    }

    /// A phrase as written in the rules, already normalised; `{n}` marks a number.
    public struct Pattern: Sendable {
        var bytes: [UInt8]
        var hasLiteralDigits: Bool
    }

    private var patterns: [Pattern] = []
    // Trie as flat arrays: edges of node i are edgeBytes/edgeTargets[edgeStart[i]..<edgeStart[i+1]].
    private var edgeStart: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    private var rootTable = [Int32](repeating: 0, count: 256)
    private var failure: [Int32] = []
    /// Pattern ending exactly at a node (-1 if none) and the next node on the suffix chain with one.
    private var terminal: [[Int32]] = []
    private var outputLink: [Int32] = []
    private var nodeDepth: [Int32] = []

    public var patternCount: Int { patterns.count }

    static let numberPlaceholder: [UInt8] = Array("{n}".utf8)
    static let maxNumberDigits = 4

    /// Builds the automaton. `phrases[i]` becomes pattern `i`; a `{n}` phrase expands internally.
    public init(phrases: [String]) {
        var children: [[UInt8: Int32]] = [[:]]
        var terminals: [[Int32]] = [[]]
        for (index, phrase) in phrases.enumerated() {
            let normalized = Array(TextNormalizer.normalize(phrase).utf8)
            let hasDigits = normalized.contains { $0 >= 0x30 && $0 <= 0x39 }
            patterns.append(Pattern(bytes: normalized, hasLiteralDigits: hasDigits))
            for variant in Self.expandNumbers(normalized) where !variant.isEmpty {
                var node: Int32 = 0
                for byte in variant {
                    let key = Self.fold(byte)
                    if let next = children[Int(node)][key] {
                        node = next
                    } else {
                        let next = Int32(children.count)
                        children.append([:])
                        terminals.append([])
                        children[Int(node)][key] = next
                        node = next
                    }
                }
                terminals[Int(node)].append(Int32(index))
            }
        }
        // Flatten edges, then compute failure links breadth-first.
        let nodeCount = children.count
        edgeStart = [Int32](repeating: 0, count: nodeCount + 1)
        for node in 0..<nodeCount {
            edgeStart[node + 1] = edgeStart[node] + Int32(children[node].count)
            for (byte, target) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
        }
        for (byte, target) in children[0] { rootTable[Int(byte)] = target }
        failure = [Int32](repeating: 0, count: nodeCount)
        outputLink = [Int32](repeating: -1, count: nodeCount)
        nodeDepth = [Int32](repeating: 0, count: nodeCount)
        terminal = terminals
        var queue: [Int32] = [0]
        var head = 0
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            for (byte, target) in children[node].sorted(by: { $0.key < $1.key }) {
                nodeDepth[Int(target)] = nodeDepth[node] + 1
                if node != 0 {
                    var fallback = Int(failure[node])
                    while fallback != 0 && children[fallback][byte] == nil { fallback = Int(failure[fallback]) }
                    failure[Int(target)] = children[fallback][byte] ?? 0
                }
                let fail = Int(failure[Int(target)])
                outputLink[Int(target)] = terminal[fail].isEmpty ? outputLink[fail] : Int32(fail)
                queue.append(target)
            }
        }
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x30 && byte <= 0x39 ? 0x30 : byte
    }

    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
    }

    /// `every {n} minutes` → `every 0 minutes`, `every 00 minutes`, … (digits fold to 0).
    static func expandNumbers(_ bytes: [UInt8]) -> [[UInt8]] {
        guard let range = firstRange(of: numberPlaceholder, in: bytes) else { return [bytes] }
        let head = Array(bytes[..<range.lowerBound])
        return expandNumbers(Array(bytes[range.upperBound...])).flatMap { tail in
            (1...maxNumberDigits).map { head + [UInt8](repeating: 0x30, count: $0) + tail }
        }
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }

    @inline(__always) private func step(_ node: Int32, _ byte: UInt8) -> Int32 {
        var node = node
        while true {
            if node == 0 { return rootTable[Int(byte)] }
            let lower = Int(edgeStart[Int(node)]), upper = Int(edgeStart[Int(node) + 1])
            var low = lower, high = upper
            while low < high {
                let mid = (low + high) >> 1
                if edgeBytes[mid] < byte { low = mid + 1 } else { high = mid }
            }
            if low < upper && edgeBytes[low] == byte { return edgeTargets[low] }
            node = failure[Int(node)]
        }
    }

    /// Every accepted occurrence, in order of end position.
    public func matches(in text: [UInt8]) -> [Match] {
        var found: [Match] = []
        var node: Int32 = 0
        for (position, rawByte) in text.enumerated() {
            node = step(node, Self.fold(rawByte))
            var outputNode = terminal[Int(node)].isEmpty ? outputLink[Int(node)] : node
            while outputNode >= 0 {
                for pattern in terminal[Int(outputNode)] {
                    if let match = accept(Int(pattern), endingAt: position + 1, depth: depth(of: outputNode), in: text) {
                        found.append(match)
                    }
                }
                outputNode = outputLink[Int(outputNode)]
            }
        }
        return found
    }

    @inline(__always) private func depth(of node: Int32) -> Int { Int(nodeDepth[Int(node)]) }

    private func accept(_ pattern: Int, endingAt end: Int, depth: Int, in text: [UInt8]) -> Match? {
        let start = end - depth
        let bytes = patterns[pattern].bytes
        if patterns[pattern].hasLiteralDigits {
            // Only patterns without {n} carry literal digits that must agree exactly.
            if depth == bytes.count, !text[start..<end].elementsEqual(bytes) { return nil }
        }
        if Self.isWordByte(text[start]), start > 0, Self.isWordByte(text[start - 1]) { return nil }
        var matchEnd = end
        if Self.isWordByte(text[end - 1]), end < text.count, Self.isWordByte(text[end]) {
            // Tolerate a plural: "stream" in "streams", "class" in "classes".
            if text[end] == 0x73, end + 1 == text.count || !Self.isWordByte(text[end + 1]) {
                matchEnd = end + 1
            } else if text[end] == 0x65, end + 1 < text.count, text[end + 1] == 0x73,
                      end + 2 == text.count || !Self.isWordByte(text[end + 2]) {
                matchEnd = end + 2
            } else {
                return nil
            }
        }
        return Match(pattern: pattern, range: start..<matchEnd)
    }
}
