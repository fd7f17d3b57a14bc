/// Finds every occurrence of many phrases in one pass (Aho–Corasick over UTF-8 bytes).
///
/// Digits are folded to `0` inside the automaton so that a `{n}` placeholder can stand for any
/// number; phrases with literal digits are verified against the real bytes on a match.
/// English phrases (ASCII at an edge) only match on word boundaries, with a plural `s` allowed.
///
/// Layout, for speed on text where matches are dense: bytes are first mapped to classes (the
/// phrases use about a hundred distinct bytes, and digits share one class), and nodes are
/// numbered breadth first. The shallow nodes, where the automaton spends most of its time and
/// falls back to most often, and every deeper node where the trie branches get a full row of
/// transitions with failure links already followed; the other deep nodes, inside one phrase,
/// keep their single edge and failure link in one record. Every transition carries a flag saying
/// whether its target ends a phrase, so a byte that ends nothing costs one table lookup.
public struct PhraseMatcher: Sendable {
    public struct Match: Sendable, Hashable {
        public var pattern: Int
        public var range: Range<Int>
    }

    /// A match as the text reader collects it: plain integers, no ranges to build.
    struct Found {
        var pattern: Int32
        var start: Int
        var end: Int
    }

    /// Where `collect` puts what it finds: a value with a mutating method rather than a closure,
    /// so that the caller can turn matches into what it needs as they come, with no list between.
    protocol Sink {
        mutating func found(pattern: Int32, start: Int, end: Int)
    }

    // Patterns as written in the rules, normalised, one after another; `{n}` marks a number.
    // Pattern i is patternBytes[patternStart[i]..<patternStart[i + 1]].
    private var patternBytes: [UInt8] = []
    private var patternStart: [Int32] = [0]
    private var hasLiteralDigits: [Bool] = []

    private var classOfByte = [UInt8](repeating: 0, count: 256)
    private var classCount = 1
    /// Nodes 0..<denseCount (all nodes up to `maxDenseDepth`, breadth first) have a dense row.
    private var denseCount = 1
    // Trie as flat arrays: edges of node i are edgeClasses/edgeTargets[edgeStart[i]..<edgeStart[i+1]],
    // sorted by class.
    private var edgeStart: [Int32] = [0, 0]
    private var edgeClasses: [UInt8] = []
    private var edgeTargets: [Int32] = []
    private var failure: [Int32] = [0]
    /// Patterns ending exactly at node i: terminalPatterns[terminalStart[i]..<terminalStart[i+1]],
    /// and the next node on the suffix chain that has any.
    private var terminalStart: [Int32] = [0, 0]
    private var terminalPatterns: [Int32] = []
    private var outputLink: [Int32] = [-1]
    private var nodeDepth: [Int32] = [0]

    // Derived from the above whenever the automaton is built or loaded, never stored: a target
    // node with `endsPhrase` set when it or a node on its suffix chain ends a pattern.
    private var tables = Tables.empty
    /// Scan states: a node with a row is its row's offset in `rows` (below `rowsEnd`), any other
    /// node n is rowsEnd + n - denseCount; `endsPhrase` flags a state whose node or a node on its
    /// suffix chain ends a pattern. A row offset saves a multiplication on every byte.
    private var rowsEnd: Int32 = 0
    private static let endsPhrase = Int32.min
    private static let nodeMask = Int32.max

    /// Rows cost `classCount` × 4 bytes each (about 460); three levels are under 2,000 nodes for
    /// the shipped rules, and below that depth most positions have left the trie or follow one edge
    /// (the branching deep nodes, about 4,300 more, get rows of their own).
    static let maxDenseDepth: Int32 = 3

    public var patternCount: Int { hasLiteralDigits.count }

    /// Each pattern's normalised text, in pattern order.
    var patternTexts: [String] {
        (0..<patternCount).map { String(decoding: patternBytes[Int(patternStart[$0])..<Int(patternStart[$0 + 1])], as: UTF8.self) }
    }

