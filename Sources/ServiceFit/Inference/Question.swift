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
