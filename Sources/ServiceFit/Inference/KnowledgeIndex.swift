/// The knowledge the engine reads for every question and option, laid out once per knowledge
/// base: looking a service or tag up in the knowledge base copies the whole record, and the
/// "built for the opposite" reasons would otherwise be worked out (and their sentences written)
/// for every option.
final class KnowledgeIndex: Sendable {
    /// A service or modifier. A class, so handing one to an option's component is one
    /// reference, not a copy of each field.
    final class Profile: Sendable {
        let id: String
        let provides: [String: Strength]
        let violates: [Shortcoming]
        let weakAt: [Shortcoming]
        /// Needs that are the opposite of something it is built for, by the id of the tag it
        /// provides fully and then in `conflicts` order, each with its reason.
        let opposites: [(need: String, because: String)]
        /// The same tags as numbers (`KnowledgeIndex.tagNumbers`): what it provides, and the tags
        /// of `violates`, `weakAt` and `opposites` in their order.
        let providedTags: [(tag: Int, strength: Strength)]
        let violatedTags: [Int]
        let weakTags: [Int]
        let oppositeTags: [Int]
        let isModifier: Bool
        let parent: String?
        let category: String?
        let provider: Provider?
        let retired: String?
        /// `KnowledgeBase.displayName(of:)`, and what Japanese explanations call it instead (a
        /// modifier's first Japanese phrase without a placeholder).
        let displayName: String
        let japaneseName: String

        /// `provides`, `violates` and `weakAt` are the component's own; `service` and `modifier`
        /// are the knowledge base's entries under `id` (either or both), for its name and place.
        init(id: String, provides: [String: Strength], violates: [Shortcoming], weakAt: [Shortcoming],
             opposites: [(need: String, because: String)], service: Service?, modifier: Modifier?, number: (String) -> Int) {
            self.id = id
            self.provides = provides
            self.violates = violates
            self.weakAt = weakAt
            self.opposites = opposites
            providedTags = provides.map { (number($0.key), $0.value) }
            violatedTags = violates.map { number($0.tag) }
            weakTags = weakAt.map { number($0.tag) }
            oppositeTags = opposites.map { number($0.need) }
            isModifier = modifier != nil
            parent = service?.parent
            category = service?.category
            provider = service?.provider
            retired = service?.retired
            // KnowledgeBase.displayName(of:), from the entries at hand.
            displayName = service?.name ?? modifier?.label ?? id.hyphensAsSpaces
            japaneseName = service?.japaneseName ?? modifier?.phrases[.ja].first(where: \.readsAsName) ?? displayName
        }

        /// How strongly it provides the tag numbered `tag`; a component provides a dozen tags
        /// at most, so a scan beats hashing the tag's name.
        func strength(ofTag tag: Int) -> Strength? {
            for provided in providedTags where provided.tag == tag { return provided.strength }
            return nil
        }
    }

    /// A preference rule with its targets told apart once (an id, or every service of a
    /// category) and its conditions in tag numbers. A class: every question walks every rule,
    /// and handing one on is then one reference, not a copy of each list.
    final class Rule: Sendable {
        enum Target: Sendable {
            case component(String)
            case category(String)

            init(_ written: String) {
                self = written.hasPrefix(PreferenceRule.categoryPrefix)
                    ? .category(String(written.dropFirst(PreferenceRule.categoryPrefix.count))) : .component(written)
            }

            /// `PreferenceRule.matches` for a component; only services have a category.
            func matches(_ profile: Profile?) -> Bool {
                guard let profile else { return false }
                switch self {
                case let .component(id): return profile.id == id
                case let .category(category): return profile.category == category
                }
            }
        }

        let id: String
        let weight: Double
        let because: String
        let prefer: [Target]
        let penalize: [Target]
        let when: [Int]
        let whenAny: [Int]

        init(id: String, weight: Double, because: String, prefer: [Target], penalize: [Target], when: [Int], whenAny: [Int]) {
            self.id = id
            self.weight = weight
            self.because = because
            self.prefer = prefer
            self.penalize = penalize
            self.when = when
            self.whenAny = whenAny
        }

        /// `PreferenceRule.applies(to:)` over the tag numbers a question states. A question states
        /// a handful, so they are searched in a line: a table over every tag would cost a question
        /// time and memory in proportion to the knowledge base.
        func applies(_ stated: [Int]) -> Bool {
            when.allSatisfy { stated.contains($0) } && (whenAny.isEmpty || whenAny.contains { stated.contains($0) })
        }
    }

    /// The scoring weights the scorer uses, read once rather than by name for every option.
    struct Weights: Sendable {
        let context, violation, weakness, optionEcho, idleComponent, componentCost, unknownProduct, implied, memberScore: Double
        /// What the engine decides with once the options are scored.
        let abstainMargin, minimumConfidence, confidenceScale: Double
        private let byKind: [Double]

        func weight(for kind: Tag.Kind) -> Double { byKind[Self.kindOrder.firstIndex(of: kind)!] }
        private static let kindOrder = Tag.Kind.allCases

        init(_ scoring: ScoringWeights) {
            byKind = Self.kindOrder.map { scoring.weight(for: $0) }
            implied = scoring["impliedFactor"]
            memberScore = scoring["memberScoreFactor"]
            context = scoring["contextFactor"]
            violation = scoring["violationFactor"]
            weakness = scoring["weaknessFactor"]
            optionEcho = scoring["optionEchoFactor"]
            idleComponent = scoring["idleComponentPenalty"]
            componentCost = scoring["componentCost"]
            unknownProduct = scoring["unknownProductPenalty"]
            abstainMargin = scoring["abstainMargin"]
            minimumConfidence = scoring["minimumConfidence"]
            confidenceScale = scoring["confidenceScale"]
        }
    }

