/// A service, modifier or tag named in an option, with the words and place that named it.
struct Mention {
    var id: String
    var range: Range<Int>
    /// The words are quoted only when a shortfall cites them, so they stay in the occurrence
    /// until then.
    private let words: Occurrence
    /// The index's entry for `id` in the list the mention sits in, when the reader looked it up:
    /// the scorer then needs no second look-up by name.
    var profile: KnowledgeIndex.Profile?

    init(id: String, evidence: String, range: Range<Int>, profile: KnowledgeIndex.Profile? = nil) {
        self.init(id: id, words: Occurrence(meaning: .service(id), range: range, evidence: evidence), range: range, profile: profile)
    }

    init(id: String, words: Occurrence, range: Range<Int>, profile: KnowledgeIndex.Profile? = nil) {
        self.id = id
        self.words = words
        self.range = range
        self.profile = profile
    }

    var evidence: String { words.evidence }

    func shifted(by shift: Int) -> Mention {
        Mention(id: id, words: words, range: (range.lowerBound + shift)..<(range.upperBound + shift), profile: profile)
    }
}

/// What one answer option names and does.
struct CandidateReading {
    var services: [Mention] = []
    var modifiers: [Mention] = []
    /// Needs the option states in words ("converts the JSON to Parquet"), not through a service name.
    var echoedTags: [Mention] = []
    var unknown: [String] = []
    var otherProducts: [String] = []
}

extension CandidateReading {
    /// Adds another option's reading, as when several options together form one answer. Ranges
    /// are shifted per option so that words from different options never count as the same words.
    mutating func absorb(_ other: CandidateReading, offset: Int) {
        let shift = offset * 1_000_000
        for mention in other.services where !services.contains(where: { $0.id == mention.id }) { services.append(mention.shifted(by: shift)) }
        for mention in other.modifiers where !modifiers.contains(where: { $0.id == mention.id }) { modifiers.append(mention.shifted(by: shift)) }
        for mention in other.echoedTags where !echoedTags.contains(where: { $0.id == mention.id }) { echoedTags.append(mention.shifted(by: shift)) }
        unknown += other.unknown.filter { !unknown.contains($0) }
        otherProducts += other.otherProducts.filter { !otherProducts.contains($0) }
    }
}

/// Reads an option into the services it names (longest name wins), the modifiers it carries, and
/// product-like names that are no known product.
struct CandidateReader: Sendable {
    let knowledge: KnowledgeBase
    let reader: TextReader
    let index: KnowledgeIndex
    /// The words that look like a product name but are none ("Amazon Web Services"), normalised
    /// once here rather than for every unknown name an option shows.
    private let notProducts: Set<String>

    init(knowledge: KnowledgeBase, reader: TextReader, index: KnowledgeIndex) {
        self.knowledge = knowledge
        self.reader = reader
        self.index = index
        notProducts = Set(knowledge.language.notProducts.map(TextNormalizer.normalize))
    }

    /// What an option names. A name that several services answer to stands for one of them: a
    /// feature name two products share ("on-demand capacity mode": DynamoDB and Kinesis Data
    /// Streams) for the feature of the product the option or else the question names (`named`);
    /// a name of two providers ("VPC Flow Logs") for the provider the option names elsewhere, else
    /// `provider` (the question's); else the first service by id.
    func read(_ text: String, provider: Provider? = nil, named: [String] = []) -> CandidateReading {
        resolving(names(in: reader.read(text)), provider: provider, named: named)
    }

    /// The second step of `read`, after `names(in:)`, for a caller that also looks at the
    /// option's words (which provider they name) before a shared name is resolved.
    func resolving(_ names: CandidateReading, provider: Provider?, named: [String]) -> CandidateReading {
        var reading = names
        reading.services = Self.oneServicePerName(reading.services, preferring: provider, named: named)
        return reading
    }