    func write(to writer: SnapshotWriter) {
        writer.writeArray(patternStart)
        writer.writeArray(patternBytes)
        writer.writeArray(classOfByte)
        writer.write(UInt32(truncatingIfNeeded: classCount))
        writer.write(UInt32(truncatingIfNeeded: denseCount))
        for table in [edgeStart, edgeTargets, failure, terminalStart, terminalPatterns, outputLink, nodeDepth] {
            writer.writeArray(table)
        }
        writer.writeArray(edgeClasses)
    }

    /// The automaton as `write(to:)` left it. Every node, class and pattern number in it is
    /// checked to be in range, every failure and output link to lead to a shallower node and
    /// every edge one level down, so a damaged snapshot is refused instead of indexing out of
    /// bounds or looping later.
    init(snapshot reader: SnapshotReader) throws {
        patternStart = try reader.readArray()
        patternBytes = try reader.readArray()
        classOfByte = try reader.readArray()
        classCount = Int(try reader.read(UInt32.self))
        denseCount = Int(try reader.read(UInt32.self))
        edgeStart = try reader.readArray()
        edgeTargets = try reader.readArray()
        failure = try reader.readArray()
        terminalStart = try reader.readArray()
        terminalPatterns = try reader.readArray()
        outputLink = try reader.readArray()
        nodeDepth = try reader.readArray()
        edgeClasses = try reader.readArray()
        let broken = SnapshotError.corrupted("the phrase automaton does not hold together")
        guard Self.holdsTogether(offsets: patternStart, count: patternBytes.count) else { throw broken }
        hasLiteralDigits = Self.literalDigitFlags(patternBytes, patternStart)
        guard classOfByte.count == 256, (1...256).contains(classCount), classOfByte.allSatisfy({ Int($0) < classCount }),
              edgeClasses.allSatisfy({ Int($0) < classCount }), validNodes(),
              // Every scan state, a row offset or a node past them, must fit below the flag bit.
              failure.count <= Int(Int32.max) / (classCount + 1)
        else { throw broken }
        deriveTables()
    }

    /// Offsets that start at 0, never decrease and end at `count`.
    private static func holdsTogether(offsets: [Int32], count: Int) -> Bool {
        guard let first = offsets.first, let last = offsets.last, first == 0, Int(last) == count else { return false }
        return offsets.withUnsafeBufferPointer { offsets in
            var previous: Int32 = 0
            for offset in offsets {
                if offset < previous { return false }
                previous = offset
            }
            return true
        }
    }