    /// What a question needs of a tag.
    final class TagProfile: Sendable {
        let kind: Tag.Kind
        let implies: [String]
        let conflicts: [String]
        /// How explanations name it: its label in English, its first Japanese phrase without a
        /// placeholder in Japanese (the label when it has none).
        let label: String
        let japaneseLabel: String

        init(_ tag: Tag) {
            kind = tag.kind
            implies = tag.implies
            conflicts = tag.conflicts
            label = tag.label
            japaneseLabel = tag.writtenJapaneseLabel ?? tag.phrases[.ja].first(where: \.readsAsName) ?? tag.label
        }
    }

    // Id tables, not dictionaries: see `IDTable`.
    let tags: IDTable<TagProfile>
    /// Every tag a component, a `conflicts` list or a preference rule's condition mentions,
    /// numbered (in no particular order: numbers never leave the index), and each number's
    /// `conflicts` as numbers. A requirement whose tag has no number is one nothing speaks to.
    let tagNumbers: IDTable<Int>
    let conflictsByNumber: [[Int]]
    let services: IDTable<Profile>
    let modifiers: IDTable<Profile>

    /// A component by id, a service before a modifier of the same id.
    func component(_ id: String) -> Profile? { services[id] ?? modifiers[id] }
    /// The preference rules, conditions in tag numbers: a question checks every rule.
    let rules: [Rule]
    let weights: Weights
    /// The tags that sets of signals raise, each with its sets, in id order so that a question's
    /// requirements come out in the same order every run.
    let raisedBySignals: [(tag: String, sets: [[String]])]

    init(knowledge: KnowledgeBase) {
        tags = IDTable(knowledge.tags.mapValues(TagProfile.init))
        raisedBySignals = knowledge.tags.values.filter { !$0.raisedBy.isEmpty }.sorted { $0.id < $1.id }.map { ($0.id, $0.raisedBy) }
        var tagNumbers: [String: Int] = [:]
        func tagNumber(_ tag: String) -> Int {
            if let known = tagNumbers[tag] { return known }
            tagNumbers[tag] = tagNumbers.count
            return tagNumbers.count - 1
        }
        var conflicts: [String: [String]] = [:]
        for (id, tag) in knowledge.tags where !tag.conflicts.isEmpty { conflicts[id] = tag.conflicts }
        func label(_ tag: String) -> String { knowledge.tags[tag]?.label ?? tag }
        func opposites(_ provides: [String: Strength]) -> [(need: String, because: String)] {
            provides.filter { $0.value == .full && conflicts[$0.key] != nil }.keys.sorted().flatMap { provided in
                (conflicts[provided] ?? []).map { ($0, "it is built for \(label(provided)), the opposite of \(label($0))") }
            }
        }
        var services: [String: Profile] = [:]
        services.reserveCapacity(knowledge.services.count)
        // Entries looked up by position: a dictionary's subscript would copy the whole record.
        func entry<Value>(_ id: String, in table: [String: Value]) -> Value? { table.index(forKey: id).map { table.values[$0] } }
        for (id, service) in knowledge.services {
            services[id] = Profile(id: id, provides: service.provides, violates: service.violates, weakAt: service.weakAt,
                                   opposites: opposites(service.provides), service: service,
                                   modifier: entry(id, in: knowledge.modifiers), number: tagNumber)
        }
        var modifiers: [String: Profile] = [:]
        for (id, modifier) in knowledge.modifiers {
            modifiers[id] = Profile(id: id, provides: modifier.provides, violates: modifier.violates, weakAt: modifier.weakAt,
                                    opposites: opposites(modifier.provides), service: entry(id, in: knowledge.services),
                                    modifier: modifier, number: tagNumber)
        }
        self.services = IDTable(services)
        self.modifiers = IDTable(modifiers)
        rules = knowledge.rules.map { rule in
            Rule(id: rule.id, weight: rule.weight, because: rule.because, prefer: rule.prefer.map(Rule.Target.init),
                 penalize: rule.penalize.map(Rule.Target.init), when: rule.when.map(tagNumber), whenAny: rule.whenAny.map(tagNumber))
        }
        // Numbering may still grow here (a tag only a `conflicts` list names), so the table is
        // sized once every number is handed out.
        let numberedConflicts = conflicts.map { tag, opposed in (tagNumber(tag), opposed.map(tagNumber)) }
        var conflictsByNumber = [[Int]](repeating: [], count: tagNumbers.count)
        for (number, opposed) in numberedConflicts { conflictsByNumber[number] = opposed }
        self.conflictsByNumber = conflictsByNumber
        self.tagNumbers = IDTable(tagNumbers)
        self.weights = Weights(knowledge.scoring)
    }
}

extension String {
    /// Whether a phrase can stand as a label as it is written: no `{n}` placeholder, no gap.
    var readsAsName: Bool { !utf8.contains(UInt8(ascii: "{")) && !hasGap }

    /// Whether it holds `TextReader.gap`: a scan of its scalars. Foundation's `contains` of a
    /// string compares character clusters through CFString, and asked of every phrase it was a
    /// fifth of building the reader.
    var hasGap: Bool { unicodeScalars.contains(TextReader.gapScalar) }
}
