import CYaml

/// A composed YAML node: the text, lists and mappings the readers walk, each with its place.
/// Tags are not resolved — a reader decides what a text means where it reads it — which is most
/// of why composing here costs little more than libyaml's own event parse.
final class YAMLNode {
    enum Content {
        /// `isPlain` is false for quoted and block scalars: `""` is an empty text, a bare `key:` is nothing.
        case scalar(String, isPlain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    let content: Content
    /// 1-based, in characters, as libyaml counts them.
    let line: Int
    let column: Int

    init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    var scalarText: String? {
        if case let .scalar(text, _) = content { return text }
        return nil
    }
}

/// Builds a `YAMLNode` tree from libyaml's events in one pass, enforcing `InputLimits` as it goes:
/// nesting depth, and the number of nodes the aliases stand for once expanded (a "billion laughs"
/// file is a few hundred bytes whose aliases expand to billions of nodes). Every problem becomes a
/// diagnostic at its place; nothing here traps on input.
enum YAMLComposer {
    enum Outcome {
        case document(YAMLNode)
        /// No document, or a document that holds nothing (`---` alone).
        case empty
        case failure(Diagnostic)
    }

    static func compose(_ text: String, file: String, limits: InputLimits) -> Outcome {
        var text = text
        return text.withUTF8 { bytes in
            var composer = EventComposer(file: file, limits: limits, text: bytes)
            return composer.run()
        }
    }

    /// libyaml places an error found at the end of a file without a final line break on the line
    /// after the last one; editors cannot go there, so such a place becomes the end of the last line.
    static func clamp(_ location: SourceLocation, to text: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        var breaks = 0, lastLineLength = 0, index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0x0A || byte == 0x0D {
                breaks += 1; lastLineLength = 0
                if byte == 0x0D, index + 1 < text.count, text[index + 1] == 0x0A { index += 1 }
            } else if byte == 0xC2, index + 1 < text.count, text[index + 1] == 0x85 {
                breaks += 1; lastLineLength = 0; index += 1   // NEL
            } else if byte == 0xE2, index + 2 < text.count, text[index + 1] == 0x80,
                      text[index + 2] == 0xA8 || text[index + 2] == 0xA9 {
                breaks += 1; lastLineLength = 0; index += 2   // LINE / PARAGRAPH SEPARATOR
            } else if byte & 0xC0 != 0x80 {
                lastLineLength += 1
            }
            index += 1
        }
        guard location.line > breaks + 1 else { return location }
        return SourceLocation(file: location.file, line: breaks + 1, column: lastLineLength + 1)
    }

