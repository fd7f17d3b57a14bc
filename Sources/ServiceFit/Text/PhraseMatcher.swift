#if canImport(Glibc)
import Glibc
#endif

/// Finds every occurrence of many phrases in one pass (Aho–Corasick over UTF-8 bytes).
///
/// Digits are folded to `0` inside the automaton so that a `{n}` placeholder can stand for any
/// number; phrases with literal digits are verified against the real bytes on a match.
/// English phrases (ASCII at an edge) only match on word boundaries, with a plural `s` allowed.
///
/// Layout, for speed on text where matches are dense: bytes are first mapped to classes (the
/// phrases use about a hundred distinct bytes, and digits share one class), numbered from the
/// most used, so the transitions taken most share a row's first cache lines. The shallow nodes,
/// where the automaton spends most of its time and falls back to most often, are numbered breadth
/// first and have a full row of transitions with failure links already followed, as has every
/// deeper node where the trie branches; the other deep nodes, inside one phrase, keep their
/// single edge and failure link in one record, numbered depth first so that a phrase's records
/// lie one after the other. Every transition carries a flag saying whether its target ends a
/// phrase, so a byte that ends nothing costs one table lookup.
///
/// The trie the tables are derived from lives only while the automaton is built: a snapshot
/// holds the tables themselves, so a cold start copies them instead of deriving them again.
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

    private let tables: Tables
    /// Scan states: a node with a row is its row's offset in `rows` (below `rowsEnd`), any other
    /// node n is rowsEnd + n - denseCount; `endsPhrase` flags a state whose node or a node on its
    /// suffix chain ends a pattern. A row offset saves a multiplication on every byte.
    private let rowsEnd: Int32
    private let classCount: Int
    /// Nodes 0..<denseCount (all nodes up to `maxDenseDepth`, breadth first) have a dense row.
    private let denseCount: Int
    private static let endsPhrase = Int32.min
    private static let nodeMask = Int32.max

    /// Rows cost `classCount` × 4 bytes each (about 460); three levels are under 2,000 nodes for
    /// the shipped rules, and below that depth most positions have left the trie or follow one edge
    /// (the branching deep nodes, about 5,700 more, get rows of their own).
    static let maxDenseDepth: Int32 = 3

    public var patternCount: Int { tables.shape.patterns }

    /// Each pattern's normalised text, in pattern order.
    var patternTexts: [String] {
        (0..<patternCount).map { pattern in
            let lower = Int(tables.patternStart[pattern]), upper = Int(tables.patternStart[pattern + 1])
            return String(decoding: UnsafeBufferPointer(start: tables.patternBytes + lower, count: upper - lower), as: UTF8.self)
        }
    }

    private init(tables: Tables) {
        tables.deriveChainEdges()
        self.tables = tables
        classCount = tables.shape.width
        denseCount = tables.shape.denseCount
        rowsEnd = Int32(tables.shape.rowsEnd)
    }

    /// Marks, in the trie, a phrase that begins with a word byte: such a phrase hangs from the
    /// boundary node instead of the root. The scan starts at the boundary node and returns to it
    /// after every byte that is no word byte, and to the root after a word byte nothing continues,
    /// so inside a word it stays at the root instead of following every phrase that would match
    /// mid-word ("ai" in "maintain") only to refuse it at the report. No UTF-8 text holds the
    /// byte; were it read, it leads to the boundary node, as any other byte that is no word byte.
    static let boundary: UInt8 = 0xFF
    /// The boundary node is numbered right after the root, so its state is the second row.
    static let boundaryNode = 1

    static let numberPlaceholder: [UInt8] = Array("{n}".utf8)
    static let maxNumberDigits = 4

    /// Builds the automaton. `phrases[i]` becomes pattern `i`; a `{n}` phrase expands internally.
    public init(phrases: [String]) {
        self.init(normalizedPhrases: phrases.map { Array(TextNormalizer.normalize($0).utf8) })
    }

    /// Builds the automaton from phrases already normalised by `TextNormalizer`.
    init(normalizedPhrases: [[UInt8]]) {
        self.init(tables: Trie(normalizedPhrases: normalizedPhrases).derivedTables())
    }

    // MARK: Snapshot

    /// The table sizes, then each table's memory as it lies (little-endian on every platform Swift
    /// runs on today; the format version would change with the byte order or a record's layout).
    func write(to writer: SnapshotWriter) {
        for count in tables.shape.counts { writer.write(UInt32(truncatingIfNeeded: count)) }
        for block in tables.blocks { writer.appendRaw(UnsafeRawBufferPointer(block)) }
    }

    /// The tables as `write(to:)` left them, each copied once into its own memory. Every state,
    /// row offset, node, link and pattern number in them is then checked to be in range, and
    /// every failure and output link to lead to a shallower node, so a damaged snapshot is refused
    /// instead of reading out of bounds or looping later.
    init(snapshot reader: SnapshotReader) throws {
        var counts: [Int] = []
        for _ in 0..<Shape.countFields { counts.append(Int(try reader.read(UInt32.self))) }
        let broken = SnapshotError.corrupted("the phrase automaton does not hold together")
        guard let shape = Shape(counts: counts) else { throw broken }
        // Sizes first, so that a damaged count is refused before any memory is allocated for it.
        guard shape.byteCount <= reader.remaining else { throw SnapshotError.truncated }
        let tables = Tables(shape: shape)
        for block in tables.blocks {
            try reader.copyBytes(into: block.baseAddress!, count: block.count)
            reader.releaseConsumed()
        }
        guard tables.holdTogether() else { throw broken }
        self.init(tables: tables)
    }

    /// How many of each table entry there are. A snapshot's sizes come from the file, so `init`
    /// accepts only sizes whose states all fit below the flag bit.
    struct Shape {
        var width: Int
        var denseCount: Int
        var rowCount: Int
        var nodes: Int
        var terminals: Int
        var patterns: Int
        var patternBytes: Int

        static let countFields = 7
        var counts: [Int] { [width, denseCount, rowCount, nodes, terminals, patterns, patternBytes] }
        var rowsEnd: Int { rowCount * width }
        var deepCount: Int { nodes - denseCount }

        init(width: Int, denseCount: Int, rowCount: Int, nodes: Int, terminals: Int, patterns: Int, patternBytes: Int) {
            (self.width, self.denseCount, self.rowCount, self.nodes) = (width, denseCount, rowCount, nodes)
            (self.terminals, self.patterns, self.patternBytes) = (terminals, patterns, patternBytes)
        }

        init?(counts: [Int]) {
            guard counts.count == Self.countFields else { return nil }
            self.init(width: counts[0], denseCount: counts[1], rowCount: counts[2], nodes: counts[3],
                      terminals: counts[4], patterns: counts[5], patternBytes: counts[6])
            // Counts are below 2^32, so none of these products overflows.
            // Below 256, so that no class is `noChainClass`'s 0xFF; the builder's are below 249.
            guard (1...255).contains(width), nodes >= 2, (2...nodes).contains(denseCount), (denseCount...nodes).contains(rowCount),
                  rowsEnd + deepCount <= Int(Int32.max)
            else { return nil }
        }

        var byteCount: Int {
            256 + rowsEnd * 4 + rowCount * 4 + deepCount * MemoryLayout<DeepNode>.stride + nodes * MemoryLayout<ReportNode>.stride
                + terminals * 4 + (patterns + 1) * 4 + patterns + patternBytes
        }
    }

    /// A node without a row, as the scan needs it in one load: most have exactly one edge, whose
    /// class and flagged target are right here.
    struct DeepNode {
        /// The scan state of the only edge's target, flagged.
        var target: Int32
        /// The scan state of the failure node, not flagged.
        var failure: Int32
        /// The class of the only edge, or `noSingleClass` (no class is that large) for none or
        /// several. Four bytes rather than two, so the record has no padding whose bytes a
        /// snapshot would copy undefined.
        var singleClass: UInt32
        static let noSingleClass: UInt32 = 0x100
    }

    /// What a report needs about a node, together.
    struct ReportNode {
        var terminalStart: Int32
        var terminalEnd: Int32
        /// Bytes of text the node matches; it shrinks along every failure and output link, which is
        /// what a snapshot's links are checked against.
        var depth: Int32
        var outputLink: Int32
    }

    /// The tables the scan reads, in memory of their own: the scan then indexes plain pointers,
    /// with no array bounds or uniqueness checks and no closures to reach them. Filled once, when
    /// built or read from a snapshot, and never written after, so sharing one between copies is safe.
    final class Tables: @unchecked Sendable {
        let shape: Shape
        let classOfByte: UnsafeMutablePointer<UInt8>
        /// Row `r`, flagged transitions, at rows[r * width ..< (r + 1) * width]; node `n < denseCount`
        /// has row `n`.
        let rows: UnsafeMutablePointer<Int32>
        /// The node of each row.
        let rowNode: UnsafeMutablePointer<Int32>
        /// Node `n >= denseCount` at deep[n - denseCount] (read only for nodes without a row).
        let deep: UnsafeMutablePointer<DeepNode>
        let report: UnsafeMutablePointer<ReportNode>
        /// Deep node `n` at chainEdge[n - denseCount]: its one edge's class in the low byte when
        /// the edge leads on to the next deep node (always the next in number, as deep nodes are
        /// numbered depth first), `noChainClass` otherwise; `chainEndsPhrase` set when that next
        /// node's state is flagged. Two bytes instead of the record's twelve, so the chains a scan
        /// follows through long phrases take a sixth of the cache. Derived from `deep`, never
        /// stored in a snapshot.
        let chainEdge: UnsafeMutablePointer<UInt16>
        let terminalPatterns: UnsafeMutablePointer<Int32>
        let patternStart: UnsafeMutablePointer<Int32>
        /// Not Bool: a snapshot's bytes are copied in as they are, and only 0 and 1 are Bools.
        let literalDigits: UnsafeMutablePointer<UInt8>
        let patternBytes: UnsafeMutablePointer<UInt8>

        /// All the tables, one after the other, in one allocation.
        private let region: UnsafeMutableRawPointer

        // Every pointee is a plain value, so the memory needs no initialising before it is written;
        // the builder clears the rows itself, a snapshot overwrites every byte.
        init(shape: Shape) {
            self.shape = shape
            // Each table starts on a cache line of its own.
            var offset = 0
            func place<Element>(_: Element.Type, _ count: Int) -> Int {
                let placed = offset
                offset = (offset + max(1, count) * MemoryLayout<Element>.stride + 63) & ~63
                return placed
            }
            let offsets = [place(UInt8.self, 256), place(Int32.self, shape.rowsEnd), place(Int32.self, shape.rowCount),
                           place(DeepNode.self, shape.deepCount), place(ReportNode.self, shape.nodes),
                           place(Int32.self, shape.terminals), place(Int32.self, shape.patterns + 1),
                           place(UInt8.self, shape.patterns), place(UInt8.self, shape.patternBytes),
                           place(UInt16.self, shape.deepCount)]
            let base = Self.allocateRegion(byteCount: offset)
            region = base
            func table<Element>(_ index: Int, _: Element.Type) -> UnsafeMutablePointer<Element> {
                (base + offsets[index]).bindMemory(to: Element.self, capacity: 1)
            }
            classOfByte = table(0, UInt8.self)
            rows = table(1, Int32.self)
            rowNode = table(2, Int32.self)
            deep = table(3, DeepNode.self)
            report = table(4, ReportNode.self)
            terminalPatterns = table(5, Int32.self)
            patternStart = table(6, Int32.self)
            literalDigits = table(7, UInt8.self)
            patternBytes = table(8, UInt8.self)
            chainEdge = table(9, UInt16.self)
        }

        static let noChainClass: UInt16 = 0xFF
        static let chainEndsPhrase: UInt16 = 0x8000

        /// Fills `chainEdge` from the deep records; run once the records are final.
        func deriveChainEdges() {
            let rowsEnd = Int32(shape.rowsEnd)
            for index in 0..<shape.deepCount {
                let record = deep[index]
                // Classes are below 248 (the phrases use at most 247 bytes), so none is 0xFF.
                let continues = record.singleClass < 0xFF && record.target & PhraseMatcher.nodeMask == rowsEnd &+ Int32(index) &+ 1
                chainEdge[index] = continues ? UInt16(record.singleClass) | (record.target < 0 ? Self.chainEndsPhrase : 0) : Self.noChainClass
            }
        }

        /// The scan jumps between rows and records spread over megabytes, one or two per byte of
        /// text; with 4 KiB pages nearly every such jump also missed the address translation
        /// cache, which cost more than the cache misses themselves (most of all in a virtual
        /// machine). Where the system offers it, the tables go on 2 MiB pages instead.
        private static func allocateRegion(byteCount: Int) -> UnsafeMutableRawPointer {
            #if os(Linux)
            let hugePage = 2 << 20
            if byteCount >= hugePage / 2 {
                let rounded = (byteCount + hugePage - 1) & ~(hugePage - 1)
                var memory: UnsafeMutableRawPointer?
                if posix_memalign(&memory, hugePage, rounded) == 0, let memory {
                    _ = madvise(memory, rounded, MADV_HUGEPAGE)
                    return memory
                }
            }
            #endif
            return UnsafeMutableRawPointer.allocate(byteCount: max(64, byteCount), alignment: 64)
        }

        /// Every table's memory in snapshot order; the sizes add up to `shape.byteCount`.
        var blocks: [UnsafeMutableRawBufferPointer] {
            func block<Element>(_ pointer: UnsafeMutablePointer<Element>, _ count: Int) -> UnsafeMutableRawBufferPointer {
                UnsafeMutableRawBufferPointer(start: pointer, count: count * MemoryLayout<Element>.stride)
            }
            return [block(classOfByte, 256), block(rows, shape.rowsEnd), block(rowNode, shape.rowCount),
                    block(deep, shape.deepCount), block(report, shape.nodes), block(terminalPatterns, shape.terminals),
                    block(patternStart, shape.patterns + 1), block(literalDigits, shape.patterns),
                    block(patternBytes, shape.patternBytes)]
        }

        deinit {
            // posix_memalign's memory and `allocate`'s are both released with free on Linux;
            // elsewhere only `allocate` is used.
            #if os(Linux)
            free(region)
            #else
            region.deallocate()
            #endif
        }

        /// Whether every index the scan and the report follow stays in its table and every chain
        /// they walk ends: rows and deep records lead to states the scan can step from, a deep node
        /// falls back to a row or a shallower deep node, an output link to a shallower node, a node's
        /// patterns and a pattern's bytes lie inside their tables. Run on a snapshot's tables as
        /// read, one tight pass each. What is not checked cannot make the scan leave its tables:
        /// that a row state starts a row rather than lies inside one (a division per transition),
        /// and that flags and depths agree with the rows; `report` copes with any flag or depth.
        func holdTogether() -> Bool {
            let width = shape.width, nodes = shape.nodes, deepCount = shape.deepCount
            let rowsEnd = Int32(shape.rowsEnd), lastRow = Int32(shape.rowsEnd - width)
            let deepEnd = rowsEnd + Int32(deepCount)
            var wrong = false
            for byte in 0..<256 where Int(classOfByte[byte]) >= width { wrong = true }
            // Negative once any state is neither within a row nor a deep node's.
            var stray = Self.strayStates(rows, count: shape.rowsEnd, lastRow: lastRow, rowsEnd: rowsEnd, deepEnd: deepEnd)
            let denseCount = shape.denseCount
            for index in 0..<deepCount {
                let record = deep[index]
                stray |= Self.stray(record.target & PhraseMatcher.nodeMask, lastRow: lastRow, rowsEnd: rowsEnd, deepEnd: deepEnd)
                // Not flagged, and a row or a shallower deep node, so `deepStep` always ends.
                stray |= record.failure
                stray |= Self.stray(record.failure, lastRow: lastRow, rowsEnd: rowsEnd, deepEnd: deepEnd)
                if record.failure >= rowsEnd, record.failure < deepEnd,
                   report[denseCount + Int(record.failure &- rowsEnd)].depth >= report[denseCount + index].depth { wrong = true }
            }
            for row in 0..<shape.rowCount where UInt32(bitPattern: rowNode[row]) >= UInt32(nodes) { wrong = true }
            let terminals = UInt32(shape.terminals)
            for node in 0..<nodes {
                let record = report[node]
                let start = UInt32(bitPattern: record.terminalStart), end = UInt32(bitPattern: record.terminalEnd)
                if start > end || end > terminals { wrong = true }
                // -1 or a shallower node, so the output chain ends.
                let link = record.outputLink
                if link != -1 && (UInt32(bitPattern: link) >= UInt32(nodes) || report[Int(link)].depth >= record.depth) { wrong = true }
            }
            let patterns = shape.patterns
            for slot in 0..<shape.terminals where UInt32(bitPattern: terminalPatterns[slot]) >= UInt32(patterns) { wrong = true }
            if patternStart[0] != 0 || Int(patternStart[patterns]) != shape.patternBytes { wrong = true }
            for pattern in 0..<patterns where patternStart[pattern] > patternStart[pattern + 1] { wrong = true }
            return !wrong && stray >= 0
        }

        /// Negative when `state` (not flagged) is neither at most `lastRow`, so that a whole row
        /// follows it, nor in rowsEnd..<deepEnd. Sign arithmetic rather than comparisons, so the
        /// loop over every transition needs no branch and runs several states at a time: every
        /// value is below 2^31, so no difference overflows.
        @inline(__always)
        private static func stray(_ state: Int32, lastRow: Int32, rowsEnd: Int32, deepEnd: Int32) -> Int32 {
            (lastRow &- state) & ((state &- rowsEnd) | (deepEnd &- 1 &- state))
        }

        private static func strayStates(_ states: UnsafePointer<Int32>, count: Int, lastRow: Int32, rowsEnd: Int32, deepEnd: Int32) -> Int32 {
            var stray: Int32 = 0
            for index in 0..<count {
                stray |= Self.stray(states[index] & PhraseMatcher.nodeMask, lastRow: lastRow, rowsEnd: rowsEnd, deepEnd: deepEnd)
            }
            return stray
        }
    }

    /// The trie the tables are derived from, as flat arrays, built once and then dropped.
    private struct Trie {
        // Patterns as written in the rules, normalised, one after another; `{n}` marks a number.
        // Pattern i is patternBytes[patternStart[i]..<patternStart[i + 1]].
        var patternBytes: [UInt8] = []
        var patternStart: [Int32] = [0]
        var hasLiteralDigits: [Bool] = []

        var classOfByte = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        var isWordClass: [Bool] = []
        var denseCount = 1
        // Edges of node i are edgeClasses/edgeTargets[edgeStart[i]..<edgeStart[i+1]], sorted by class.
        var edgeStart: [Int32] = [0, 0]
        var edgeClasses: [UInt8] = []
        var edgeTargets: [Int32] = []
        var failure: [Int32] = [0]
        /// Patterns ending exactly at node i: terminalPatterns[terminalStart[i]..<terminalStart[i+1]],
        /// and the next node on the suffix chain that has any.
        var terminalStart: [Int32] = [0, 0]
        var terminalPatterns: [Int32] = []
        var outputLink: [Int32] = [-1]
        var nodeDepth: [Int32] = [0]
        /// Every node, shallower ones first.
        var breadthFirstOrder: [Int32] = [0]

        var patternCount: Int { hasLiteralDigits.count }

        init(normalizedPhrases: [[UInt8]]) {
            // Every (folded) variant with its pattern, sorted: the trie is then built in one sweep,
            // each variant sharing the prefix it has in common with the one before.
            var entries: [(bytes: [UInt8], pattern: Int32)] = []
            for (index, normalized) in normalizedPhrases.enumerated() {
                patternBytes += normalized
                patternStart.append(Int32(patternBytes.count))
                for variant in PhraseMatcher.expandNumbers(normalized) where !variant.isEmpty {
                    let folded = variant.map(PhraseMatcher.fold)
                    entries.append((PhraseMatcher.isWordByte(folded[0]) ? [PhraseMatcher.boundary] + folded : folded, Int32(index)))
                }
            }
            hasLiteralDigits = Self.literalDigitFlags(patternBytes, patternStart)
            entries.sort { $0.bytes == $1.bytes ? $0.pattern < $1.pattern : $0.bytes.lexicographicallyPrecedes($1.bytes) }
            var parentOf: [Int32] = [-1]
            var byteOf: [UInt8] = [0]
            // Bytes of text each node stands for: the boundary mark is no byte of text.
            var depthOf: [Int32] = [0]
            var terminalsOf: [(node: Int32, pattern: Int32)] = []
            var path: [Int32] = [0]  // path[d]: the node for the first d bytes of the previous entry
            var previous: [UInt8] = []
            for entry in entries {
                var common = 0
                let limit = min(previous.count, entry.bytes.count)
                while common < limit && previous[common] == entry.bytes[common] { common += 1 }
                path.removeLast(path.count - common - 1)
                let marked = entry.bytes[0] == PhraseMatcher.boundary ? 1 : 0
                for depth in common..<entry.bytes.count {
                    let node = Int32(parentOf.count)
                    parentOf.append(path[depth])
                    byteOf.append(entry.bytes[depth])
                    depthOf.append(Int32(depth + 1 - marked))
                    path.append(node)
                }
                terminalsOf.append((path[entry.bytes.count], entry.pattern))
                previous = entry.bytes
            }
            // The boundary node exists even when no phrase starts with a word: every scan starts there.
            // The mark sorts last, so it is the last entry's first byte when any phrase has it.
            var boundaryNode = entries.last?.bytes.first == PhraseMatcher.boundary ? Int(path[1]) : -1
            if boundaryNode < 0 {
                boundaryNode = parentOf.count
                parentOf.append(0)
                byteOf.append(PhraseMatcher.boundary)
                depthOf.append(0)
            }
            let nodeCount = parentOf.count

            // One class per byte the phrases use, numbered by how often the phrases use it, so
            // that the transitions a scan takes most (common letters, the space, the lead and
            // continuation bytes of kana) share the first cache lines of every row. Class 0 is
            // every other byte. Digits fold to `0`, so at most 247 bytes are ever used and the
            // classes fit a byte.
            var uses = [Int](repeating: 0, count: 256)
            for entry in entries { for byte in entry.bytes { uses[Int(byte)] += 1 } }
            var classOfFolded = [UInt8](repeating: 0, count: 256)
            let used = (0..<256).filter { uses[$0] > 0 }.sorted { uses[$0] != uses[$1] ? uses[$0] > uses[$1] : $0 < $1 }
            classCount = 1
            for byte in used {
                classOfFolded[byte] = UInt8(classCount)
                classCount += 1
            }
            // Word bytes no phrase uses share a class apart from class 0: a word-start phrase may
            // begin after any byte of class 0 and after none of theirs.
            let unusedWordBytes = (0..<256).filter { uses[$0] == 0 && PhraseMatcher.isWordByte(UInt8($0)) }
            if !unusedWordBytes.isEmpty {
                for byte in unusedWordBytes { classOfFolded[byte] = UInt8(classCount) }
                classCount += 1
            }
            classOfByte = (0..<256).map { classOfFolded[Int(PhraseMatcher.fold(UInt8($0)))] }
            isWordClass = [Bool](repeating: false, count: classCount)
            for byte in 0..<256 where PhraseMatcher.isWordByte(UInt8(byte)) { isWordClass[Int(classOfByte[byte])] = true }

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
            // Shallow nodes are numbered breadth first and come first, so "has a dense row" is one
            // comparison. Deeper nodes are numbered depth first below them: a phrase's tail, one
            // node after the other, then lies in consecutive records, so following it through the
            // text reads memory in order instead of jumping a whole trie level per byte.
            // The boundary node comes second, with the root: both stand for no text, so the boundary
            // node's children are as shallow as the root's.
            var breadthFirst: [Int32] = [0, Int32(boundaryNode)]
            breadthFirst.reserveCapacity(nodeCount)
            var head = 0
            while head < breadthFirst.count {
                let node = Int(breadthFirst[head])
                head += 1
                breadthFirst += children[Int(childStart[node])..<Int(childStart[node + 1])].lazy.filter { $0 != Int32(boundaryNode) }
            }
            var order = Array(breadthFirst.prefix { depthOf[Int($0)] <= PhraseMatcher.maxDenseDepth })
            order.reserveCapacity(nodeCount)
            var pending: [Int32] = []
            for top in order where depthOf[Int(top)] == PhraseMatcher.maxDenseDepth {
                pending.append(contentsOf: children[Int(childStart[Int(top)])..<Int(childStart[Int(top) + 1])].reversed())
                while let node = pending.popLast() {
                    order.append(node)
                    pending.append(contentsOf: children[Int(childStart[Int(node)])..<Int(childStart[Int(node) + 1])].reversed())
                }
            }
            var number = [Int32](repeating: 0, count: nodeCount)
            for (position, node) in order.enumerated() { number[Int(node)] = Int32(position) }
            // Failure links and rows are derived shallow to deep: a node's failure node is shallower.
            breadthFirstOrder = breadthFirst.map { number[Int($0)] }

            edgeStart = [0]
            edgeStart.reserveCapacity(nodeCount + 1)
            edgeClasses.reserveCapacity(nodeCount - 1)
            edgeTargets.reserveCapacity(nodeCount - 1)
            for node in order {
                // Children are in byte order; edges go in class order, which `child` searches. Most
                // nodes have one child, so an insertion sort in place, with no array made per node.
                let lower = Int(childStart[Int(node)]), upper = Int(childStart[Int(node) + 1])
                func classOf(_ child: Int32) -> UInt8 { classOfFolded[Int(byteOf[Int(child)])] }
                if upper - lower > 1 {
                    for index in (lower + 1)..<upper {
                        let child = children[index], key = classOf(child)
                        var hole = index
                        while hole > lower && classOf(children[hole - 1]) > key {
                            children[hole] = children[hole - 1]
                            hole -= 1
                        }
                        children[hole] = child
                    }
                }
                for child in children[lower..<upper] {
                    edgeClasses.append(classOf(child))
                    edgeTargets.append(number[Int(child)])
                }
                edgeStart.append(Int32(edgeTargets.count))
            }
            nodeDepth = order.map { depthOf[Int($0)] }
            denseCount = nodeDepth.firstIndex { $0 > PhraseMatcher.maxDenseDepth } ?? nodeCount

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
            // Breadth first: a node's parent and every shallower node are done before it.
            for numbered in breadthFirstOrder {
                let node = Int(numbered)
                for edge in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                    let byteClass = edgeClasses[edge], target = Int(edgeTargets[edge])
                    if node == 0 {
                        // The boundary node falls back to the root; a phrase's first byte is no word
                        // byte when it hangs from the root, so after it a word may begin.
                        failure[target] = target == PhraseMatcher.boundaryNode ? 0 : Int32(PhraseMatcher.boundaryNode)
                    } else {
                        var fallback = Int(failure[node])
                        while fallback != 0 && child(fallback, byteClass) == nil { fallback = Int(failure[fallback]) }
                        failure[target] = child(fallback, byteClass) ?? afterNothing(byteClass)
                    }
                    let fail = Int(failure[target])
                    outputLink[target] = hasTerminal(fail) ? Int32(fail) : outputLink[fail]
                }
            }
        }

        static func literalDigitFlags(_ bytes: [UInt8], _ starts: [Int32]) -> [Bool] {
            (0..<(starts.count - 1)).map { index in
                bytes[Int(starts[index])..<Int(starts[index + 1])].contains { $0 >= 0x30 && $0 <= 0x39 }
            }
        }

        @inline(__always) func hasTerminal(_ node: Int) -> Bool { terminalStart[node] != terminalStart[node + 1] }

        /// Where a byte no phrase continues with leads: after a word byte, mid-word, where only
        /// phrases that begin with no word byte can start (the root); after any other byte, to a
        /// word boundary (the boundary node).
        @inline(__always) func afterNothing(_ byteClass: UInt8) -> Int32 {
            isWordClass[Int(byteClass)] ? 0 : Int32(PhraseMatcher.boundaryNode)
        }

        /// The child of `node` along `byteClass`, if the trie has one.
        func child(_ node: Int, _ byteClass: UInt8) -> Int32? {
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
        /// transitions with its own edges written over them. Failure nodes are shallower, so filled
        /// first; a failure node without a row (one edge or none) passes on the row at the
        /// end of its own failure chain with the edges met on the way written over it.
        func derivedTables() -> Tables {
            let nodes = failure.count
            let flagged = (0..<nodes).map { node in
                hasTerminal(node) || outputLink[node] >= 0 ? Int32(node) | PhraseMatcher.endsPhrase : Int32(node)
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
            let built = Tables(shape: Shape(width: width, denseCount: denseCount, rowCount: rowCount, nodes: nodes,
                                            terminals: terminalPatterns.count, patterns: patternCount, patternBytes: patternBytes.count))
            let rowsEnd = rowCount * width
            built.rows.initialize(repeating: 0, count: max(1, rowsEnd))
            func state(_ node: Int) -> Int32 {
                Int32(truncatingIfNeeded: rowOf[node] >= 0 ? Int(rowOf[node]) * width : rowsEnd + node - denseCount)
            }
            let flaggedTargets = edgeTargets.map { state(Int($0)) | (flagged[Int($0)] & PhraseMatcher.endsPhrase) }
            let rows = built.rows
            // The root's row, for every class it has no edge for: the root again after a word byte,
            // the boundary node after any other (neither ends a phrase, so neither is flagged).
            for byteClass in 0..<width { rows[byteClass] = state(Int(afterNothing(UInt8(byteClass)))) }
            var chain: [Int] = []
            for node in breadthFirstOrder.lazy.map({ Int($0) }) where rowOf[node] >= 0 {
                built.rowNode[Int(rowOf[node])] = Int32(node)
                let row = rows + Int(rowOf[node]) * width
                if node > 0 {
                    chain.removeAll(keepingCapacity: true)
                    var fallback = Int(failure[node])
                    // Failure links lead to shallower nodes, so the chain ends.
                    while rowOf[fallback] < 0 && fallback != 0 {
                        chain.append(fallback)
                        fallback = Int(failure[fallback])
                    }
                    row.update(from: rows + Int(rowOf[fallback]) * width, count: width)
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
                    singleClass: count == 1 ? UInt32(edgeClasses[first]) : DeepNode.noSingleClass)
            }
            for byte in 0..<256 { built.classOfByte[byte] = classOfByte[byte] }
            for node in 0..<nodes {
                built.report[node] = ReportNode(terminalStart: terminalStart[node], terminalEnd: terminalStart[node + 1],
                                                depth: nodeDepth[node], outputLink: outputLink[node])
            }
            for slot in terminalPatterns.indices { built.terminalPatterns[slot] = terminalPatterns[slot] }
            for pattern in 0..<patternCount {
                built.patternStart[pattern] = patternStart[pattern]
                built.literalDigits[pattern] = hasLiteralDigits[pattern] ? 1 : 0
            }
            built.patternStart[patternCount] = patternStart[patternCount]
            for index in patternBytes.indices { built.patternBytes[index] = patternBytes[index] }
            return built
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
        let classOfByte = tables.classOfByte, rows = tables.rows, chainEdge = tables.chainEdge
        let end = start + text.count
        // The boundary node's row: the text's start is a word boundary.
        var state = Int32(truncatingIfNeeded: classCount)
        var next = start
        while next != end {
            let byteClass = classOfByte[Int(next.pointee)]
            let current = state & Self.nodeMask
            next += 1
            if current < rowsEnd {
                state = rows[Int(current) &+ Int(byteClass)]
            } else {
                // Inside a long phrase: one edge, and the text goes on along it to the next node.
                let index = Int(current &- rowsEnd), edge = chainEdge[index]
                if UInt8(truncatingIfNeeded: edge) == byteClass {
                    state = (current &+ 1) | Int32(bitPattern: UInt32(edge & Tables.chainEndsPhrase) &<< 16)
                } else {
                    state = deepStep(tables.deep[index], byteClass)
                }
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
        // The one edge may still be taken when it leads to a node with a row.
        if record.singleClass == UInt32(byteClass) { return record.target }
        while true {
            let fallback = record.failure
            if fallback < rowsEnd { return tables.rows[Int(fallback) &+ Int(byteClass)] }
            record = tables.deep[Int(fallback &- rowsEnd)]
            if record.singleClass == UInt32(byteClass) { return record.target }
        }
    }

    @inline(never)
    private func report<Collector: Sink>(_ node: Int, endingAt end: Int, in text: UnsafeBufferPointer<UInt8>, into found: inout Collector) {
        let tables = tables
        var record = tables.report[node]
        var outputNode = node
        // A snapshot's flags and depths are not cross-checked with the rows (that would cost a
        // lookup per transition at every load), so a flag with nothing behind it and a depth
        // longer than the text read so far are passed over here instead, at the cost of a compare
        // per match.
        if record.terminalStart == record.terminalEnd {
            outputNode = Int(record.outputLink)
            if outputNode < 0 { return }
            record = tables.report[outputNode]
        }
        while true {
            let depth = Int(record.depth)
            for slot in Int(record.terminalStart)..<Int(record.terminalEnd) where UInt(bitPattern: depth &- 1) < UInt(end) {
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
        if tables.literalDigits[pattern] != 0 {
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
