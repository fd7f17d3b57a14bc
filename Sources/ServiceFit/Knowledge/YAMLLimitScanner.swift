import CYaml
import Yams

/// Enforces `InputLimits` on YAML text before it is composed into a tree and walked: the nesting
/// depth, and the number of nodes aliases stand for once expanded. A "billion laughs" file is a
/// few hundred bytes whose aliases expand to billions of nodes; composing it is cheap (Yams shares
/// the aliased values) but every walk over the tree is not, so it is refused here.
enum YAMLLimitScanner {
    /// The first limit the text breaks, as a diagnostic at the place it is broken; nil when it
    /// keeps to every limit. Syntax errors are left to the composer, which describes them better.
    static func check(_ text: String, file: String, limits: InputLimits) -> Diagnostic? {
        // Without an anchor there is nothing to alias: the cheaper tree check covers depth.
        guard text.utf8.contains(UInt8(ascii: "&")) else { return nil }
        var text = text
        return text.withUTF8 { bytes in scanEvents(bytes, file: file, limits: limits) }
    }

    private static func scanEvents(_ bytes: UnsafeBufferPointer<UInt8>, file: String, limits: InputLimits) -> Diagnostic? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        guard let base = bytes.baseAddress else { return nil }
        yaml_parser_set_input_string(&parser, base, bytes.count)

        // Each open collection: the nodes it holds so far (aliases expanded) and its anchor.
        var open: [(size: Int, anchor: String?)] = []
        var anchorSizes: [String: Int] = [:]
        var aliasCost = 0
        func add(_ size: Int) {
            guard !open.isEmpty else { return }
            open[open.count - 1].size = saturatingSum(open[open.count - 1].size, size)
        }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                if let anchor = name(event.data.scalar.anchor) { anchorSizes[anchor] = 1 }
                add(1)
            case YAML_ALIAS_EVENT:
                let cost = name(event.data.alias.anchor).flatMap { anchorSizes[$0] } ?? 1
                aliasCost = saturatingSum(aliasCost, cost)
                if aliasCost > limits.maxAliases {
                    return Diagnostic(.error, at: location,
                                      "the aliases in this file expand to more than \(limits.maxAliases) nodes",
                                      hint: "write the values out or use fewer aliases; if the file is meant to be this large, pass --max-aliases to raise the limit")
                }
                add(cost)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? name(event.data.sequence_start.anchor) : name(event.data.mapping_start.anchor)
                open.append((1, anchor))
                if open.count > limits.maxDepth { return depthDiagnostic(location, limits) }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { break }
                if let anchor = closed.anchor { anchorSizes[anchor] = closed.size }
                add(closed.size)
            default:
                break
            }
        }
    }

    /// Depth of a composed tree that has no aliases (so walking it is linear), without recursion.
    static func checkDepth(_ root: Node, file: String, limits: InputLimits) -> Diagnostic? {
        var pending: [(Node, Int)] = [(root, 1)]
        while let (node, depth) = pending.popLast() {
            switch node {
            case let .sequence(sequence):
                if depth > limits.maxDepth { return depthDiagnostic(location(node, file), limits) }
                pending += sequence.map { ($0, depth + 1) }
            case let .mapping(mapping):
                if depth > limits.maxDepth { return depthDiagnostic(location(node, file), limits) }
                for (key, value) in mapping { pending += [(key, depth + 1), (value, depth + 1)] }
            default:
                break
            }
        }
        return nil
    }

    private static func location(_ node: Node, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private static func depthDiagnostic(_ location: SourceLocation, _ limits: InputLimits) -> Diagnostic {
        Diagnostic(.error, at: location, "lists and mappings nest deeper than \(limits.maxDepth) levels here",
                   hint: "flatten the file; if it is meant to nest this deep, pass --max-depth to raise the limit")
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
