/// One file of the knowledge base as text; the caller decides where files come from.
public struct SourceFile: Sendable, Hashable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Reads rule files into a `KnowledgeBase`, reporting every problem with its place.
public enum KnowledgeBaseLoader {
    /// The knowledge base and every diagnostic; the base is usable only when there are no errors.
    /// `limits` bound each file's size, nesting and alias expansion before it is read.
    public static func load(_ files: [SourceFile], limits: InputLimits = .default) -> (KnowledgeBase, [Diagnostic]) {
        let sink = DiagnosticSink()
        var parts = Parts()
        for file in files {
            guard let root = YAMLValue.parse(file.text, file: file.path, sink: sink, limits: limits) else { continue }
            read(root, into: &parts)
        }
        var base = KnowledgeBase(language: parts.language, scoring: ScoringWeights(values: parts.scoring))
        base.tags = indexed(parts.tags, kind: "tag", sink: sink)
        base.services = indexed(parts.services, kind: "service", sink: sink)
        base.modifiers = indexed(parts.modifiers, kind: "modifier", sink: sink)
        _ = indexed(parts.rules, kind: "rule", sink: sink)
        base.rules = parts.rules
        base.catalog = parts.catalog
        sink.append(contentsOf: KnowledgeValidator.validate(base))
        return (base, sink.diagnostics.sortedByLocation())
    }

    /// Loads and throws `InvalidInput` with every diagnostic when any is an error.
    public static func loadValidated(_ files: [SourceFile], limits: InputLimits = .default) throws(InvalidInput) -> KnowledgeBase {
        let (base, diagnostics) = load(files, limits: limits)
        if diagnostics.hasErrors { throw InvalidInput(diagnostics.filter { $0.severity == .error }) }
        return base
    }

    private struct Parts {
        var tags: [(String, Tag, SourceLocation)] = []
        var services: [(String, Service, SourceLocation)] = []
        var modifiers: [(String, Modifier, SourceLocation)] = []
        var rules: [PreferenceRule] = []
        var catalog: [CatalogProduct] = []
        var language = LanguageCues()
        var scoring: [String: Double] = [:]
    }

    private static let fileKinds = ["tags", "services", "modifiers", "rules", "language", "scoring", "catalog"]

    private static func read(_ root: YAMLValue, into parts: inout Parts) {
        _ = root.requireMapping("a rule file")  // reports a top level that is not a mapping
        guard let kind = fileKinds.first(where: { root[$0] != nil }), let body = root[kind] else {
            root.sink.error(root.location, "cannot tell what this rule file holds",
                            hint: "its top level needs one of: \(fileKinds.joined(separator: ", "))")
            return
        }
        let known: Set<String> = kind == "services" ? ["services", "provider"] : [kind]
        root.rejectUnknownKeys(known, in: "a \(kind) file")
        switch kind {
        case "tags":
            for item in body.requireSequence("`tags`") {
                if let tag = readTag(item) { parts.tags.append((tag.id, tag, tag.location)) }
            }
        case "services":
            let provider = readProvider(root)
            for item in body.requireSequence("`services`") {
                if let service = readService(item, provider: provider) {
                    parts.services.append((service.id, service, service.location))
                }
            }
        case "modifiers":
            for item in body.requireSequence("`modifiers`") {
                if let modifier = readModifier(item) { parts.modifiers.append((modifier.id, modifier, modifier.location)) }
            }
        case "rules":
            parts.rules += body.requireSequence("`rules`").compactMap(readRule)
        case "language":
            readLanguage(body, into: &parts.language)
        case "scoring":
            for (key, _, value) in body.requireMapping("`scoring`") {
                if let number = value.string.flatMap(Double.init) {
                    parts.scoring[key] = number
                } else {
                    value.sink.error(value.location, "scoring weight `\(key)` must be a number")
                }
            }
        case "catalog":
            parts.catalog += readCatalog(body)
        default:
            break
        }
    }

    private static func readProvider(_ value: YAMLValue) -> Provider? {
        guard let text = value.requiredString("provider", in: "a services file") else { return nil }
        guard let provider = Provider(rawValue: text) else {
            value["provider"].map { $0.sink.error($0.location, "unknown provider `\(text)`", hint: "use aws or gcp") }
            return nil
        }
        return provider
    }

    private static func indexed<T>(_ items: [(String, T, SourceLocation)], kind: String, sink: DiagnosticSink) -> [String: T] {
        var result: [String: T] = [:]
        var firstSeen: [String: SourceLocation] = [:]
        for (id, item, location) in items {
            if let first = firstSeen[id] {
                sink.error(location, "duplicate \(kind) id `\(id)`", hint: "first defined at \(first)")
                continue
            }
            firstSeen[id] = location
            result[id] = item
        }
        return result
    }

