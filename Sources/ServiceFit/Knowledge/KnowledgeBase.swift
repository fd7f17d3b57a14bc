/// The languages svcfit reads. Phrases are kept per language so that lint can insist on both.
public enum Language: String, Sendable, Codable, CaseIterable, Hashable {
    case en, ja
}

public enum Provider: String, Sendable, Codable, CaseIterable, Hashable {
    case aws, gcp

    public var displayName: String {
        switch self {
        case .aws: "AWS"
        case .gcp: "Google Cloud"
        }
    }
}

/// Phrases per language, each remembering where it was written.
public struct Phrases: Sendable, Hashable {
    public var byLanguage: [Language: [String]] = [:]

    public init(_ byLanguage: [Language: [String]] = [:]) {
        self.byLanguage = byLanguage
    }

    public var all: [String] { Language.allCases.flatMap { byLanguage[$0] ?? [] } }
    public subscript(language: Language) -> [String] { byLanguage[language] ?? [] }
}

/// A text that documents a rule and is run by the test suite, SwiftLint-style.
public struct KnowledgeExample: Sendable, Hashable {
    public var text: String
    /// For tags and modifiers: whether the text must raise it.
    public var raises: Bool?
    public var options: [OptionText]
    public var answer: [String]
    public var location: SourceLocation
}

public struct OptionText: Sendable, Hashable, Codable {
    public var letter: String
    public var text: String

    public init(letter: String, text: String) {
        self.letter = letter
        self.text = text
    }
}

public struct Tag: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// requirement: a capability the scenario needs; problem: something wrong in the scenario
        /// that an option must address (overfitting, class imbalance); objective: what the question
        /// optimises; modality: the kind of data; constraint: a limit the solution must respect;
        /// signal: an observation that is no need by itself ("training accuracy keeps rising")
        /// but raises, together with others, the tags that list it in `raisedBy`.
        case requirement, objective, modality, constraint, problem, signal

        /// A need a component must provide (or, for a problem, address), as against a goal to weigh.
        public var isNeed: Bool { self == .requirement || self == .problem }
        /// What a component itself offers (a need, or the kind of data it handles), as against what
        /// binds or weighs the whole answer.
        public var isCapability: Bool { isNeed || self == .modality }
    }

    public var id: String
    public var kind: Kind
    public var meaning: String
    public var implies: [String]
    public var conflicts: [String]
    public var phrases: Phrases
    public var negated: Phrases
    public var examples: [KnowledgeExample]
    public var location: SourceLocation
    /// Sets of `signal` tags: the question raises this tag when it says every signal of one set,
    /// wherever in the text. A symptom is often said as two observations in two clauses
    /// (学習精度は上がり続けるが、検証精度は下がっている), which no phrase can span.
    public var raisedBy: [[String]] = []
    /// The English name written in the rules (`label:`), for ids that do not read as one.
    public var writtenLabel: String? = nil
    /// The Japanese name written in the rules (`label_ja:`), for a tag whose first Japanese
    /// phrase is no name for it (a phrase that catches the need is not always what to call it).
    public var writtenJapaneseLabel: String? = nil

    /// How English explanations name a tag: its `label:` ("PII detection"), else its id with
    /// spaces ("json-to-parquet" → "json to parquet").
    public var label: String { writtenLabel ?? id.hyphensAsSpaces }
}

public enum Strength: String, Sendable, Codable, Hashable {
    case full, partial

    public var value: Double { self == .full ? 1.0 : 0.5 }
}

/// A reason a service or modifier is a poor fit for a tag, quoted in explanations.
public struct Shortcoming: Sendable, Hashable {
    public var tag: String
    public var because: String
    /// The same fact in Japanese (`violates_ja:` / `weakAt_ja:`); nil until someone writes it.
    public var becauseJa: String? = nil
    public var location: SourceLocation

    /// The fact in the explanation's language; English when there is no Japanese yet.
    public func because(in language: Language) -> String { language == .ja ? becauseJa ?? because : because }
}

