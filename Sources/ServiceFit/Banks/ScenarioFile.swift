/// Reads the project's answer-keyed scenario YAML (`scenarios:` list).
public enum ScenarioFile {
    public static func read(_ file: SourceFile, limits: InputLimits = .default) -> [BankItem] {
        let sink = DiagnosticSink()
        guard let root = YAMLValue.parse(file.text, file: file.path, sink: sink, limits: limits) else {
            return sink.diagnostics.map { .rejected(id: file.path, location: $0.location, reason: $0.message + ($0.hint.map { " (\($0))" } ?? "")) }
        }
        guard let list = root["scenarios"] else {
            return [.rejected(id: file.path, location: root.location, reason: "a scenario file needs a top-level `scenarios:` list")]
        }
        root.rejectUnknownKeys(["scenarios"], in: "a scenario file")
        var items: [BankItem] = sink.diagnostics.map { .rejected(id: file.path, location: $0.location, reason: $0.message) }
        for item in list.requireSequence("`scenarios`") {
            let itemSink = DiagnosticSink()
            let entry = YAMLValue(node: item.node, file: item.file, sink: itemSink)
            entry.rejectUnknownKeys(["id", "lang", "exam", "question", "options", "answer", "expectTags", "expectUnknown",
                                     "explanationMentions", "notes", "provider", "expectArchitecture"], in: "a scenario")
            let id = entry.requiredString("id", in: "a scenario") ?? "\(file.path):\(entry.location.line)"
            let text = entry.requiredString("question", in: "scenario `\(id)`") ?? ""
            let options = KnowledgeBaseLoader.readOptions(entry["options"])
            let key = entry.stringList("answer").map { $0.0.trimmingWhitespace().uppercased() }
            var language: Language?
            if let lang = entry.optionalString("lang") {
                language = Language(rawValue: lang)
                if language == nil { entry["lang"].map { itemSink.error($0.location, "unknown language `\(lang)`", hint: "use en or ja") } }
            }
            for letter in key where !options.isEmpty && !options.contains(where: { $0.letter == letter }) {
                itemSink.error(entry["answer"]?.location ?? entry.location, "answer `\(letter)` is not one of the options")
            }
            var provider: Provider?
            if let name = entry.optionalString("provider") {
                provider = Provider(rawValue: name)
                if provider == nil { entry["provider"].map { itemSink.error($0.location, "unknown provider `\(name)`", hint: "use aws or gcp") } }
            }
            let architecture = entry["expectArchitecture"].flatMap { readArchitectureExpectation($0, of: id, sink: itemSink) }
            if entry["expectArchitecture"] != nil {
                // Asked without options, the architecture is the key.
                if entry["options"] != nil || entry["answer"] != nil {
                    itemSink.error(entry.location, "scenario `\(id)` has `expectArchitecture`, so it is asked without `options` and `answer`")
                }
                if architecture?.includes.isEmpty ?? false {
                    itemSink.error(entry.location, "`expectArchitecture` of `\(id)` needs `includes`: what the top architecture must contain")
                }
            } else {
                if key.isEmpty { itemSink.error(entry.location, "scenario `\(id)` has no `answer`") }
                if options.isEmpty, itemSink.diagnostics.isEmpty {
                    itemSink.error(entry.location, "scenario `\(id)` has no `options`; list them as `options: {A: …, B: …}`")
                }
            }
            if let problem = itemSink.diagnostics.first(where: { $0.severity == .error }) {
                items.append(.rejected(id: id, location: problem.location, reason: problem.message))
                continue
            }
            var question = Question(
                id: id, text: text, options: options, key: key, language: language, exam: entry.optionalString("exam"),
                location: entry.location, expectedTags: entry.stringList("expectTags").map(\.0),
                expectedUnknownNames: entry.stringList("expectUnknown").map(\.0),
                explanationMentions: entry.stringList("explanationMentions").map(\.0))
            question.expectedArchitecture = architecture
            question.provider = provider
            items.append(.question(question))
        }
        return items
    }

    /// `expectArchitecture: {includes: [a, [b, c]], excludes: [d]}`: a nested list is one entry
    /// met by any of its services.
    private static func readArchitectureExpectation(_ value: YAMLValue, of id: String, sink: DiagnosticSink) -> ArchitectureExpectation? {
        guard value.entries() != nil else {
            sink.error(value.location, "`expectArchitecture` of `\(id)` must be a mapping with `includes` (and `excludes`)")
            return nil
        }
        value.rejectUnknownKeys(["includes", "excludes"], in: "`expectArchitecture`")
        let includes: [[String]] = (value["includes"]?.requireSequence("`includes`") ?? []).compactMap { entry in
            if let single = entry.string { return [single] }
            let choices = entry.asStringList("an entry of `includes`").map(\.0)
            if choices.isEmpty { sink.error(entry.location, "an entry of `includes` lists no service") }
            // As the schema says: a list is alternatives, so one service alone is written bare.
            if choices.count == 1 {
                sink.error(entry.location, "an entry of `includes` lists one alternative; write `\(choices[0])` without brackets")
            }
            return choices.count < 2 ? nil : choices
        }
        return ArchitectureExpectation(includes: includes, excludes: value.stringList("excludes").map(\.0))
    }
}

/// Scenario YAML must be parsed whole, so this reader keeps the file's lines until the end.
/// Scenario files are written by hand and small; banks that grow large use a line format.
public struct ScenarioFileReader: BankReader {
    public let path: String
    public let limits: InputLimits
    private var lines: [String] = []
    private var bytes = 0

    public init(path: String, limits: InputLimits = .default) {
        self.path = path
        self.limits = limits
    }

    public mutating func read(line: String, number: Int) -> [BankItem] {
        // Past the limit the file will be refused whole; keep counting, stop holding.
        bytes += line.utf8.count + 1
        if bytes <= limits.maxInputBytes { lines.append(line) } else { lines = [] }
        return []
    }

    public mutating func finish() -> [BankItem] {
        defer { lines = []; bytes = 0 }
        if bytes - 1 > limits.maxInputBytes {
            let problem = limits.oversizeDiagnostic(file: path, size: bytes - 1)
            return [.rejected(id: path, location: problem.location, reason: problem.message + " (\(problem.hint ?? ""))")]
        }
        return ScenarioFile.read(SourceFile(path: path, text: lines.joined(separator: "\n")), limits: limits)
    }
}