    private static func indexed(_ rules: [PreferenceRule], kind: String, sink: DiagnosticSink) -> [String: PreferenceRule] {
        indexed(rules.map { ($0.id, $0, $0.location) }, kind: kind, sink: sink)
    }

    // MARK: - Entries

    private static func readPhrases(_ value: YAMLValue?, what: String) -> Phrases {
        guard let value else { return Phrases() }
        var phrases = Phrases()
        for (key, keyLocation, list) in value.requireMapping(what) {
            guard let language = Language(rawValue: key) else {
                value.sink.error(keyLocation, "unknown language `\(key)` in \(what)", hint: "use en or ja")
                continue
            }
            phrases.byLanguage[language, default: []] += list.asStringList("\(what).\(key)").compactMap { text, location in
                let trimmed = text.trimmingWhitespace()
                if trimmed.isEmpty { value.sink.error(location, "empty phrase in \(what)") }
                return trimmed.isEmpty ? nil : trimmed
            }
        }
        return phrases
    }

    private static func readStrengths(_ value: YAMLValue?, what: String) -> [String: Strength] {
        guard let value else { return [:] }
        var result: [String: Strength] = [:]
        for (tag, _, strengthValue) in value.requireMapping(what) {
            let text = strengthValue.string ?? ""
            guard let strength = Strength(rawValue: text) else {
                strengthValue.sink.error(strengthValue.location, "strength of `\(tag)` must be full or partial, not `\(text)`")
                continue
            }
            result[tag] = strength
        }
        return result
    }

    /// The entries of `field` (tag → reason), each with its Japanese from `<field>_ja` (the same tags).
    private static func readShortcomings(_ item: YAMLValue, field: String) -> [Shortcoming] {
        let what = "`\(field)`", japaneseField = "\(field)_ja"
        var translations: [String: String] = [:]
        for (tag, keyLocation, reason) in item[japaneseField]?.requireMapping("`\(japaneseField)`") ?? [] {
            guard let text = reason.requireString("the Japanese reason for `\(tag)`"), !text.isEmpty else { continue }
            if item[field]?[tag] == nil {
                reason.sink.error(keyLocation, "`\(japaneseField)` has `\(tag)`, which \(what) does not",
                                  hint: "a Japanese reason translates the entry of \(what) with the same tag")
            }
            translations[tag] = text
        }
        guard let value = item[field] else { return [] }
        return value.requireMapping(what).compactMap { tag, keyLocation, reason in
            guard let because = reason.requireString("the reason for `\(tag)`"), !because.isEmpty else { return nil }
            return Shortcoming(tag: tag, because: because, becauseJa: translations[tag], location: keyLocation)
        }
    }

    private static func readExamples(_ value: YAMLValue?) -> [KnowledgeExample] {
        guard let value else { return [] }
        return value.requireSequence("`examples`").compactMap { item in
            item.rejectUnknownKeys(["text", "raises", "options", "answer"], in: "an example")
            guard let text = item.requiredString("text", in: "an example") else { return nil }
            var raises: Bool?
            if let raisesValue = item["raises"] {
                switch raisesValue.string {
                case "true": raises = true
                case "false": raises = false
                default: raisesValue.sink.error(raisesValue.location, "`raises` must be true or false")
                }
            }
            let options = readOptions(item["options"])
            let answer = item.stringList("answer").map { $0.0.trimmingWhitespace().uppercased() }
            return KnowledgeExample(text: text, raises: raises, options: options, answer: answer, location: item.location)
        }
    }

    /// Options keyed A to F, as the schema says. Any other key is refused rather than read as an
    /// option: it is usually the tail of an option cut off at a comma in an unquoted flow mapping
    /// (`{A: flips, rotations and crops}`), whose head would otherwise be judged alone.
    static func readOptions(_ value: YAMLValue?) -> [OptionText] {
        guard let value else { return [] }
        return value.requireMapping("`options`").compactMap { letter, location, text in
            guard letter.count == 1, let first = letter.unicodeScalars.first, ("A"..."F").contains(first) else {
                value.sink.error(location, "option key `\(letter)` is not a letter A to F",
                                 hint: "quote an option that holds a comma or a colon")
                return nil
            }
            return text.requireString("option \(letter)").map { OptionText(letter: letter, text: $0) }
        }
    }