    /// The line and column (in characters) of a byte offset, for errors libyaml reports by offset.
    static func location(ofByte offset: Int, in text: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1, column = 1
        for index in 0..<min(offset, text.count) {
            let byte = text[index]
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

private struct EventComposer {
    /// A collection being filled: its items so far, and how many nodes it stands for with every
    /// alias inside it expanded (what an alias of it would cost).
    private struct Open {
        let isMapping: Bool
        let anchor: String?
        let line: Int
        let column: Int
        var items: [YAMLNode] = []
        var expandedSize = 1
    }

    let file: String
    let limits: InputLimits
    let text: UnsafeBufferPointer<UInt8>
    private var open: [Open] = []
    private var anchors: [String: (node: YAMLNode, expandedSize: Int)] = [:]
    private var aliasCost = 0
    private var root: YAMLNode?
    private var documents = 0

    init(file: String, limits: InputLimits, text: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.limits = limits
        self.text = text
    }

    mutating func run() -> YAMLComposer.Outcome {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(Diagnostic(.error, at: place(line: 1, column: 1), "out of memory while starting the YAML parser"))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        // libyaml wants a pointer even for an empty input; one byte of storage that it never reads.
        var nothing: UInt8 = 0
        if let base = text.baseAddress {
            yaml_parser_set_input_string(&parser, base, text.count)
        } else {
            yaml_parser_set_input_string(&parser, &nothing, 0)
        }

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return .failure(parserError(parser)) }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                guard let root else { return .empty }
                if case let .scalar(text, isPlain) = root.content, text.isEmpty, isPlain { return .empty }
                return .document(root)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return .failure(Diagnostic(.error, at: place(line: line, column: column),
                                               "the file holds a second YAML document here",
                                               hint: "keep one document per file: remove this `---` or move what follows to its own file"))
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let node = YAMLNode(.scalar(value, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE), line: line, column: column)
                if let anchor = name(scalar.anchor) { anchors[anchor] = (node, 1) }
                if let problem = add(node, expandedSize: 1) { return .failure(problem) }
            case YAML_ALIAS_EVENT:
                guard let anchorName = name(event.data.alias.anchor), let anchored = anchors[anchorName] else {
                    return .failure(Diagnostic(.error, at: place(line: line, column: column),
                                               "YAML error: found undefined alias; define the anchor (`&name`) before any alias (`*name`) that uses it"))
                }
                aliasCost = saturatingSum(aliasCost, anchored.expandedSize)
                if aliasCost > limits.maxAliases {
                    return .failure(Diagnostic(.error, at: place(line: line, column: column),
                                               "the aliases in this file expand to more than \(limits.maxAliases) nodes",
                                               hint: "write the values out or use fewer aliases; if the file is meant to be this large, pass --max-aliases to raise the limit"))
                }
                if let problem = add(anchored.node, expandedSize: anchored.expandedSize) { return .failure(problem) }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? name(event.data.mapping_start.anchor) : name(event.data.sequence_start.anchor)
                open.append(Open(isMapping: isMapping, anchor: anchor, line: line, column: column))
                if open.count > limits.maxDepth {
                    return .failure(Diagnostic(.error, at: place(line: line, column: column),
                                               "lists and mappings nest deeper than \(limits.maxDepth) levels here",
                                               hint: "flatten the file; if it is meant to nest this deep, pass --max-depth to raise the limit"))
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { break }
                let node: YAMLNode
                if closed.isMapping {
                    var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                    pairs.reserveCapacity(closed.items.count / 2)
                    var index = 0
                    while index + 1 < closed.items.count {
                        pairs.append((closed.items[index], closed.items[index + 1]))
                        index += 2
                    }
                    if let duplicate = firstDuplicateKey(pairs) { return .failure(duplicate) }
                    node = YAMLNode(.mapping(pairs), line: closed.line, column: closed.column)
                } else {
                    node = YAMLNode(.sequence(closed.items), line: closed.line, column: closed.column)
                }
                if let anchor = closed.anchor { anchors[anchor] = (node, closed.expandedSize) }
                if let problem = add(node, expandedSize: closed.expandedSize) { return .failure(problem) }
            default:
                break
            }
        }
    }

    private mutating func add(_ node: YAMLNode, expandedSize: Int) -> Diagnostic? {
        guard !open.isEmpty else {
            root = node
            return nil
        }
        open[open.count - 1].items.append(node)
        open[open.count - 1].expandedSize = saturatingSum(open[open.count - 1].expandedSize, expandedSize)
        return nil
    }

    /// Reported at the first occurrence of the repeated key, naming every key that repeats.
    private func firstDuplicateKey(_ pairs: [(key: YAMLNode, value: YAMLNode)]) -> Diagnostic? {
        guard pairs.count > 1 else { return nil }
        var firstSeen: [String: YAMLNode] = [:]
        var repeated: [YAMLNode] = []
        for pair in pairs {
            guard let key = pair.key.scalarText else { continue }
            if let first = firstSeen[key] {
                if !repeated.contains(where: { $0 === first }) { repeated.append(first) }
            } else {
                firstSeen[key] = pair.key
            }
        }
        guard let first = repeated.first else { return nil }
        let names = repeated.compactMap(\.scalarText).map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(.error, at: place(line: first.line, column: first.column), "duplicate key \(names) in one mapping")
    }

    private func parserError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let context = parser.context.map { " " + String(cString: $0) } ?? ""
        let mark = place(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        switch parser.error {
        case YAML_READER_ERROR:
            let offset = Int(parser.problem_offset)
            return Diagnostic(.error, at: YAMLComposer.location(ofByte: offset, in: text, file: file),
                              "cannot read the file: \(problem) at byte \(offset); remove or replace that character")
        case YAML_PARSER_ERROR where problem.hasPrefix("Maximum nesting level"):
            return Diagnostic(.error, at: YAMLComposer.clamp(mark, to: text),
                              "lists and mappings nest deeper than 1000 levels, more than the YAML parser reads; flatten the file")
        case YAML_MEMORY_ERROR:
            return Diagnostic(.error, at: place(line: 1, column: 1), "out of memory while reading YAML")
        default:
            return Diagnostic(.error, at: YAMLComposer.clamp(mark, to: text), "YAML syntax error: \(problem)\(context)")
        }
    }

    private func place(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