    private func validNodes() -> Bool {
        let nodes = failure.count
        guard nodes > 0, (1...nodes).contains(denseCount), edgeStart.count == nodes + 1, terminalStart.count == nodes + 1,
              outputLink.count == nodes, nodeDepth.count == nodes, edgeClasses.count == edgeTargets.count,
              Self.holdsTogether(offsets: edgeStart, count: edgeTargets.count),
              Self.holdsTogether(offsets: terminalStart, count: terminalPatterns.count),
              nodeDepth[0] == 0, failure[0] == 0, outputLink[0] == -1
        else { return false }
        let patterns = Int32(patternCount)
        guard terminalPatterns.allSatisfy({ $0 >= 0 && $0 < patterns }) else { return false }
        return nodeDepth.withUnsafeBufferPointer { depth in
            for node in 0..<nodes {
                for edge in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                    let target = Int(edgeTargets[edge])
                    guard target >= 0, target < nodes, depth[target] == depth[node] + 1 else { return false }
                }
                guard node > 0 else { continue }
                let fallback = Int(failure[node]), output = Int(outputLink[node])
                guard fallback >= 0, fallback < nodes, depth[fallback] < depth[node],
                      output == -1 || (output >= 0 && output < nodes && depth[output] < depth[node])
                else { return false }
            }
            return true
        }
    }

    private static func literalDigitFlags(_ bytes: [UInt8], _ starts: [Int32]) -> [Bool] {
        (0..<(starts.count - 1)).map { index in
            bytes[Int(starts[index])..<Int(starts[index + 1])].contains { $0 >= 0x30 && $0 <= 0x39 }
        }
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
            patternBytes += normalized
            patternStart.append(Int32(patternBytes.count))
            for variant in Self.expandNumbers(normalized) where !variant.isEmpty {
                entries.append((variant.map(Self.fold), Int32(index)))
            }
        }
        hasLiteralDigits = Self.literalDigitFlags(patternBytes, patternStart)
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

        // One class per byte the phrases use, in byte order so that edges sorted by byte are
        // sorted by class; class 0 is every other byte. Digits fold to `0`, so at most 247 bytes
        // are ever used and the classes fit a byte.
        var classOfFolded = [UInt8](repeating: 0, count: 256)
        for byte in byteOf.dropFirst() { classOfFolded[Int(byte)] = 1 }
        classCount = 1
        for byte in 0..<256 where classOfFolded[byte] != 0 {
            classOfFolded[byte] = UInt8(classCount)
            classCount += 1
        }
        classOfByte = (0..<256).map { classOfFolded[Int(Self.fold(UInt8($0)))] }

        // Children were created in increasing byte order under each parent (the entries are
        // sorted), so counting them out per parent keeps every child list sorted.
        var childStart = [Int32](repeating: 0, count: nodeCount + 1)
        for node in 1..<nodeCount { childStart[Int(parentOf[node]) + 1] += 1 }
        for node in 0..<nodeCount { childStart[node + 1] += childStart[node] }
        var children = [Int32](repeating: 0, count: nodeCount - 1)
        var fill = childStart
        for node in 1..<nodeCount {
            let parent = Int(parentOf[node])
            children[Int(fill[parent])] = Int32(node)
            fill[parent] += 1
        }
        // Breadth-first numbering: shallow nodes come first, so "has a dense row" is one
        // comparison, and every failure link points to a smaller number.
        var order: [Int32] = [0]
        order.reserveCapacity(nodeCount)
        var head = 0
        while head < order.count {
            let node = Int(order[head])
            head += 1
            order += children[Int(childStart[node])..<Int(childStart[node + 1])]
        }
        var number = [Int32](repeating: 0, count: nodeCount)
        for (position, node) in order.enumerated() { number[Int(node)] = Int32(position) }

        edgeStart = [0]
        edgeStart.reserveCapacity(nodeCount + 1)
        edgeClasses.reserveCapacity(nodeCount - 1)
        edgeTargets.reserveCapacity(nodeCount - 1)
        for node in order {
            for child in children[Int(childStart[Int(node)])..<Int(childStart[Int(node) + 1])] {
                edgeClasses.append(classOfFolded[Int(byteOf[Int(child)])])
                edgeTargets.append(number[Int(child)])
            }
            edgeStart.append(Int32(edgeTargets.count))
        }
        nodeDepth = order.map { depthOf[Int($0)] }
        denseCount = nodeDepth.firstIndex { $0 > Self.maxDenseDepth } ?? nodeCount

        terminalStart = [Int32](repeating: 0, count: nodeCount + 1)
        for (node, _) in terminalsOf { terminalStart[Int(number[Int(node)]) + 1] += 1 }
        for node in 0..<nodeCount { terminalStart[node + 1] += terminalStart[node] }
        terminalPatterns = [Int32](repeating: 0, count: terminalsOf.count)
        var terminalFill = terminalStart
        // Entries were sorted by pattern within equal bytes, so each node lists its patterns in order.
        for (node, pattern) in terminalsOf {
            let numbered = Int(number[Int(node)])
            terminalPatterns[Int(terminalFill[numbered])] = pattern
            terminalFill[numbered] += 1
        }

        failure = [Int32](repeating: 0, count: nodeCount)
        outputLink = [Int32](repeating: -1, count: nodeCount)
        // Failure links in numbering order, which is breadth first: a node's parent and every
        // shallower node are done before it.
        for node in 0..<nodeCount {
            for edge in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                let byteClass = edgeClasses[edge], target = Int(edgeTargets[edge])
                if node != 0 {
                    var fallback = Int(failure[node])
                    while fallback != 0 && child(fallback, byteClass) == nil { fallback = Int(failure[fallback]) }
                    failure[target] = child(fallback, byteClass) ?? 0
                }
                let fail = Int(failure[target])
                outputLink[target] = hasTerminal(fail) ? Int32(fail) : outputLink[fail]
            }
        }
        deriveTables()
    }

    @inline(__always) private func hasTerminal(_ node: Int) -> Bool { terminalStart[node] != terminalStart[node + 1] }

    /// The child of `node` along `byteClass`, if the trie has one.
    private func child(_ node: Int, _ byteClass: UInt8) -> Int32? {
        let lower = Int(edgeStart[node]), upper = Int(edgeStart[node + 1])
        var low = lower, high = upper
        while low < high {
            let mid = (low + high) >> 1
            if edgeClasses[mid] < byteClass { low = mid + 1 } else { high = mid }
        }
        return low < upper && edgeClasses[low] == byteClass ? edgeTargets[low] : nil
    }

    /// The flagged edge targets, the rows and the deep nodes' records. Every node up to
    /// `maxDenseDepth` and every deeper node with several edges gets a row: its failure node's
    /// transitions with its own edges written over them. Failure nodes are shallower, so numbered
    /// and filled first; a failure node without a row (one edge or none) passes on the row at the
    /// end of its own failure chain with the edges met on the way written over it.
    private mutating func deriveTables() {
        let nodes = failure.count
        let flagged = (0..<nodes).map { node in
            hasTerminal(node) || outputLink[node] >= 0 ? Int32(node) | Self.endsPhrase : Int32(node)
        }
        let width = classCount
        func edges(_ node: Int) -> Range<Int> { Int(edgeStart[node])..<Int(edgeStart[node + 1]) }
        // Row of each node that has one: dense nodes their own number, then deep branching nodes in order.
        var rowOf = [Int32](repeating: -1, count: nodes)
        var rowCount = denseCount
        for node in 0..<nodes where node < denseCount || edges(node).count > 1 {
            rowOf[node] = node < denseCount ? Int32(node) : Int32(rowCount)
            if node >= denseCount { rowCount += 1 }
        }
        let built = Tables(nodes: nodes, denseCount: denseCount, rowCount: rowCount, width: width,
                           terminals: terminalPatterns.count, patterns: patternCount, patternBytes: patternBytes.count)
        let rowsEnd = rowCount * width
        func state(_ node: Int) -> Int32 {
            Int32(truncatingIfNeeded: rowOf[node] >= 0 ? Int(rowOf[node]) * width : rowsEnd + node - denseCount)
        }
        let flaggedTargets = edgeTargets.map { state(Int($0)) | (flagged[Int($0)] & Self.endsPhrase) }
        let rows = built.rows
        var chain: [Int] = []
        for node in 0..<nodes where rowOf[node] >= 0 {
            built.rowNode[Int(rowOf[node])] = Int32(node)
            let row = rows + Int(rowOf[node]) * width
            if node > 0 {
                chain.removeAll(keepingCapacity: true)
                var fallback = Int(failure[node])
                // Validated links lead to shallower nodes, so the chain ends; a damaged snapshot that
                // still passed could only give wrong answers here, never a trap.
                while rowOf[fallback] < 0 && fallback != 0 {
                    chain.append(fallback)
                    fallback = Int(failure[fallback])
                }
                if fallback < node {
                    row.update(from: rows + Int(rowOf[fallback]) * width, count: width)
                }
                for passed in chain.reversed() {
                    for edge in edges(passed) { row[Int(edgeClasses[edge])] = flaggedTargets[edge] }
                }
            }
            for edge in edges(node) { row[Int(edgeClasses[edge])] = flaggedTargets[edge] }
        }
        for node in denseCount..<nodes {
            let first = Int(edgeStart[node]), count = Int(edgeStart[node + 1]) - first
            built.deep[node - denseCount] = DeepNode(
                target: count == 1 ? flaggedTargets[first] : 0, failure: state(Int(failure[node])),
                singleClass: count == 1 ? UInt16(edgeClasses[first]) : DeepNode.noSingleClass)
        }
        for byte in 0..<256 { built.classOfByte[byte] = classOfByte[byte] }
        for node in 0..<nodes {
            built.report[node] = ReportNode(terminalStart: terminalStart[node], terminalEnd: terminalStart[node + 1],
                                            depth: nodeDepth[node], outputLink: outputLink[node])
        }
        for slot in terminalPatterns.indices { built.terminalPatterns[slot] = terminalPatterns[slot] }
        for pattern in 0..<patternCount {
            built.patternStart[pattern] = patternStart[pattern]
            built.literalDigits[pattern] = hasLiteralDigits[pattern]
        }
        built.patternStart[patternCount] = patternStart[patternCount]
        for index in patternBytes.indices { built.patternBytes[index] = patternBytes[index] }
        tables = built
        self.rowsEnd = Int32(rowsEnd)
    }

    /// A node without a row, as the scan needs it in one load: most have exactly one edge, whose
    /// class and flagged target are right here.
    struct DeepNode {
        /// The scan state of the only edge's target, flagged.
        var target: Int32
        /// The scan state of the failure node, not flagged.
        var failure: Int32
        /// The class of the only edge, or `noSingleClass` (no class is that large) for none or several.
        var singleClass: UInt16
        static let noSingleClass: UInt16 = 0x100
    }

    /// What a report needs about a node, together.
    struct ReportNode {
        var terminalStart: Int32
        var terminalEnd: Int32
        var depth: Int32
        var outputLink: Int32
    }

    /// The tables the scan reads, in memory of their own: the scan then indexes plain pointers,
    /// with no array bounds or uniqueness checks and no closures to reach them. Built once per
    /// automaton and never written after, so sharing one between copies is safe.
    final class Tables: @unchecked Sendable {
        let classOfByte: UnsafeMutablePointer<UInt8>
        /// Row `r`, flagged transitions, at rows[r * width ..< (r + 1) * width]; node `n < denseCount`
        /// has row `n`.
        let rows: UnsafeMutablePointer<Int32>
        /// The node of each row.
        let rowNode: UnsafeMutablePointer<Int32>
        /// Node `n >= denseCount` at deep[n - denseCount] (read only for nodes without a row).
        let deep: UnsafeMutablePointer<DeepNode>
        let report: UnsafeMutablePointer<ReportNode>
        let terminalPatterns: UnsafeMutablePointer<Int32>
        let patternStart: UnsafeMutablePointer<Int32>
        let literalDigits: UnsafeMutablePointer<Bool>
        let patternBytes: UnsafeMutablePointer<UInt8>

        // Every pointee is a plain value, so the memory needs no initialising before it is written.
        init(nodes: Int, denseCount: Int, rowCount: Int, width: Int, terminals: Int, patterns: Int, patternBytes bytes: Int) {
            classOfByte = .allocate(capacity: 256)
            classOfByte.initialize(repeating: 0, count: 256)
            rows = .allocate(capacity: max(1, rowCount * width))
            rows.initialize(repeating: 0, count: max(1, rowCount * width))
            rowNode = .allocate(capacity: max(1, rowCount))
            deep = .allocate(capacity: max(1, nodes - denseCount))
            report = .allocate(capacity: max(1, nodes))
            terminalPatterns = .allocate(capacity: max(1, terminals))
            patternStart = .allocate(capacity: patterns + 1)
            literalDigits = .allocate(capacity: max(1, patterns))
            patternBytes = .allocate(capacity: max(1, bytes))
        }

        deinit {
            for pointer in [UnsafeMutableRawPointer(classOfByte), UnsafeMutableRawPointer(rows), UnsafeMutableRawPointer(rowNode),
                            UnsafeMutableRawPointer(deep),
                            UnsafeMutableRawPointer(report), UnsafeMutableRawPointer(terminalPatterns),
                            UnsafeMutableRawPointer(patternStart), UnsafeMutableRawPointer(literalDigits),
                            UnsafeMutableRawPointer(patternBytes)] {
                pointer.deallocate()
            }
        }

        static let empty = Tables(nodes: 1, denseCount: 1, rowCount: 1, width: 1, terminals: 0, patterns: 0, patternBytes: 0)
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

    /// Every accepted occurrence, in order of end position.
    public func matches(in text: [UInt8]) -> [Match] {
        var found: [Found] = []
        text.withUnsafeBufferPointer { collect(in: $0, into: &found) }
        return found.map { Match(pattern: Int($0.pattern), range: $0.start..<$0.end) }
    }

    /// Appends every accepted occurrence to `found`, in order of end position; for one end, longer
    /// phrases first and, for one phrase, patterns in order.
    func collect<Collector: Sink>(in text: UnsafeBufferPointer<UInt8>, into found: inout Collector) {
        guard let start = text.baseAddress else { return }
        let tables = tables, rowsEnd = rowsEnd
        let classOfByte = tables.classOfByte, rows = tables.rows, deep = tables.deep
        let end = start + text.count
        var state: Int32 = 0
        var next = start
        while next != end {
            let byteClass = classOfByte[Int(next.pointee)]
            let current = state & Self.nodeMask
            next += 1
            if current < rowsEnd {
                state = rows[Int(current) &+ Int(byteClass)]
            } else {
                // Inside a long phrase: one edge, and the text goes on along it.
                let record = deep[Int(current &- rowsEnd)]
                state = record.singleClass == UInt16(byteClass) ? record.target : deepStep(record, byteClass)
            }
            if state < 0 { report(node(Int(state & Self.nodeMask)), endingAt: start.distance(to: next), in: text, into: &found) }
        }
    }

    /// The node a scan state stands for.
    @inline(__always) private func node(_ state: Int) -> Int {
        state < Int(rowsEnd) ? Int(tables.rowNode[state / classCount]) : state - Int(rowsEnd) + denseCount
    }

    /// A step from a node without a row that its single edge does not take: its failure node's step.
    // Kept out of line, as is `report`: the scan loop then keeps its few values in registers.
    @inline(never)
    private func deepStep(_ start: DeepNode, _ byteClass: UInt8) -> Int32 {
        let tables = tables, rowsEnd = rowsEnd
        var record = start
        while true {
            let fallback = record.failure
            if fallback < rowsEnd { return tables.rows[Int(fallback) &+ Int(byteClass)] }
            record = tables.deep[Int(fallback &- rowsEnd)]
            if record.singleClass == UInt16(byteClass) { return record.target }
        }
    }

    @inline(never)
    private func report<Collector: Sink>(_ node: Int, endingAt end: Int, in text: UnsafeBufferPointer<UInt8>, into found: inout Collector) {
        let tables = tables
        var record = tables.report[node]
        var outputNode = node
        if record.terminalStart == record.terminalEnd {
            outputNode = Int(record.outputLink)
            record = tables.report[outputNode]
        }
        while true {
            let depth = Int(record.depth)
            for slot in Int(record.terminalStart)..<Int(record.terminalEnd) {
                let pattern = tables.terminalPatterns[slot]
                if let matchEnd = accept(Int(pattern), endingAt: end, depth: depth, in: text, tables: tables) {
                    found.found(pattern: pattern, start: end - depth, end: matchEnd)
                }
            }
            outputNode = Int(record.outputLink)
            if outputNode < 0 { return }
            record = tables.report[outputNode]
        }
    }

    /// Where the match ends once a plural is taken in, or nil when it is no match after all.
    @inline(__always)
    private func accept(_ pattern: Int, endingAt end: Int, depth: Int, in buffer: UnsafeBufferPointer<UInt8>, tables: Tables) -> Int? {
        let start = end - depth, count = buffer.count
        let text = buffer.baseAddress!
        if tables.literalDigits[pattern] {
            // Only patterns without {n} carry literal digits that must agree exactly.
            let lower = Int(tables.patternStart[pattern]), upper = Int(tables.patternStart[pattern + 1])
            if depth == upper - lower {
                for offset in 0..<depth where text[start + offset] != tables.patternBytes[lower + offset] { return nil }
            }
        }
        if Self.isWordByte(text[start]), start > 0, Self.isWordByte(text[start - 1]) { return nil }
        var matchEnd = end
        if Self.isWordByte(text[end - 1]), end < count, Self.isWordByte(text[end]) {
            // Tolerate a plural: "stream" in "streams", "class" in "classes".
            if text[end] == 0x73, end + 1 == count || !Self.isWordByte(text[end + 1]) {
                matchEnd = end + 1
            } else if text[end] == 0x65, end + 1 < count, text[end + 1] == 0x73,
                      end + 2 == count || !Self.isWordByte(text[end + 2]) {
                matchEnd = end + 2
            } else {
                return nil
            }
        }
        return matchEnd
    }
}

extension [PhraseMatcher.Found]: PhraseMatcher.Sink {
    mutating func found(pattern: Int32, start: Int, end: Int) {
        append(PhraseMatcher.Found(pattern: pattern, start: start, end: end))
    }
}