public struct Service: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var formerNames: [String]
    public var aliases: [String]
    public var provider: Provider
    public var category: String
    public var stage: String?
    public var parent: String?
    public var provides: [String: Strength]
    public var violates: [Shortcoming]
    public var weakAt: [Shortcoming]
    public var notes: [String]
    /// When the provider retired it ("2024-04"): still a real name, but no longer a right answer.
    public var retired: String?
    /// Since when the provider takes no new customers ("2025-11-07"): existing customers keep it
    /// and exam keys still name it, but new work should not start on it.
    public var closedToNewCustomers: String?
    public var examples: [KnowledgeExample]
    public var location: SourceLocation
    /// How Japanese explanations name it (`name_ja:`), for a feature whose official name is an
    /// English description ("target tracking scaling policy"); product names stay as they are.
    public var japaneseName: String? = nil

    public var allNames: [String] { [name] + formerNames + aliases }
}

/// Something an answer option does besides naming a service: a schedule, custom code, …
public struct Modifier: Sendable, Hashable, Identifiable {
    public var id: String
    public var meaning: String
    public var phrases: Phrases
    public var provides: [String: Strength]
    public var violates: [Shortcoming]
    public var weakAt: [Shortcoming]
    public var examples: [KnowledgeExample]
    public var location: SourceLocation
    /// The English name explanations use (`label:`), for one the id spells badly ("L1 regularization").
    public var writtenLabel: String? = nil

    /// What English explanations call it: the written label, else the id as words.
    public var label: String { writtenLabel ?? id.hyphensAsSpaces }

    /// A modifier with nothing an option is judged by: it only takes its words from other
    /// meanings ("F1 instead of accuracy" judges nothing by accuracy; "without a placement group"
    /// names no placement group to use).
    public var takesWordsOnly: Bool { provides.isEmpty && violates.isEmpty && weakAt.isEmpty }
}

public struct PreferenceRule: Sendable, Hashable, Identifiable {
    public var id: String
    public var when: [String]
    public var whenAny: [String]
    public var prefer: [String]
    public var penalize: [String]
    public var weight: Double
    public var because: String
    /// The same reason in Japanese (`because_ja:`); nil until someone writes it.
    public var becauseJa: String? = nil
    public var examples: [KnowledgeExample]
    public var location: SourceLocation

    /// The reason in the explanation's language; English when there is no Japanese yet.
    public func because(in language: Language) -> String { language == .ja ? becauseJa ?? because : because }

    /// A target `category:ml-algorithm` stands for every service of that category.
    public static let categoryPrefix = "category:"

    /// Whether a component (service or modifier id, with the service's category) is a target.
    public static func matches(_ target: String, id: String, category: String?) -> Bool {
        if target == id { return true }
        guard let category, target.hasPrefix(categoryPrefix) else { return false }
        return target.dropFirst(categoryPrefix.count) == category
    }

    public func applies(to tags: Set<String>) -> Bool {
        when.allSatisfy(tags.contains) && (whenAny.isEmpty || whenAny.contains(where: tags.contains))
    }
}

/// A real product name that has no rules of its own: enough to know an option is not a bluff.
public struct CatalogProduct: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var provider: Provider
    public var location: SourceLocation
}

/// Cues about how questions are written rather than what they ask for.
public struct LanguageCues: Sendable, Hashable {
    /// Templates with `{}` that turn any tag phrase into a form that must not raise the tag.
    public var negationTemplates: Phrases = .init()
    /// Words that join two phrases into one list ("or", 「や」): a negation of the list's last
    /// (or first) phrase waives every phrase the list joins.
    public var coordinators: Phrases = .init()
    /// Words that may stand between a negation cue and its phrase, and after a coordinator
    /// ("does not need a GPU", "real time or a GPU").
    public var articles: Phrases = .init()
    /// Particles that end a noun phrase (「を」「の」): a list member's noun cannot run on past one
    /// to a coordinator.
    public var nounEndingParticles: Phrases = .init()
    /// Phrases that say how many options to choose ("choose two" → 2).
    public var selectCount: [(count: Int, phrases: Phrases)] = []
    /// Words that start a product name ("amazon", "aws", "google cloud").
    public var productPrefixes: [Provider: [String]] = [:]
    /// Capitalised phrases after a prefix that are not products ("AWS Region").
    public var notProducts: [String] = []