    /// The keys each kind of item may have; Rules/schema/ lists the same (a test holds them together).
    enum ItemKeys {
        static let tag: Set<String> = ["id", "kind", "label", "label_ja", "meaning", "implies", "conflicts", "raisedBy", "phrases", "negated", "examples"]
        static let service: Set<String> = ["id", "name", "name_ja", "formerNames", "aliases", "category", "stage", "parent", "provides",
                              "violates", "violates_ja", "weakAt", "weakAt_ja", "notes", "retired", "closedToNewCustomers", "examples"]
        static let modifier: Set<String> = ["id", "label", "meaning", "phrases", "provides", "violates", "violates_ja", "weakAt", "weakAt_ja", "examples"]
        static let rule: Set<String> = ["id", "when", "whenAny", "prefer", "penalize", "weight", "because", "because_ja", "examples"]
    }

    private static func readTag(_ item: YAMLValue) -> Tag? {
        item.rejectUnknownKeys(ItemKeys.tag, in: "a tag")
        guard let id = item.requiredString("id", in: "a tag") else { return nil }
        let kindText = item.requiredString("kind", in: "tag `\(id)`") ?? "requirement"
        let kind = Tag.Kind(rawValue: kindText) ?? {
            item["kind"].map {
                $0.sink.error($0.location, "unknown tag kind `\(kindText)`",
                              hint: "use \(Tag.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .requirement
        }()
        return Tag(
            id: id, kind: kind,
            meaning: item.requiredString("meaning", in: "tag `\(id)`") ?? "",
            implies: item.stringList("implies").map(\.0),
            conflicts: item.stringList("conflicts").map(\.0),
            phrases: readPhrases(item["phrases"], what: "`phrases`"),
            negated: readPhrases(item["negated"], what: "`negated`"),
            examples: readExamples(item["examples"]),
            location: item["id"]?.location ?? item.location,
            raisedBy: item["raisedBy"].map { sets in
                sets.requireSequence("`raisedBy`").map { $0.asStringList("an entry of `raisedBy`").map(\.0) }
            } ?? [],
            // Present means meant: an empty label is refused, as the schema refuses it.
            writtenLabel: item["label"] == nil ? nil : item.requiredString("label", in: "tag `\(id)`")?.trimmingWhitespace(),
            writtenJapaneseLabel: item["label_ja"] == nil ? nil : item.requiredString("label_ja", in: "tag `\(id)`")?.trimmingWhitespace())
    }

    private static func readService(_ item: YAMLValue, provider: Provider?) -> Service? {
        item.rejectUnknownKeys(ItemKeys.service, in: "a service")
        guard let id = item.requiredString("id", in: "a service") else { return nil }
        let idProvider = Provider(rawValue: String(id.prefix { $0 != "." }))
        if let provider, idProvider != provider {
            item["id"].map { $0.sink.error($0.location, "service id `\(id)` does not start with the file's provider `\(provider.rawValue).`") }
        }
        return Service(
            id: id,
            name: item.requiredString("name", in: "service `\(id)`") ?? id,
            formerNames: item.stringList("formerNames").map(\.0),
            aliases: item.stringList("aliases").map(\.0),
            provider: provider ?? idProvider ?? .aws,
            category: item.requiredString("category", in: "service `\(id)`") ?? "uncategorized",
            stage: item.optionalString("stage"),
            parent: item.optionalString("parent"),
            provides: readStrengths(item["provides"], what: "`provides`"),
            violates: readShortcomings(item, field: "violates"),
            weakAt: readShortcomings(item, field: "weakAt"),
            notes: item.stringList("notes").map(\.0),
            retired: readDate(item, "retired"),
            closedToNewCustomers: readDate(item, "closedToNewCustomers"),
            examples: readExamples(item["examples"]),
            location: item["id"]?.location ?? item.location,
            japaneseName: item["name_ja"] == nil ? nil : item.requiredString("name_ja", in: "service `\(id)`")?.trimmingWhitespace())
    }

    /// A date as the schemas allow it: YYYY, YYYY-MM or YYYY-MM-DD, so that every entry reads alike.
    private static func readDate(_ item: YAMLValue, _ key: String) -> String? {
        guard let text = item.optionalString(key) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let shaped = (1...3).contains(parts.count) && parts.enumerated().allSatisfy { index, part in
            part.count == (index == 0 ? 4 : 2) && part.allSatisfy { $0.isASCII && $0.isNumber }
        }
        if !shaped {
            item[key].map { $0.sink.error($0.location, "`\(key)` is `\(text)`, not a date", hint: "write YYYY, YYYY-MM or YYYY-MM-DD") }
        }
        return text
    }

    private static func readModifier(_ item: YAMLValue) -> Modifier? {
        item.rejectUnknownKeys(ItemKeys.modifier, in: "a modifier")
        guard let id = item.requiredString("id", in: "a modifier") else { return nil }
        return Modifier(
            id: id,
            meaning: item.requiredString("meaning", in: "modifier `\(id)`") ?? "",
            phrases: readPhrases(item["phrases"], what: "`phrases`"),
            provides: readStrengths(item["provides"], what: "`provides`"),
            violates: readShortcomings(item, field: "violates"),
            weakAt: readShortcomings(item, field: "weakAt"),
            examples: readExamples(item["examples"]),
            location: item["id"]?.location ?? item.location,
            // Present means meant: an empty label is refused, as the schema refuses it.
            writtenLabel: item["label"] == nil ? nil : item.requiredString("label", in: "modifier `\(id)`")?.trimmingWhitespace())
    }

    private static func readRule(_ item: YAMLValue) -> PreferenceRule? {
        item.rejectUnknownKeys(ItemKeys.rule, in: "a rule")
        guard let id = item.requiredString("id", in: "a rule") else { return nil }
        var weight = 1.0
        if let weightValue = item["weight"] {
            if let number = weightValue.string.flatMap(Double.init), number > 0 {
                weight = number
            } else {
                weightValue.sink.error(weightValue.location, "`weight` must be a positive number")
            }
        }
        return PreferenceRule(
            id: id,
            when: item.stringList("when").map(\.0),
            whenAny: item.stringList("whenAny").map(\.0),
            prefer: item.stringList("prefer").map(\.0),
            penalize: item.stringList("penalize").map(\.0),
            weight: weight,
            because: item.requiredString("because", in: "rule `\(id)`") ?? "",
            becauseJa: item.optionalString("because_ja"),
            examples: readExamples(item["examples"]),
            location: item["id"]?.location ?? item.location)
    }

    private static func readLanguage(_ body: YAMLValue, into cues: inout LanguageCues) {
        body.rejectUnknownKeys(["negation", "coordinators", "articles", "nounEndingParticles", "selectCount", "productPrefixes", "notProducts"],
                              in: "`language`")
        cues.negationTemplates = readPhrases(body["negation"], what: "`negation`")
        for template in cues.negationTemplates.all where !template.contains("{}") {
            body["negation"].map { $0.sink.error($0.location, "negation template `\(template)` has no `{}` for the phrase") }
        }
        if let coordinators = body["coordinators"] { cues.coordinators = readPhrases(coordinators, what: "`coordinators`") }
        if let articles = body["articles"] { cues.articles = readPhrases(articles, what: "`articles`") }
        if let particles = body["nounEndingParticles"] { cues.nounEndingParticles = readPhrases(particles, what: "`nounEndingParticles`") }
        // The schema refuses a repeated item in these lists; lint says so too, naming it.
        for (key, words) in [("negation", cues.negationTemplates), ("coordinators", cues.coordinators), ("articles", cues.articles),
                             ("nounEndingParticles", cues.nounEndingParticles)] {
            for language in Language.allCases {
                for word in words[language].repeatedItems {
                    body[key].map { $0.sink.warning($0.location, "`\(key)` lists the \(language.rawValue) entry `\(word)` twice") }
                }
            }
        }
        for item in body["selectCount"]?.requireSequence("`selectCount`") ?? [] {
            guard let count = item["count"]?.string.flatMap(Int.init), count > 0 else {
                item.sink.error(item.location, "a selectCount entry needs a positive `count`")
                continue
            }
            var phrases = Phrases()
            for language in Language.allCases {
                phrases.byLanguage[language] = item.stringList(language.rawValue).map(\.0)
            }
            cues.selectCount.append((count, phrases))
        }
        for (key, keyLocation, list) in body["productPrefixes"]?.requireMapping("`productPrefixes`") ?? [] {
            guard let provider = Provider(rawValue: key) else {
                body.sink.error(keyLocation, "unknown provider `\(key)`")
                continue
            }
            cues.productPrefixes[provider] = list.asStringList("`productPrefixes.\(key)`").map(\.0)
        }
        cues.notProducts = body.stringList("notProducts").map(\.0)
    }

    private static func readCatalog(_ body: YAMLValue) -> [CatalogProduct] {
        body.rejectUnknownKeys(["provider", "source", "products"], in: "`catalog`")
        let provider = readProvider(body)
        return (body["products"]?.requireSequence("`products`") ?? []).compactMap { item in
            guard let name = item.requiredString("name", in: "a catalog product") else { return nil }
            return CatalogProduct(name: name, aliases: item.stringList("aliases").map(\.0),
                                  provider: provider ?? .aws, location: item.location)
        }
    }
}
