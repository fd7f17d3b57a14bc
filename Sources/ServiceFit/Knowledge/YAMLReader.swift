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
    let node: YAMLNode
    let file: String
    let sink: DiagnosticSink

    var location: SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    /// Parses `text`; a syntax error becomes a diagnostic at the place libyaml stopped. `limits`
    /// are enforced while the file is read, so an oversized, too deep or alias-bombed file is
    /// never composed, let alone walked.
    static func parse(_ text: String, file: String, sink: DiagnosticSink, limits: InputLimits = .default) -> YAMLValue? {
        if text.utf8.count > limits.maxInputBytes {
            sink.append(contentsOf: [limits.oversizeDiagnostic(file: file, size: text.utf8.count)])
            return nil
        }
        switch YAMLComposer.compose(text, file: file, limits: limits) {
        case let .document(node):
            return YAMLValue(node: node, file: file, sink: sink)
        case .empty:
            // `---` alone is a document with nothing in it, like an empty file.
            sink.error(SourceLocation(file: file, line: 1, column: 1), "the file is empty",
                       hint: "write the file's top-level key, or delete the file")
            return nil
        case let .failure(problem):
            sink.append(contentsOf: [problem])
            return nil
        }
    }

    func child(_ node: YAMLNode) -> YAMLValue { YAMLValue(node: node, file: file, sink: sink) }

    var string: String? { node.scalarText }

    /// Mapping entries in document order, keys as strings.
    func entries() -> [(key: String, keyLocation: SourceLocation, value: YAMLValue)]? {
        guard case let .mapping(pairs) = node.content else { return nil }
        return pairs.map { key, value in
            let keyValue = child(key)
            return (keyValue.string ?? "", keyValue.location, child(value))
        }
    }

    func items() -> [YAMLValue]? {
        guard case let .sequence(sequence) = node.content else { return nil }
        return sequence.map(child)
    }

    subscript(key: String) -> YAMLValue? {
        guard case let .mapping(pairs) = node.content,
              let pair = pairs.first(where: { $0.key.scalarText == key }) else { return nil }
        return child(pair.value)
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
        if let string { return string }
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
        guard let value = self[key], let text = value.requireString("`\(key)`") else { return nil }
        value.rejectIfReadAsANumber(text, what: "`\(key)`")
        return text
    }

    /// A plain `2024` or `1.5` is text to this reader but a number to YAML itself, so the JSON
    /// Schemas (and editors that use them) refuse what lint passed: say so where it is written.
    func rejectIfReadAsANumber(_ text: String, what: String) {
        guard case .scalar(_, isPlain: true) = node.content,
              text.range(of: #"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"#, options: .regularExpression) != nil else { return }
        sink.error(location, "\(what) is the number \(text) to YAML, not text", hint: "quote it: \"\(text)\"")
    }

    /// A list of text values; a single text value is accepted as a list of one.
    func stringList(_ key: String) -> [(String, SourceLocation)] {
        guard let value = self[key] else { return [] }
        return value.asStringList("`\(key)`")
    }

    func asStringList(_ what: String) -> [(String, SourceLocation)] {
        if let string { return [(string, location)] }
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
