import Yams

/// Collects diagnostics while a file is read, so one pass reports every problem at once.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []

    func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
    }

    func warning(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location, message, hint: hint))
    }

    func append(contentsOf more: [Diagnostic]) {
        diagnostics.append(contentsOf: more)
    }
}

/// A YAML node together with the file it came from, with typed accessors that report a
/// diagnostic at the node's own line and column instead of failing.
struct YAMLValue {
    let node: Node
    let file: String
    let sink: DiagnosticSink

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Parses `text`; a syntax error becomes a diagnostic at the place libyaml stopped. `limits`
    /// are checked first, so an oversized, too deep or alias-bombed file is never walked.
    static func parse(_ text: String, file: String, sink: DiagnosticSink, limits: InputLimits = .default) -> YAMLValue? {
        if text.utf8.count > limits.maxInputBytes {
            sink.append(contentsOf: [limits.oversizeDiagnostic(file: file, size: text.utf8.count)])
            return nil
        }
        if let problem = YAMLLimitScanner.check(text, file: file, limits: limits) {
            sink.append(contentsOf: [problem])
            return nil
        }
        do {
            // `---` alone is a document with nothing in it, like an empty file.
            guard let node = try Yams.compose(yaml: text), !isNothing(node) else {
                sink.error(SourceLocation(file: file, line: 1, column: 1), "the file is empty",
                           hint: "write the file's top-level key, or delete the file")
                return nil
            }
            if !text.utf8.contains(UInt8(ascii: "&")), let problem = YAMLLimitScanner.checkDepth(node, file: file, limits: limits) {
                sink.append(contentsOf: [problem])
                return nil
            }
            return YAMLValue(node: node, file: file, sink: sink)
        } catch let error as YamlError {
            let (mark, message) = describe(error)
            if case let .reader(_, offset?, _, _) = error, mark == nil {
                sink.error(location(ofByte: offset, in: text, file: file), message)
                return nil
            }
            sink.error(clamp(SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1), to: text), message)
            return nil
        } catch {
            sink.error(SourceLocation(file: file, line: 1, column: 1), "cannot read YAML: \(error)")
            return nil
        }
    }

    /// The root of a document that holds nothing: an empty plain value (its place is past the end).
    private static func isNothing(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node else { return false }
        return scalar.string.isEmpty && scalar.style == .plain
    }

    /// libyaml places an error found at the end of a file without a final line break on the line
    /// after the last one; editors cannot go there, so such a place becomes the end of the last line.
    static func clamp(_ location: SourceLocation, to text: String) -> SourceLocation {
        var breaks = 0, lastLineLength = 0
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where previous == "\r": break
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": breaks += 1; lastLineLength = 0
            default: lastLineLength += 1
            }
            previous = scalar
        }
        guard location.line > breaks + 1 else { return location }
        return SourceLocation(file: location.file, line: breaks + 1, column: lastLineLength + 1)
    }

    /// The line and column (in characters) of a byte offset, for errors libyaml reports by offset.
    static func location(ofByte offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1, column = 1, index = 0
        for scalar in text.unicodeScalars {
            if index >= offset { break }
            index += scalar.utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    private static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case let .scanner(context, problem, mark, _):
            return (mark, "YAML syntax error: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case let .parser(_, problem, mark, _) where problem.hasPrefix("Maximum nesting level"):
            return (mark, "lists and mappings nest deeper than 1000 levels, more than the YAML parser reads; flatten the file")
        case let .parser(context, problem, mark, _):
            return (mark, "YAML syntax error: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case let .composer(_, problem, mark, _) where problem.contains("undefined alias"):
            return (mark, "YAML error: \(problem); define the anchor (`&name`) before any alias (`*name`) that uses it")
        case let .composer(context, problem, mark, _):
            return (mark, "YAML error: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        case let .reader(problem, offset, _, _):
            return (nil, "cannot read the file: \(problem) at byte \(offset.map(String.init) ?? "?"); remove or replace that character")
        default:
            return (nil, "YAML error: \(error)")
        }
    }

    func child(_ node: Node) -> YAMLValue { YAMLValue(node: node, file: file, sink: sink) }

    var string: String? {
        if case let .scalar(scalar) = node { return scalar.string }
        return nil
    }

    /// Mapping entries in document order, keys as strings.
    func entries() -> [(key: String, keyLocation: SourceLocation, value: YAMLValue)]? {
        guard case let .mapping(mapping) = node else { return nil }
        return mapping.map { key, value in
            let keyValue = child(key)
            return (keyValue.string ?? "", keyValue.location, child(value))
        }
    }

    func items() -> [YAMLValue]? {
        guard case let .sequence(sequence) = node else { return nil }
        return sequence.map(child)
    }

    subscript(key: String) -> YAMLValue? {
        guard case let .mapping(mapping) = node, let value = mapping[key] else { return nil }
        return child(value)
    }

    // MARK: - Typed reads that report what is wrong where

    func requireMapping(_ what: String) -> [(key: String, keyLocation: SourceLocation, value: YAMLValue)] {
        if let entries = entries() { return entries }
        sink.error(location, "\(what) must be a mapping")
        return []
    }

    func requireSequence(_ what: String) -> [YAMLValue] {
        if let items = items() { return items }
        sink.error(location, "\(what) must be a list")
        return []
    }

    func requireString(_ what: String) -> String? {
        if let string, case .scalar = node { return string }
        sink.error(location, "\(what) must be a single text value")
        return nil
    }

    func requiredString(_ key: String, in what: String) -> String? {
        guard let value = self[key] else {
            sink.error(location, "\(what) is missing `\(key)`")
            return nil
        }
        guard let text = value.requireString("`\(key)`") else { return nil }
        if text.trimmingWhitespace().isEmpty {
            value.sink.error(value.location, "`\(key)` must not be empty")
            return nil
        }
        return text
    }

    func optionalString(_ key: String) -> String? {
        self[key]?.requireString("`\(key)`")
    }

    /// A list of text values; a single text value is accepted as a list of one.
    func stringList(_ key: String) -> [(String, SourceLocation)] {
        guard let value = self[key] else { return [] }
        return value.asStringList("`\(key)`")
    }

    func asStringList(_ what: String) -> [(String, SourceLocation)] {
        if case .scalar = node, let string { return [(string, location)] }
        return requireSequence(what).compactMap { item in
            item.requireString("an entry of \(what)").map { ($0, item.location) }
        }
    }

    /// Warns about keys this reader does not know, so typos do not silently drop knowledge.
    func rejectUnknownKeys(_ known: Set<String>, in what: String) {
        for (key, keyLocation, _) in entries() ?? [] where !known.contains(key) {
            sink.error(keyLocation, "unknown key `\(key)` in \(what)",
                       hint: "known keys: \(known.sorted().joined(separator: ", "))")
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