    static func oneServicePerName(_ services: [Mention], preferring provider: Provider?, named: [String] = []) -> [Mention] {
        func isShared(_ mention: Mention) -> Bool { services.contains { $0.range == mention.range && $0.id != mention.id } }
        guard services.count > 1, services.contains(where: isShared) else { return services }
        let alone = services.filter { !isShared($0) }
        let namedAlone = Set(alone.compactMap { $0.profile?.provider })
        /// Whether the mention's product (itself, or a feature's parent), or a feature of that
        /// product, is among `ids`.
        func belongs(_ mention: Mention, to ids: [String]) -> Bool {
            let product = mention.profile?.parent ?? mention.id
            return ids.contains { $0 == product || $0.hasPrefix(product + ".") }
        }
        let optionIds = alone.map(\.id)
        return services.filter { mention in
            guard isShared(mention) else { return true }
            let sharing = services.filter { $0.range == mention.range }
            let chosen = sharing.first { belongs($0, to: optionIds) }
                ?? sharing.first { belongs($0, to: named) }
                ?? sharing.first { $0.profile?.provider.map(namedAlone.contains) ?? false }
                ?? sharing.first { provider != nil && $0.profile?.provider == provider }
                ?? sharing.min { $0.id < $1.id }
            return chosen?.id == mention.id
        }
    }

    /// What an option's words name, every service a shared name stands for kept.
    func names(in reading: TextReading) -> CandidateReading {
        let occurrences = reading.occurrences
        var result = CandidateReading()
        // An option names a handful of things: a few passes over its occurrences, searched in a
        // line, beat collecting them into arrays or hashing.
        func append(_ list: inout [Mention], _ id: String, _ occurrence: Occurrence, _ profile: @autoclosure () -> KnowledgeIndex.Profile?) {
            if !list.contains(where: { $0.id == id }) {
                list.append(Mention(id: id, words: occurrence, range: occurrence.range, profile: profile()))
            }
        }
        func isName(_ occurrence: Occurrence) -> Bool { occurrence.meaning.isName }
        var hasPrefix = false
        var hasFeature = false
        for occurrence in occurrences {
            switch occurrence.meaning {
            case let .service(id):
                // A name several services share stands for the one the option already named in
                // full ("an RDS Read Replica … the Read Replica").
                if reading.services(at: occurrence.range).contains(where: { sibling in
                    sibling != id && result.services.contains { $0.id == sibling && $0.range != occurrence.range }
                }) { continue }
                let profile = index.services[id]
                append(&result.services, id, occurrence, profile)
                if !hasFeature, profile?.parent != nil { hasFeature = true }
            case let .product(index):
                // The same words already name a service with rules; the catalog adds nothing.
                if !reading.services(at: occurrence.range).isEmpty { continue }
                let name = knowledge.catalog[index].name
                if !result.otherProducts.contains(name) { result.otherProducts.append(name) }
            case let .modifier(id):
                append(&result.modifiers, id, occurrence, index.modifiers[id])
            case .productPrefix:
                hasPrefix = true
            case .tag, .negatedTag, .selectCount, .negationCue, .gapPart:
                break
            }
        }
        // A modifier that only takes words ("without a placement group", 「プレイスメントグループは
        // 使わず」) sets aside what they name: a service named inside it is no component. Modifiers
        // do not compete with names for words, so the name is found too and dropped here.
        // A service named again outside such words is still chosen.
        let setAside = occurrences.compactMap { occurrence -> Range<Int>? in
            guard case let .modifier(id) = occurrence.meaning, knowledge.modifiers[id]?.takesWordsOnly == true else { return nil }
            return occurrence.range
        }
        if !setAside.isEmpty {
            func isSetAside(_ range: Range<Int>) -> Bool {
                setAside.contains { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound }
            }
            result.services.removeAll { service in
                let named = occurrences.filter { occurrence in
                    if case let .service(id) = occurrence.meaning { id == service.id } else { false }
                }
                return !named.isEmpty && named.allSatisfy { isSetAside($0.range) }
            }
        }
        // A tag phrase inside a product name ("batch" in "AWS Batch") is the name, not a stated need.
        for occurrence in occurrences {
            // A signal is an observation about the scenario, not something an option can do.
            guard case let .tag(id) = occurrence.meaning, index.tags[id]?.kind != .signal,
                  !occurrences.contains(where: { isName($0) && $0.range.overlaps(occurrence.range) }) else { continue }
            append(&result.echoedTags, id, occurrence, nil)
        }
        for occurrence in occurrences where hasPrefix {
            guard case .productPrefix = occurrence.meaning else { continue }
            let known = occurrences.contains {
                isName($0) && ($0.range.overlaps(occurrence.range) || $0.range.lowerBound == occurrence.range.upperBound + 1)
            }
            if known { continue }
            guard let words = productWords(after: occurrence, in: reading.text) else { continue }
            let name = ([words.prefix] + words.words).joined(separator: " ")
            if isNotAProduct(name) { continue }
            // "Amazon RandomCut Forest" is Random Cut Forest written loosely, not a bluff.
            if let loose = looseMeaning(words) {
                switch loose {
                case let .service(id):
                    let range = occurrence.range.lowerBound..<occurrence.range.upperBound
                    if !result.services.contains(where: { $0.id == id }) {
                        result.services.append(Mention(id: id, evidence: name, range: range, profile: index.services[id]))
                    }
                case let .product(index):
                    let productName = knowledge.catalog[index].name
                    if !result.otherProducts.contains(productName) { result.otherProducts.append(productName) }
                default: break
                }
                continue
            }
            if !result.unknown.contains(name) { result.unknown.append(name) }
        }
        // "SageMaker Object2Vec": the parent's name only qualifies the feature right after it, so the
        // parent is not a component of its own. A parent named elsewhere in the option stays.
        guard hasFeature else { return result }
        var serviceRanges: [(id: String, range: Range<Int>)] = []
        var featureRanges: [(parent: String, range: Range<Int>)] = []
        for occurrence in occurrences {
            guard case let .service(id) = occurrence.meaning else { continue }
            serviceRanges.append((id, occurrence.range))
            if let parent = index.services[id]?.parent { featureRanges.append((parent, occurrence.range)) }
        }
        let bytes = reading.text.bytes
        result.services.removeAll { service in
            let childRanges = featureRanges.filter { $0.parent == service.id }.map(\.range)
            guard !childRanges.isEmpty else { return false }
            return serviceRanges.filter { $0.id == service.id }.allSatisfy { parent in
                childRanges.contains { child in
                    child.lowerBound >= parent.range.upperBound
                        && Self.qualifierGaps.contains(Array(bytes[parent.range.upperBound..<child.lowerBound]))
                }
            }
        }
        return result
    }

