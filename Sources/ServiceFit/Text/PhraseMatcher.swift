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
    // Trie as flat arrays: edges of node i are edgeBytes/edgeTargets[edgeStart[i]..<edgeStart[i+1]],
    // sorted by byte; nodes are numbered depth-first.
    private var edgeStart: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    private var rootTable = [Int32](repeating: 0, count: 256)
    private var failure: [Int32] = []
    /// Patterns ending exactly at node i: terminalPatterns[terminalStart[i]..<terminalStart[i+1]],
    /// and the next node on the suffix chain that has any.
    private var terminalStart: [Int32] = []
    private var terminalPatterns: [Int32] = []
    private var outputLink: [Int32] = []
    private var nodeDepth: [Int32] = []

    public var patternCount: Int { patterns.count }

    /// Each pattern's normalised text, in pattern order.
    var patternTexts: [String] { patterns.map { String(decoding: $0.bytes, as: UTF8.self) } }

    func write(to writer: SnapshotWriter) {
        writer.write(UInt32(truncatingIfNeeded: patterns.count))
        for pattern in patterns { writer.writeArray(pattern.bytes) }
        for table in [edgeStart, edgeTargets, rootTable, failure, terminalStart, terminalPatterns, outputLink, nodeDepth] {
            writer.writeArray(table)
        }
        writer.writeArray(edgeBytes)
    }

    /// The automaton as `write(to:)` left it. Every node and pattern number in it is checked to be
    /// in range, so a damaged snapshot is refused instead of indexing out of bounds later.
    init(snapshot reader: SnapshotReader) throws {
        let count = try reader.readCount()
        patterns.reserveCapacity(count)
        for _ in 0..<count {
            let bytes: [UInt8] = try reader.readArray()
            patterns.append(Pattern(bytes: bytes, hasLiteralDigits: bytes.contains { $0 >= 0x30 && $0 <= 0x39 }))
        }
        edgeStart = try reader.readArray()
        edgeTargets = try reader.readArray()
        rootTable = try reader.readArray()
        failure = try reader.readArray()
        terminalStart = try reader.readArray()
        terminalPatterns = try reader.readArray()
        outputLink = try reader.readArray()
        nodeDepth = try reader.readArray()
        edgeBytes = try reader.readArray()
        let nodes = failure.count
        func inRange(_ table: [Int32], _ upper: Int, allowing lowest: Int32 = 0) -> Bool {
            table.allSatisfy { $0 >= lowest && Int($0) < upper }
        }
        guard nodes > 0, edgeStart.count == nodes + 1, terminalStart.count == nodes + 1, outputLink.count == nodes,
              nodeDepth.count == nodes, rootTable.count == 256, edgeBytes.count == edgeTargets.count,
              edgeStart.first == 0, Int(edgeStart[nodes]) == edgeTargets.count, zip(edgeStart, edgeStart.dropFirst()).allSatisfy(<=),
              terminalStart.first == 0, Int(terminalStart[nodes]) == terminalPatterns.count,
              zip(terminalStart, terminalStart.dropFirst()).allSatisfy(<=),
              inRange(edgeTargets, nodes), inRange(rootTable, nodes), inRange(failure, nodes),
              inRange(outputLink, nodes, allowing: -1), inRange(terminalPatterns, count), inRange(nodeDepth, Int(Int32.max))
        else { throw SnapshotError.corrupted("the phrase automaton does not hold together") }
    }

    static let numberPlaceholder: [UInt8] = Array("{n}".utf8)
    static let maxNumberDigits = 4

    /// Builds the automaton. `phrases[i]` becomes pattern `i`; a `{n}` phrase expands internally.
    public init(phrases: [String]) {
        self.init(normalizedPhrases: phrases.map { Array(TextNormalizer.normalize($0).utf8) })
    }

    /// Builds the automaton from phrases already normalised by `TextNormalizer`.
    init(normalizedPhrases: [[UInt8]]) {
        // Every (folded) variant with its pattern, sorted: the trie is then built in one sweep,
        // each variant sharing the prefix it has in common with the one before.
        var entries: [(bytes: [UInt8], pattern: Int32)] = []
        for (index, normalized) in normalizedPhrases.enumerated() {
            let hasDigits = normalized.contains { $0 >= 0x30 && $0 <= 0x39 }
            patterns.append(Pattern(bytes: normalized, hasLiteralDigits: hasDigits))
            for variant in Self.expandNumbers(normalized) where !variant.isEmpty {
                entries.append((variant.map(Self.fold), Int32(index)))
            }
        }
        entries.sort { $0.bytes == $1.bytes ? $0.pattern < $1.pattern : $0.bytes.lexicographicallyPrecedes($1.bytes) }
        var parentOf: [Int32] = [-1]
        var byteOf: [UInt8] = [0]
        var depthOf: [Int32] = [0]
        var terminalsOf: [(node: Int32, pattern: Int32)] = []
        var path: [Int32] = [0]  // path[d]: the node for the first d bytes of the previous entry
        var previous: [UInt8] = []
        for entry in entries {
            var common = 0
            let limit = min(previous.count, entry.bytes.count)
            while common < limit && previous[common] == entry.bytes[common] { common += 1 }
            path.removeLast(path.count - common - 1)
            for depth in common..<entry.bytes.count {
                let node = Int32(parentOf.count)
                parentOf.append(path[depth])
                byteOf.append(entry.bytes[depth])
                depthOf.append(Int32(depth + 1))
                path.append(node)
            }
            terminalsOf.append((path[entry.bytes.count], entry.pattern))
            previous = entry.bytes
        }
        let nodeCount = parentOf.count
        // Children were created in increasing byte order under each parent (the entries are
        // sorted), so counting them out per parent keeps every edge list sorted.
        edgeStart = [Int32](repeating: 0, count: nodeCount + 1)
        for node in 1..<nodeCount { edgeStart[Int(parentOf[node]) + 1] += 1 }
        for node in 0..<nodeCount { edgeStart[node + 1] += edgeStart[node] }
        edgeBytes = [UInt8](repeating: 0, count: nodeCount - 1)
        edgeTargets = [Int32](repeating: 0, count: nodeCount - 1)
        var fill = edgeStart
        for node in 1..<nodeCount {
            let parent = Int(parentOf[node])
            let slot = Int(fill[parent])
            fill[parent] += 1
            edgeBytes[slot] = byteOf[node]
            edgeTargets[slot] = Int32(node)
            if parent == 0 { rootTable[Int(byteOf[node])] = Int32(node) }
        }
        terminalStart = [Int32](repeating: 0, count: nodeCount + 1)
        for (node, _) in terminalsOf { terminalStart[Int(node) + 1] += 1 }
        for node in 0..<nodeCount { terminalStart[node + 1] += terminalStart[node] }
        terminalPatterns = [Int32](repeating: 0, count: terminalsOf.count)
        var terminalFill = terminalStart
        // Entries were sorted by pattern within equal bytes, so each node lists its patterns in order.
        for (node, pattern) in terminalsOf {
            terminalPatterns[Int(terminalFill[Int(node)])] = pattern
            terminalFill[Int(node)] += 1
        }
        nodeDepth = depthOf
        failure = [Int32](repeating: 0, count: nodeCount)
        outputLink = [Int32](repeating: -1, count: nodeCount)
        // Failure links breadth-first.
        var queue: [Int32] = [0]
        queue.reserveCapacity(nodeCount)
        var head = 0
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            for edge in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                let byte = edgeBytes[edge], target = Int(edgeTargets[edge])
                if node != 0 {
                    var fallback = Int(failure[node])
                    while fallback != 0 && child(Int32(fallback), byte) == nil { fallback = Int(failure[fallback]) }
                    failure[target] = child(Int32(fallback), byte) ?? 0
                }
                let fail = Int(failure[target])
                outputLink[target] = hasTerminal(fail) ? Int32(fail) : outputLink[fail]
                queue.append(Int32(target))
            }
        }
    }

    @inline(__always) private func hasTerminal(_ node: Int) -> Bool { terminalStart[node] != terminalStart[node + 1] }

    /// The child of `node` along `byte`, if the trie has one.
    @inline(__always) private func child(_ node: Int32, _ byte: UInt8) -> Int32? {
        if node == 0 {
            let target = rootTable[Int(byte)]
            return target == 0 ? nil : target
        }
        let lower = Int(edgeStart[Int(node)]), upper = Int(edgeStart[Int(node) + 1])
        var low = lower, high = upper
        while low < high {
            let mid = (low + high) >> 1
            if edgeBytes[mid] < byte { low = mid + 1 } else { high = mid }
        }
        return low < upper && edgeBytes[low] == byte ? edgeTargets[low] : nil
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
            if let next = child(node, byte) { return next }
            node = failure[Int(node)]
        }
    }

    /// Every accepted occurrence, in order of end position.
    public func matches(in text: [UInt8]) -> [Match] {
        var found: [Match] = []
        var node: Int32 = 0
        for (position, rawByte) in text.enumerated() {
            node = step(node, Self.fold(rawByte))
            var outputNode = hasTerminal(Int(node)) ? node : outputLink[Int(node)]
            while outputNode >= 0 {
                for slot in Int(terminalStart[Int(outputNode)])..<Int(terminalStart[Int(outputNode) + 1]) {
                    let pattern = terminalPatterns[slot]
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
