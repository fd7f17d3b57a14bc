/// The phrases that say a tag in each language, a few each, in the order the rules list them
/// (the most typical first): what `explain` and `compare` quote so a reader knows which words in
/// a question point at the tag.
public struct TagWording: Sendable, Hashable {
    public var tag: String
    public var english: [String]
    public var japanese: [String]

    public init(tag: String, knowledge: KnowledgeBase, limit: Int = 3) {
        self.tag = tag
        let phrases = knowledge.tags[tag]?.phrases ?? Phrases()
        english = Array(phrases[.en].prefix(limit))
        japanese = Array(phrases[.ja].prefix(limit))
    }

    public var isEmpty: Bool { english.isEmpty && japanese.isEmpty }
}

/// What separates two services: the tags both provide and the ones only one does.
public struct ServiceComparison: Sendable {
    /// A requirement that tells the two apart: one meets it and the other does not, meets it
    /// only partly, or falls short of it.
    public struct Separation: Sendable, Hashable {
        public var tag: String
        public var first: Strength?
        public var second: Strength?
        /// Why a service falls short of the tag (violates or weak at), when it does.
        public var firstShortfall: String?
        public var secondShortfall: String?
        public var wording: TagWording

        /// How squarely the tag decides between the two: 4 when one meets it fully and the other
        /// falls short of it for a stated reason, 3 when one meets it fully and the other not at
        /// all, 2 when one meets it only partly and the other not at all, 1 when both meet it (to
        /// different degrees, or alike with a caveat on one side), 0 when neither meets it and only
        /// one has a reason against it.
        public var decisiveness: Int {
            switch (first, second) {
            case (nil, nil): return 0
            // Both meet it: to different degrees, or alike with a caveat on one side.
            case (.some, .some): return 1
            case let (.some(strength), nil): return Self.rank(strength, against: secondShortfall)
            case let (nil, .some(strength)): return Self.rank(strength, against: firstShortfall)
            }
        }

        private static func rank(_ strength: Strength, against shortfall: String?) -> Int {
            strength == .full ? (shortfall == nil ? 3 : 4) : 2
        }
    }

    public var shared: [String]
    public var onlyFirst: [String]
    public var onlySecond: [String]
    /// Every tag that tells the two apart, with its phrases in both languages: the most decisive
    /// first (`Separation.decisiveness`), then needs before objectives and constraints, then by id.
    public var separating: [Separation]

    public init(_ first: Service, _ second: Service, knowledge: KnowledgeBase) {
        let a = Set(first.provides.keys), b = Set(second.provides.keys)
        shared = a.intersection(b).sorted()
        onlyFirst = a.subtracting(b).sorted()
        onlySecond = b.subtracting(a).sorted()
        func shortfall(_ service: Service, _ tag: String) -> String? {
            (service.violates + service.weakAt).first { $0.tag == tag }?.because
        }
        let tags = a.union(b).union((first.violates + first.weakAt + second.violates + second.weakAt).map(\.tag))
        let found = tags.sorted().compactMap { tag -> Separation? in
            let separation = Separation(tag: tag, first: first.provides[tag], second: second.provides[tag],
                                        firstShortfall: shortfall(first, tag), secondShortfall: shortfall(second, tag),
                                        wording: TagWording(tag: tag, knowledge: knowledge))
            let same = separation.first == separation.second && (separation.firstShortfall == nil) == (separation.secondShortfall == nil)
            return same ? nil : separation
        }
        func kindOrder(_ tag: String) -> Int { knowledge.tags[tag]?.kind.isNeed == true ? 0 : 1 }
        // A sort that keeps the id order within each rank (the list above is by id).
        separating = found.enumerated().sorted { left, right in
            let l = (-left.element.decisiveness, kindOrder(left.element.tag), left.offset)
            let r = (-right.element.decisiveness, kindOrder(right.element.tag), right.offset)
            return l < r
        }.map(\.element)
    }

    /// Services most likely to be confused with `service`: same category or many shared tags.
    public static func neighbours(of service: Service, in knowledge: KnowledgeBase, limit: Int) -> [Service] {
        let own = Set(service.provides.keys)
        return knowledge.services.values
            .filter { $0.id != service.id && $0.id != service.parent && $0.parent != service.id }
            .map { other -> (Service, Double) in
                let theirs = Set(other.provides.keys)
                let overlap = Double(own.intersection(theirs).count) / Double(max(1, own.union(theirs).count))
                return (other, overlap + (other.category == service.category ? 0.5 : 0))
            }
            .filter { $0.1 > 0.2 }
            .sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
            .prefix(limit).map(\.0)
    }
}
