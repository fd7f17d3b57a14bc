/// Cross-file checks that only make sense once every rule file has been read.
enum KnowledgeValidator {
    static func validate(_ base: KnowledgeBase) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
            diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
        }
        func warning(_ location: SourceLocation, _ message: String, hint: String? = nil) {
            diagnostics.append(Diagnostic(.warning, at: location, message, hint: hint))
        }
        /// Explanations quote these facts; a Japanese question gets the English one until it is translated.
        func checkTranslated(_ owner: String, violates: [Shortcoming], weakAt: [Shortcoming]) {
            for (field, shortcomings) in [("violates", violates), ("weakAt", weakAt)] {
                for shortcoming in shortcomings where shortcoming.becauseJa?.trimmingWhitespace().isEmpty ?? true {
                    warning(shortcoming.location, "\(owner): `\(field)` of `\(shortcoming.tag)` has no `\(field)_ja`",
                            hint: "Japanese explanations fall back to the English reason until it is written")
                }
            }
        }
        /// The tag, or nil after reporting it unknown.
        func knownTag(_ id: String, at location: SourceLocation, in what: String) -> Tag? {
            guard let tag = base.tags[id] else {
                error(location, "\(what) refers to unknown tag `\(id)`", hint: nearest(id, in: base.tags.keys).map { "did you mean `\($0)`?" })
                return nil
            }
            return tag
        }
        func checkTag(_ id: String, at location: SourceLocation, in what: String) {
            // A signal never becomes a requirement, so nothing can meet it, imply it or fire on it.
            if let tag = knownTag(id, at: location, in: what), tag.kind == .signal {
                error(location, "\(what) refers to `\(id)`, a signal, which is never a need of its own",
                      hint: "list it in the `raisedBy` of the tag it is evidence for")
            }
        }

        /// A gapped phrase needs words on both sides of every gap. The schemas refuse a phrase
        /// list with a repeated item; lint says so too, naming the phrase.
        func checkPhrases(_ phrases: Phrases, at location: SourceLocation, of owner: String) {
            for language in Language.allCases {
                for phrase in phrases[language].repeatedItems {
                    warning(location, "\(owner) lists the \(language.rawValue) phrase `\(phrase)` twice")
                }
                for phrase in phrases[language] {
                    if phrase.hasGap,
                       phrase.components(separatedBy: TextReader.gap).contains(where: { TextNormalizer.normalize($0).isEmpty }) {
                        error(location, "phrase `\(phrase)` of \(owner) has a gap with no words on one side",
                              hint: "write `…` only between words that must both appear, as in `手間…少な`")
                    }
                }
            }
        }

        for tag in base.tags.values {
            checkPhrases(tag.phrases, at: tag.location, of: "tag `\(tag.id)`")
            checkPhrases(tag.negated, at: tag.location, of: "tag `\(tag.id)`")
            if tag.phrases.all.isEmpty && tag.raisedBy.isEmpty {
                error(tag.location, "tag `\(tag.id)` has no phrases, so no text can ever raise it")
            } else {
                for language in Language.allCases where tag.phrases[language].isEmpty {
                    warning(tag.location, "tag `\(tag.id)` has no \(language.rawValue) phrases")
                }
            }
            for id in tag.implies { checkTag(id, at: tag.location, in: "`implies` of `\(tag.id)`") }
            for id in tag.conflicts { checkTag(id, at: tag.location, in: "`conflicts` of `\(tag.id)`") }
            if tag.examples.isEmpty { warning(tag.location, "tag `\(tag.id)` has no examples") }
            if tag.implies.contains(tag.id) { error(tag.location, "tag `\(tag.id)` implies itself") }
            if tag.kind == .signal, !tag.raisedBy.isEmpty {
                error(tag.location, "signal `\(tag.id)` has `raisedBy`", hint: "signals are read from words; only the tags they raise list sets of them")
            }
            for set in tag.raisedBy {
                if set.count < 2 {
                    error(tag.location, "a `raisedBy` set of `\(tag.id)` \(set.isEmpty ? "is empty" : "has only one signal")",
                          hint: "a set needs two or more signals; one signal's words belong in the tag's own phrases")
                }
                for id in set {
                    if let signal = knownTag(id, at: tag.location, in: "`raisedBy` of `\(tag.id)`"), signal.kind != .signal {
                        error(tag.location, "`raisedBy` of `\(tag.id)` names `\(id)`, a \(signal.kind.rawValue), not a signal")
                    }
                }
            }
        }
        let signalsInUse = Set(base.tags.values.flatMap { $0.raisedBy.joined() })
        for tag in base.tags.values where tag.kind == .signal && !signalsInUse.contains(tag.id) {
            warning(tag.location, "signal `\(tag.id)` is in no tag's `raisedBy`, so reading it changes nothing")
        }
        diagnostics += impliesCycles(base)

        for service in base.services.values {
            for name in service.allNames where name.hasGap {
                error(service.location, "name `\(name)` of service `\(service.id)` has a gap", hint: "names are matched as written; list each form as an alias")
            }
            // The schema refuses a repeated alias (or former name); lint says so too, naming it.
            for (field, names) in [("aliases", service.aliases), ("formerNames", service.formerNames)] {
                for name in names.repeatedItems {
                    warning(service.location, "`\(field)` of service `\(service.id)` lists `\(name)` twice")
                }
            }
            if service.provides.isEmpty {
                error(service.location, "service `\(service.id)` provides nothing, so it can never be picked")
            }
            for tag in service.provides.keys.sorted() { checkTag(tag, at: service.location, in: "`provides` of `\(service.id)`") }
            for shortcoming in service.violates + service.weakAt {
                checkTag(shortcoming.tag, at: shortcoming.location, in: "service `\(service.id)`")
            }
            checkTranslated("service `\(service.id)`", violates: service.violates, weakAt: service.weakAt)
            if let parent = service.parent, base.services[parent] == nil {
                error(service.location, "service `\(service.id)` has unknown parent `\(parent)`")
            }
        }

        for modifier in base.modifiers.values {
            checkPhrases(modifier.phrases, at: modifier.location, of: "modifier `\(modifier.id)`")
            if modifier.phrases.all.isEmpty { error(modifier.location, "modifier `\(modifier.id)` has no phrases") }
            for tag in modifier.provides.keys.sorted() { checkTag(tag, at: modifier.location, in: "modifier `\(modifier.id)`") }
            for shortcoming in modifier.violates + modifier.weakAt {
                checkTag(shortcoming.tag, at: shortcoming.location, in: "modifier `\(modifier.id)`")
            }
            if modifier.examples.isEmpty { warning(modifier.location, "modifier `\(modifier.id)` has no examples") }
            checkTranslated("modifier `\(modifier.id)`", violates: modifier.violates, weakAt: modifier.weakAt)
        }

        for rule in base.rules {
            for tag in rule.when + rule.whenAny { checkTag(tag, at: rule.location, in: "rule `\(rule.id)`") }
            let categories = Set(base.services.values.map(\.category))
            for target in rule.prefer + rule.penalize where base.services[target] == nil && base.modifiers[target] == nil {
                if target.hasPrefix(PreferenceRule.categoryPrefix) {
                    let category = String(target.dropFirst(PreferenceRule.categoryPrefix.count))
                    if !categories.contains(category) {
                        error(rule.location, "rule `\(rule.id)` names category `\(category)`, which no service has")
                    }
                    continue
                }
                error(rule.location, "rule `\(rule.id)` names `\(target)`, which is neither a service nor a modifier")
            }
            if rule.prefer.isEmpty && rule.penalize.isEmpty {
                error(rule.location, "rule `\(rule.id)` neither prefers nor penalizes anything")
            }
            if rule.examples.isEmpty { warning(rule.location, "rule `\(rule.id)` has no examples") }
            if rule.becauseJa?.trimmingWhitespace().isEmpty ?? true {
                warning(rule.location, "rule `\(rule.id)` has `because` but no `because_ja`",
                        hint: "Japanese explanations fall back to the English reason until it is written")
            }
        }

        // Option answers explain a closed service through the rule that says what to use instead.
        let penalized = Set(base.rules.flatMap(\.penalize))
        for service in base.services.values where service.closedToNewCustomers != nil && !penalized.contains(service.id) {
            warning(service.location, "service `\(service.id)` is closed to new customers, but no rule penalizes it",
                    hint: "add a rule (as in Rules/preferences/successors.yaml) that says what new work uses instead")
        }

        diagnostics += ambiguousNames(base)
        diagnostics += servicesMissingFromCatalog(base)
        return diagnostics
    }

    /// Depth-first search over `implies`; each cycle is reported once, at its smallest member.
    private static func impliesCycles(_ base: KnowledgeBase) -> [Diagnostic] {
        var state: [String: Int] = [:]  // 1 = on the current path, 2 = done
        var reported = Set<String>()
        var diagnostics: [Diagnostic] = []
        func visit(_ id: String, path: [String]) {
            guard let tag = base.tags[id] else { return }
            state[id] = 1
            for next in tag.implies {
                if state[next] == 1, let start = path.firstIndex(of: next) ?? (next == id ? path.count : nil) {
                    let cycle = Array((path + [id])[start...]) + [next]
                    let key = cycle.dropLast().sorted().joined(separator: ",")
                    if reported.insert(key).inserted, let first = base.tags[cycle.dropLast().min()!] {
                        diagnostics.append(Diagnostic(.error, at: first.location,
                                                      "`implies` forms a cycle: \(cycle.joined(separator: " → "))"))
                    }
                } else if state[next] == nil {
                    visit(next, path: path + [id])
                }
            }
            state[id] = 2
        }
        for id in base.tags.keys.sorted() where state[id] == nil { visit(id, path: []) }
        return diagnostics
    }

    /// Two services answering to the same name must be told apart by what else the text names.
    /// Two providers may share a name ("VPC Flow Logs"): the option's or the question's provider
    /// decides. Features of two products may share one ("on-demand capacity mode" of DynamoDB
    /// and of Kinesis Data Streams), as may a product and another product's feature: the product
    /// the option or the question names decides. Two products, two features of one product, or a
    /// product and its own feature could not be told apart.
    private static func ambiguousNames(_ base: KnowledgeBase) -> [Diagnostic] {
        var owners: [String: [(id: String, product: String, isProduct: Bool)]] = [:]
        var diagnostics: [Diagnostic] = []
        for service in base.services.values.sorted(by: { $0.id < $1.id }) {
            let product = service.parent ?? service.id, isProduct = service.parent == nil
            for name in Set(service.allNames.map { TextNormalizer.normalize($0) }) {
                let key = "\(service.provider.rawValue) \(name)"
                let clash = owners[key, default: []].first { other in
                    other.id != service.id && (other.product == product || (other.isProduct && isProduct))
                }
                if let clash {
                    diagnostics.append(Diagnostic(.error, at: service.location,
                                                  "name `\(name)` of `\(service.id)` is also a name of `\(clash.id)`",
                                                  hint: "an option naming it could not be read unambiguously"))
                } else {
                    owners[key, default: []].append((service.id, product, isProduct))
                }
            }
        }
        return diagnostics
    }

    /// The knowledge base may only describe real products: every service must answer to a name
    /// in the catalog generated from the providers' SDKs or the hand-kept list.
    private static func servicesMissingFromCatalog(_ base: KnowledgeBase) -> [Diagnostic] {
        guard !base.catalog.isEmpty else { return [] }
        let real = Set(base.catalog.flatMap { [$0.name] + $0.aliases }.map { TextNormalizer.normalize($0) })
        return base.services.values.sorted { $0.id < $1.id }.compactMap { service in
            if service.allNames.contains(where: { real.contains(TextNormalizer.normalize($0)) }) { return nil }
            return Diagnostic(.error, at: service.location,
                              "service `\(service.id)` (\(service.name)) is not in the catalog of real products",
                              hint: "add it to Rules/catalog/<provider>.hand-kept.yaml if it is real, with a source")
        }
    }

    private static func nearest(_ id: String, in candidates: some Collection<String>) -> String? {
        let best = candidates.map { ($0, editDistance(id, $0)) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best, best.1 <= max(2, id.count / 4) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Array where Element == String {
    /// Each item listed again after its first place, in order: what a schema's `uniqueItems`
    /// refuses, so that lint can name it.
    var repeatedItems: [String] {
        var seen = Set<String>()
        return filter { !seen.insert($0).inserted }
    }
}