    /// What may stand between a parent's name and its feature's: "SageMaker's built-in Object2Vec".
    static let qualifierGaps: Set<[UInt8]> = Set(["", " ", "'s ", " built-in ", "'s built-in ", " the ", " built in "].map { Array($0.utf8) })

    private func isNotAProduct(_ name: String) -> Bool {
        notProducts.contains(TextNormalizer.normalize(name))
    }

    /// The longest leading run of the words that is a known name written loosely, with or
    /// without its prefix.
    private func looseMeaning(_ words: (prefix: String, words: [String])) -> PhraseMeaning? {
        for count in stride(from: words.words.count, through: 1, by: -1) {
            let run = words.words.prefix(count).joined(separator: " ")
            if let meaning = reader.looseName(words.prefix + " " + run) ?? reader.looseName(run) { return meaning }
        }
        return nil
    }

    /// Lower-case words that may sit inside a product name ("Identity and Access Management").
    static let connectors: Set<String> = ["and", "&", "for", "of", "on", "in", "with", "to"]

    /// "Amazon Predict" from "… use Amazon Predict to …": the prefix and the capitalised words after it.
    private func productWords(after prefix: Occurrence, in text: NormalizedText) -> (prefix: String, words: [String])? {
        let utf8 = Array(text.original.utf8)
        let prefixStart = text.originalOffset(prefix.range.lowerBound)
        var position = text.originalEndOffset(prefix.range.upperBound)
        var words: [String] = []
        var pendingConnector: String?
        while words.count < 5 {
            while position < utf8.count, utf8[position] == 0x20 { position += 1 }
            var end = position
            while end < utf8.count, utf8[end] != 0x20, utf8[end] < 0x80 { end += 1 }
            var word = Array(utf8[position..<end])
            while let last = word.last, [0x2C, 0x2E, 0x29, 0x3A, 0x3B, 0x27, 0x22, 0x3F, 0x21].contains(last) { word.removeLast() }
            let text = String(decoding: word, as: UTF8.self)
            if !words.isEmpty, pendingConnector == nil, word.count == end - position, Self.connectors.contains(text) {
                pendingConnector = text
                position = end
                continue
            }
            guard let first = word.first, (first >= 0x41 && first <= 0x5A) || (first >= 0x30 && first <= 0x39 && words.isEmpty),
                  word.contains(where: { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) else { break }
            if let connector = pendingConnector { words.append(connector) }
            pendingConnector = nil
            words.append(text)
            if word.count < end - position { break }  // punctuation ended the name
            position = end
        }
        guard !words.isEmpty else { return nil }
        let prefixText = String(decoding: utf8[prefixStart..<text.originalEndOffset(prefix.range.upperBound)], as: UTF8.self)
        return (prefixText, words)
    }
}

