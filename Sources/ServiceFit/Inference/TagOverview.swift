/// What a tag is and what answers it: the words that raise it, the sets of signals that raise it
/// together, the services and modifiers that meet it and those that fall short of it (with their
/// reasons), and the preference rules it sets off. `explain` prints it for a tag, so a reader can
/// ask "what addresses overfitting?" as well as "what is Firehose for?".
public struct TagOverview: Sendable {
    /// A service or modifier that meets the tag.
    public struct Meeting: Sendable, Hashable {
        public var id: String
        public var name: String
        public var isModifier: Bool
        public var strength: Strength
    }

    /// A service or modifier that falls short of the tag, and why.
    public struct FallingShort: Sendable, Hashable {
        public var id: String
        public var name: String
        /// Rules it out (`violates`), as against a poor fit (`weakAt`).
        public var rulesOut: Bool
        public var because: String
    }

    public var tag: Tag
    public var wording: TagWording
    /// Each set of `raisedBy`, as the wording of its signals.
    public var raisedBy: [[TagWording]]
    /// Tags that imply this one (a question stating them states it too).
    public var impliedBy: [String]
    /// For a signal: each tag it helps raise, with the set it belongs to there.
    public var raises: [(tag: String, set: [String])]
    /// Full fits first, services before modifiers, then by name.
    public var metBy: [Meeting]
    /// Ruled out first, then by name.
    public var fallingShort: [FallingShort]
    /// Rules whose condition names the tag, by id.
    public var rules: [PreferenceRule]

    public init?(tag id: String, knowledge: KnowledgeBase, phrases: Int = 5) {
        guard let tag = knowledge.tags[id] else { return nil }
        self.tag = tag
        wording = TagWording(tag: id, knowledge: knowledge, limit: phrases)
        raisedBy = tag.raisedBy.map { set in set.map { TagWording(tag: $0, knowledge: knowledge, limit: 3) } }
        impliedBy = knowledge.tags.values.filter { $0.implies.contains(id) }.map(\.id).sorted()
        raises = knowledge.tags.values.sorted { $0.id < $1.id }.flatMap { other in
            other.raisedBy.filter { $0.contains(id) }.map { (tag: other.id, set: $0) }
        }
        var meeting: [Meeting] = [], short: [FallingShort] = []
        func look(at id: String, name: String, isModifier: Bool, provides: [String: Strength], violates: [Shortcoming], weakAt: [Shortcoming]) {
            if let strength = provides[tag.id] { meeting.append(Meeting(id: id, name: name, isModifier: isModifier, strength: strength)) }
            if let shortcoming = violates.first(where: { $0.tag == tag.id }) {
                short.append(FallingShort(id: id, name: name, rulesOut: true, because: shortcoming.because))
            } else if let shortcoming = weakAt.first(where: { $0.tag == tag.id }) {
                short.append(FallingShort(id: id, name: name, rulesOut: false, because: shortcoming.because))
            }
        }
        // Retired services are no answer for new work; they are left out of what meets it.
        for service in knowledge.services.values where service.retired == nil {
            look(at: service.id, name: service.name, isModifier: false, provides: service.provides, violates: service.violates, weakAt: service.weakAt)
        }
        for modifier in knowledge.modifiers.values {
            look(at: modifier.id, name: modifier.label, isModifier: true, provides: modifier.provides, violates: modifier.violates, weakAt: modifier.weakAt)
        }
        metBy = meeting.sorted {
            ($0.strength == .full ? 0 : 1, $0.isModifier ? 1 : 0, $0.name, $0.id) < ($1.strength == .full ? 0 : 1, $1.isModifier ? 1 : 0, $1.name, $1.id)
        }
        fallingShort = short.sorted { ($0.rulesOut ? 0 : 1, $0.name, $0.id) < ($1.rulesOut ? 0 : 1, $1.name, $1.id) }
        rules = knowledge.rules.filter { $0.when.contains(id) || $0.whenAny.contains(id) }.sorted { $0.id < $1.id }
    }
}
