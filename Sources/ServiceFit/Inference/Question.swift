/// One question to decide: a scenario with options, or a bare need without options.
public struct Question: Sendable, Hashable {
    public var id: String
    public var text: String
    public var options: [OptionText]
    /// The answer key, as option letters; empty when unknown.
    public var key: [String]
    public var language: Language?
    public var exam: String?
    public var location: SourceLocation?
    /// Expectations a scenario file may state beyond its key; `check` verifies them.
    public var expectedTags: [String]
    public var expectedUnknownNames: [String]
    public var explanationMentions: [String]
    /// A scenario asked without options states what the architecture the engine proposes must hold.
    public var expectedArchitecture: ArchitectureExpectation?
    /// The provider the question is about (`provider:` in a scenario), as `ask --provider` sets it.
    public var provider: Provider?

    public init(
        id: String, text: String, options: [OptionText] = [], key: [String] = [], language: Language? = nil,
        exam: String? = nil, location: SourceLocation? = nil, expectedTags: [String] = [],
        expectedUnknownNames: [String] = [], explanationMentions: [String] = []
    ) {
        self.id = id
        self.text = text
        self.options = options
        self.key = key
        self.language = language
        self.exam = exam
        self.location = location
        self.expectedTags = expectedTags
        self.expectedUnknownNames = expectedUnknownNames
        self.explanationMentions = explanationMentions
    }
}

/// What the top architecture for a question asked without options must contain, and must not.
public struct ArchitectureExpectation: Sendable, Hashable {
    /// Each entry must be in the top architecture; an entry of several services is met by any one
    /// of them (where an expert would accept XGBoost or AutoGluon alike).
    public var includes: [[String]]
    public var excludes: [String]

    public init(includes: [[String]], excludes: [String] = []) {
        self.includes = includes
        self.excludes = excludes
    }

    /// Every service id it names.
    public var services: [String] { includes.flatMap { $0 } + excludes }

    /// Why `services` (the top architecture's) falls short, or nil when it meets the expectation.
    public func shortfall(of services: [String]) -> String? {
        let missing = includes.filter { !$0.contains(where: services.contains) }
        let unwanted = excludes.filter(services.contains)
        var reasons: [String] = []
        if !missing.isEmpty { reasons.append("it lacks " + missing.map(Self.alternatives).joined(separator: ", ")) }
        if !unwanted.isEmpty { reasons.append("it contains " + unwanted.joined(separator: ", ") + ", which the scenario excludes") }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// An entry as reports show it: `a` or `a|b`.
    static func alternatives(_ entry: [String]) -> String { entry.joined(separator: "|") }
    /// The entries as a key: what a report lists where an option scenario lists letters.
    public var key: [String] { includes.map(Self.alternatives) }
}