    public init() {}

    public static func == (lhs: LanguageCues, rhs: LanguageCues) -> Bool {
        lhs.negationTemplates == rhs.negationTemplates && lhs.coordinators == rhs.coordinators
            && lhs.articles == rhs.articles && lhs.nounEndingParticles == rhs.nounEndingParticles
            && lhs.productPrefixes == rhs.productPrefixes
            && lhs.notProducts == rhs.notProducts
            && lhs.selectCount.map(\.count) == rhs.selectCount.map(\.count)
            && lhs.selectCount.map(\.phrases) == rhs.selectCount.map(\.phrases)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(negationTemplates)
        hasher.combine(coordinators)
        hasher.combine(notProducts)
    }
}

/// The numbers the scorer uses; kept in Rules/scoring.yaml so they are tuned as data.
public struct ScoringWeights: Sendable, Hashable {
    public var values: [String: Double]

    public static let defaults: [String: Double] = [
        "requirement": 3.0,
        "modality": 0.5,
        "constraint": 2.0,
        "problem": 3.0,
        "objective": 1.5,
        "impliedFactor": 0.5,
        "contextFactor": 0.3,
        "violationFactor": 1.5,
        "weaknessFactor": 0.5,
        "unknownProductPenalty": 10.0,
        "idleComponentPenalty": 0.25,
        "componentCost": 0.05,
        "optionEchoFactor": 0.2,
        "memberScoreFactor": 0.2,
        "abstainMargin": 0.3,
        "minimumConfidence": 0.25,
        "confidenceScale": 2.0,
    ]

    public init(values: [String: Double] = [:]) {
        self.values = ScoringWeights.defaults.merging(values) { _, new in new }
    }

    public subscript(name: String) -> Double { values[name] ?? 0 }

    public func weight(for kind: Tag.Kind) -> Double { self[kind.rawValue] }
}

/// Everything in Rules/, validated and indexed for lookups.
public struct KnowledgeBase: Sendable {
    public var tags: [String: Tag]
    public var services: [String: Service]
    public var modifiers: [String: Modifier]
    public var rules: [PreferenceRule]
    public var catalog: [CatalogProduct]
    public var language: LanguageCues
    public var scoring: ScoringWeights

    public init(
        tags: [String: Tag] = [:], services: [String: Service] = [:], modifiers: [String: Modifier] = [:],
        rules: [PreferenceRule] = [], catalog: [CatalogProduct] = [], language: LanguageCues = .init(),
        scoring: ScoringWeights = .init()
    ) {
        self.tags = tags
        self.services = services
        self.modifiers = modifiers
        self.rules = rules
        self.catalog = catalog
        self.language = language
        self.scoring = scoring
    }

    /// The tag and everything it implies, transitively.
    public func closure(of tagIDs: some Sequence<String>) -> Set<String> {
        var result = Set<String>()
        var pending = Array(tagIDs)
        while let id = pending.popLast() {
            guard result.insert(id).inserted else { continue }
            pending.append(contentsOf: tags[id]?.implies ?? [])
        }
        return result
    }

    public func displayName(of id: String) -> String {
        services[id]?.name ?? modifiers[id]?.label ?? id
    }
}

extension String {
    /// `least-effort` as words. Explanations ask for this per sentence; Foundation's
    /// `replacingOccurrences` costs a bridged string search each time.
    var hyphensAsSpaces: String {
        String(decoding: utf8.map { $0 == 0x2D ? 0x20 : $0 }, as: UTF8.self)
    }
}
