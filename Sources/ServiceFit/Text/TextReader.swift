/// What a phrase in the rules stands for when it is found in text.
public enum PhraseMeaning: Sendable, Hashable {
    case tag(String)
    case negatedTag(String)
    case service(String)
    case product(Int)
    case modifier(String)
    case selectCount(Int)
    case productPrefix(Provider)
    /// Words that negate a tag phrase right before (`does not need to be …`) or after (`…は不要`) it.
    case negationCue(before: Bool)
    /// Part `part` of gapped phrase `phrase` (`手間…少な`): found on its own, it means nothing;
    /// the parts in order, close together, stand for the gapped phrase's meaning.
    case gapPart(phrase: Int, part: Int)

    var isName: Bool {
        switch self {
        case .service, .product: true
        default: false
        }
    }

    /// Meanings in one layer compete for the same words (longest wins); layers do not interfere.
    /// A signal's tag reads in `.signals`, which the reader knows from the knowledge base; this
    /// layer, from the meaning alone, is `.requirements` for every tag.
    var layer: Layer {
        switch self {
        case .tag, .negatedTag: .requirements
        case .service, .product: .names
        case .modifier: .modifiers
        case .selectCount: .selectCount
        case .productPrefix: .prefixes
        case .negationCue: .negation
        case .gapPart: .gapParts
        }
    }

    public enum Layer: Int, Sendable, CaseIterable {
        /// `signals`: observations that only count in sets (`Tag.raisedBy`); they never take words
        /// from a need's phrase, nor a need from theirs.
        case requirements, names, modifiers, selectCount, prefixes, negation, gapParts, signals
        var ordinal: Int { rawValue }
    }
}

/// A phrase found in text: what it means and where it stands.
public struct Occurrence: Sendable, Hashable {
    public var meaning: PhraseMeaning
    /// Byte range in the normalised text.
    public var range: Range<Int>
    /// The original text and the UTF-8 range of the words in it: quoting them is left until
    /// someone asks, as most occurrences of a long text are counted, never quoted.
    private let source: String
    private let sourceRange: Range<Int>

    public init(meaning: PhraseMeaning, range: Range<Int>, evidence: String) {
        self.init(meaning: meaning, range: range, source: evidence, sourceRange: 0..<evidence.utf8.count)
    }

    init(meaning: PhraseMeaning, range: Range<Int>, source: String, sourceRange: Range<Int>) {
        self.meaning = meaning
        self.range = range
        self.source = source
        self.sourceRange = sourceRange
    }

    /// The words as written in the original text.
    public var evidence: String {
        let utf8 = source.utf8
        return String(decoding: utf8[utf8.index(utf8.startIndex, offsetBy: sourceRange.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: sourceRange.upperBound)],
                      as: UTF8.self)
    }

    public static func == (left: Occurrence, right: Occurrence) -> Bool {
        left.meaning == right.meaning && left.range == right.range && left.evidence == right.evidence
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(meaning)
        hasher.combine(range)
        hasher.combine(evidence)
    }
}

/// Everything the knowledge base recognises in one text.
public struct TextReading: Sendable {
    public var text: NormalizedText
    public var occurrences: [Occurrence]

    public func occurrences(in layer: PhraseMeaning.Layer) -> [Occurrence] {
        occurrences.filter { $0.meaning.layer == layer }
    }

    /// The services the words at `range` name: more than one where services share a name
    /// ("署名付き URL", a feature name two products use). Lazy, so a look-up in an option's
    /// reading allocates nothing.
    func services(at range: Range<Int>) -> some Collection<String> {
        occurrences.lazy.compactMap { occurrence in
            guard occurrence.range == range, case let .service(id) = occurrence.meaning else { return nil }
            return id
        }
    }
}

/// The knowledge base compiled into one multi-pattern matcher.
public struct TextReader: Sendable {
    private let matcher: PhraseMatcher
    /// Every distinct meaning once; patterns and the reading refer to meanings by their number
    /// here, so collecting and sorting candidates copies integers, not strings.
    private let meaningTable: [PhraseMeaning]
    /// The meanings of pattern i: patternMeanings[patternMeaningStart[i]..<patternMeaningStart[i + 1]].
    private let patternMeaningStart: [Int32]
    private let patternMeanings: [Int32]
    /// For a tag's meaning, the number of its negated form; -1 for any other meaning.
    private let negatedForm: [Int32]
    /// Each gapped phrase: the meaning its parts stand for together, and how many parts it has.
    private let gappedPhrases: [GappedPhrase]
    /// `LanguageCues.coordinators`, normalised: what may stand between two phrases of one list.
    private let coordinators: [[UInt8]]
    /// `LanguageCues.articles` and `nounEndingParticles`, normalised.
    private let articles: [[UInt8]]
    private let nounEndingParticles: [[UInt8]]
    /// The ids of the tags of kind `signal`, sorted: their meanings read in their own layer.
    private let signalTags: [String]
    // Derived from `articles`, not stored: each with the space before it, and the most a cue
    // before its phrase may leave between them (" the ").
    private let articleSuffixes: [[UInt8]]
    private let longestArticleGap: Int
    // Derived from the meaning table, not stored.
    private let meaningLayer: [UInt8]
    private let cuePlacement: [CuePlacement]

    enum CuePlacement: UInt8 {
        case none, before, after
    }

    struct GappedPhrase: Equatable {
        var meaning: Int32
        var parts: Int32
    }

    /// Written between the parts of a gapped phrase.
    public static let gap = "…"
    static let gapScalar: Unicode.Scalar = "…"
    /// How far apart, in bytes of normalised text, two parts of a gapped phrase may stand: six
    /// Japanese characters (手間[ができるだけ]少な) or a few English words. Far enough for the
    /// particles and adverbs Japanese puts between a noun and its predicate, short enough that
    /// the parts still belong to one clause.
    static let maxGap = 18
    /// A signal counts only beside the rest of its set, so its parts may stand twice as far apart:
    /// 学習精度[はエポックごとに]上がり needs more than six characters.
    static let signalMaxGap = 36
    /// Every service and product name with spaces, hyphens and case squeezed out, for names
    /// written loosely ("RandomCut Forest", "GlueData Catalog").
    private let squeezedNames: [String: PhraseMeaning]
    /// The same names by their halves, so a near miss only looks at names that could be one edit
    /// away: a catalog many times larger then costs a look-up no more names.
    private let squeezedByHalves: SqueezedNameIndex

    struct SqueezedName: Sendable {
        var name: [UInt8]
        var meaning: PhraseMeaning
    }
    /// Every phrase the automaton holds, normalised (`{n}` still a placeholder), in pattern order.
    public var normalizedPhrases: [String] { matcher.patternTexts }

    public init(knowledge: KnowledgeBase) {
        var index: [String: Int] = [:]
        var keys: [String] = []
        var meanings: [[PhraseMeaning]] = []
        var gapped: [(meaning: PhraseMeaning, parts: Int)] = []
        func add(_ phrase: String, _ meaning: PhraseMeaning) {
            guard phrase.hasGap else { return addKey(TextNormalizer.normalize(phrase), meaning) }
            let parts = phrase.components(separatedBy: Self.gap).map { TextNormalizer.normalize($0) }
            // The validator reports a gapped phrase with an empty part; here it is left out.
            guard parts.count >= 2, !parts.contains(where: \.isEmpty) else { return }
            let phraseNumber = gapped.count
            gapped.append((meaning, parts.count))
            for (position, part) in parts.enumerated() { addKey(part, .gapPart(phrase: phraseNumber, part: position)) }
        }
        func addKey(_ key: String, _ meaning: PhraseMeaning) {
            guard !key.isEmpty else { return }
            if let existing = index[key] {
                if !meanings[existing].contains(meaning) { meanings[existing].append(meaning) }
            } else {
                index[key] = keys.count
                keys.append(key)
                meanings.append([meaning])
            }
        }
        for tag in knowledge.tags.values.sorted(by: { $0.id < $1.id }) {
            for language in Language.allCases {
                for phrase in tag.phrases[language] { add(phrase, .tag(tag.id)) }
            }
            for phrase in tag.negated.all { add(phrase, .negatedTag(tag.id)) }
        }
        for service in knowledge.services.values.sorted(by: { $0.id < $1.id }) {
            for name in service.allNames { add(name, .service(service.id)) }
        }
        for (offset, product) in knowledge.catalog.enumerated() {
            for name in [product.name] + product.aliases { add(name, .product(offset)) }
        }
        for modifier in knowledge.modifiers.values.sorted(by: { $0.id < $1.id }) {
            for phrase in modifier.phrases.all { add(phrase, .modifier(modifier.id)) }
        }
        // Negation templates stay two cues around any phrase instead of being multiplied out with
        // every phrase: the automaton stays small and a new template costs one pattern.
        for template in knowledge.language.negationTemplates.all {
            let parts = template.components(separatedBy: "{}")
            guard parts.count == 2 else { continue }
            if !parts[0].trimmingWhitespace().isEmpty { add(parts[0], .negationCue(before: true)) }
            if !parts[1].trimmingWhitespace().isEmpty { add(parts[1], .negationCue(before: false)) }
        }
        for (count, cue) in knowledge.language.selectCount {
            for phrase in cue.all { add(phrase, .selectCount(count)) }
        }
        for (provider, prefixes) in knowledge.language.productPrefixes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for prefix in prefixes { add(prefix, .productPrefix(provider)) }
        }
        // The keys are the phrases normalised already: the matcher need not normalise them again.
        self.matcher = PhraseMatcher(normalizedPhrases: keys.map { Array($0.utf8) })
        var numbers: [PhraseMeaning: Int32] = [:]
        var table: [PhraseMeaning] = []
        func number(_ meaning: PhraseMeaning) -> Int32 {
            if let known = numbers[meaning] { return known }
            numbers[meaning] = Int32(table.count)
            table.append(meaning)
            return Int32(table.count - 1)
        }
        var starts: [Int32] = [0], lists: [Int32] = []
        for list in meanings {
            lists += list.map(number)
            starts.append(Int32(lists.count))
        }
        self.gappedPhrases = gapped.map { GappedPhrase(meaning: number($0.meaning), parts: Int32($0.parts)) }
        func normalized(_ words: Phrases) -> [[UInt8]] { words.all.map { Array(TextNormalizer.normalize($0).utf8) }.filter { !$0.isEmpty } }
        self.coordinators = normalized(knowledge.language.coordinators)
        self.articles = normalized(knowledge.language.articles)
        self.nounEndingParticles = normalized(knowledge.language.nounEndingParticles)
        self.signalTags = knowledge.tags.values.filter { $0.kind == .signal }.map(\.id).sorted()
        (articleSuffixes, longestArticleGap) = Self.derived(fromArticles: articles)
        // Every tag needs its negated form in the table, whether or not a phrase means it.
        for meaning in table { if case let .tag(id) = meaning { _ = number(.negatedTag(id)) } }
        self.negatedForm = table.map { meaning in
            if case let .tag(id) = meaning { numbers[.negatedTag(id)] ?? -1 } else { -1 }
        }
        self.meaningTable = table
        self.patternMeaningStart = starts
        self.patternMeanings = lists
        (self.meaningLayer, self.cuePlacement) = Self.derived(from: table, signals: signalTags)
        var squeezed: [String: PhraseMeaning] = [:]
        for (normalized, meaningList) in zip(keys, meanings) {
            guard meaningList.contains(where: \.isName) else { continue }
            let squeezedPhrase = Self.squeezeNormalized(normalized)
            for meaning in meaningList {
                switch meaning {
                case .service, .product:
                    // "Amazon Simple Workflow" is "Amazon Simple Workflow Service" without its last word.
                    for key in Self.genericSuffixes.compactMap({ squeezedPhrase.strippingSuffix($0) }) {
                        // A service with rules outranks a bare catalog name spelled the same way.
                        if case .product = squeezed[key] ?? .product(0), key.count >= 3 { squeezed[key] = meaning }
                    }
                default: break
                }
            }
        }
        self.squeezedNames = squeezed
        self.squeezedByHalves = SqueezedNameIndex(squeezed.sorted(by: { $0.key < $1.key }))
    }

    /// Names by the first half of their bytes and, again, by the rest, each list in the order
    /// given (sorted by name, so the tables are the same every run).
    ///
    /// One edit leaves one of a name's halves as it was: a change in the second half leaves the
    /// first half's bytes at the front, a change in the first half leaves the rest at the end. So
    /// for each length a near miss could have, looking up the text's bytes where that length's
    /// halves would lie finds every name one edit away, however many names share a length or
    /// begin alike ("amazon…", "cloud…"). Keys are hashes: a collision only brings a name that
    /// `withinOneEdit` then turns away.
    struct SqueezedNameIndex: Sendable {
        private var byHalf: [Int: [SqueezedName]] = [:]

        init(_ sortedNames: [(key: String, value: PhraseMeaning)]) {
            for (name, meaning) in sortedNames {
                let bytes = Array(name.utf8)
                guard !bytes.isEmpty else { continue }
                let entry = SqueezedName(name: bytes, meaning: meaning)
                byHalf[Self.key(bytes, length: bytes.count, front: true), default: []].append(entry)
                byHalf[Self.key(bytes, length: bytes.count, front: false), default: []].append(entry)
            }
        }

        /// The key of a name `length` bytes long by its first length / 2 bytes (`front`) or by its
        /// other bytes, read off the front or the end of `bytes`.
        private static func key(_ bytes: [UInt8], length: Int, front: Bool) -> Int {
            let half = length / 2
            let part = front ? bytes[0..<half] : bytes[(bytes.count - (length - half))...]
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(length << 1 | (front ? 1 : 0))
            for byte in part { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            return Int(bitPattern: UInt(hash))
        }

        /// Calls `body` with every name one edit or less from `bytes`, and some others (a name
        /// can come twice).
        func forEachName(near bytes: [UInt8], _ body: (SqueezedName) -> Void) {
            for length in max(1, bytes.count - 1)...(bytes.count + 1) {
                for front in [true, false] {
                    for entry in byHalf[Self.key(bytes, length: length, front: front)] ?? [] { body(entry) }
                }
            }
        }
    }

    // MARK: Snapshot

    /// Written by hand rather than through Codable: these are most of a snapshot's values, and
    /// generic decoding spent more time finding types than reading bytes.
    func write(to writer: SnapshotWriter) {
        matcher.write(to: writer)
        writer.write(UInt32(truncatingIfNeeded: meaningTable.count))
        for meaning in meaningTable { meaning.write(to: writer) }
        writer.writeArray(negatedForm)
        writer.writeArray(patternMeaningStart)
        writer.writeArray(patternMeanings)
        writer.writeArray(gappedPhrases.flatMap { [$0.meaning, $0.parts] })
        for words in [coordinators, articles, nounEndingParticles] { words.map { String(decoding: $0, as: UTF8.self) }.write(to: writer) }
        signalTags.write(to: writer)
        writer.write(UInt32(truncatingIfNeeded: squeezedNames.count))
        for (name, meaning) in squeezedNames.sorted(by: { $0.key < $1.key }) {
            writer.write(name)
            meaning.write(to: writer)
        }
    }

    init(snapshot reader: SnapshotReader) throws {
        matcher = try PhraseMatcher(snapshot: reader)
        let count = try reader.readCount()
        var table: [PhraseMeaning] = []
        table.reserveCapacity(count)
        for _ in 0..<count { table.append(try PhraseMeaning(snapshot: reader)) }
        meaningTable = table
        negatedForm = try reader.readArray()
        patternMeaningStart = try reader.readArray()
        patternMeanings = try reader.readArray()
        let gappedPairs: [Int32] = try reader.readArray()
        let gapped = stride(from: 0, to: gappedPairs.count - 1, by: 2).map { GappedPhrase(meaning: gappedPairs[$0], parts: gappedPairs[$0 + 1]) }
        gappedPhrases = gapped
        coordinators = (try reader.readList() as [String]).map { Array($0.utf8) }
        articles = (try reader.readList() as [String]).map { Array($0.utf8) }
        nounEndingParticles = (try reader.readList() as [String]).map { Array($0.utf8) }
        signalTags = try reader.readList()
        (articleSuffixes, longestArticleGap) = Self.derived(fromArticles: articles)
        // A part names its phrase and place in it, and a phrase means no part: every look-up
        // while reading stays in range and assembling ends.
        let partsFit = table.allSatisfy { meaning in
            guard case let .gapPart(phrase, part) = meaning else { return true }
            return phrase >= 0 && phrase < gapped.count && part >= 0 && part < Int(gapped[phrase].parts)
        }
        guard gappedPairs.count % 2 == 0, partsFit,
              gapped.allSatisfy({ $0.meaning >= 0 && $0.meaning < count && $0.parts >= 2 && table[Int($0.meaning)].layer != .gapParts }),
              negatedForm.count == count, negatedForm.allSatisfy({ $0 >= -1 && $0 < count }),
              patternMeaningStart.count == matcher.patternCount + 1, patternMeaningStart.first == 0,
              patternMeaningStart.last.map(Int.init) == patternMeanings.count,
              zip(patternMeaningStart, patternMeaningStart.dropFirst()).allSatisfy(<=),
              patternMeanings.allSatisfy({ $0 >= 0 && $0 < count })
        else { throw SnapshotError.corrupted("the phrase meanings do not match the automaton") }
        (meaningLayer, cuePlacement) = Self.derived(from: table, signals: signalTags)
        // Written sorted by name, so the length tables need no sorting here.
        var sortedNames: [(key: String, value: PhraseMeaning)] = []
        let squeezedCount = try reader.readCount()
        sortedNames.reserveCapacity(squeezedCount)
        for _ in 0..<squeezedCount {
            sortedNames.append((try reader.readString(), try PhraseMeaning(snapshot: reader)))
        }
        guard zip(sortedNames, sortedNames.dropFirst()).allSatisfy({ $0.key < $1.key }) else {
            throw SnapshotError.corrupted("the loose-name table is out of order")
        }
        squeezedNames = Dictionary(sortedNames, uniquingKeysWith: { first, _ in first })
        squeezedByHalves = SqueezedNameIndex(sortedNames)
    }


    /// Words names often carry or drop at the end; "" keeps the name as it is.
    static let genericSuffixes = ["", "service", "api"]

    static func squeeze(_ name: String) -> String {
        squeezeNormalized(TextNormalizer.normalize(name))
    }

    /// A normalised name without its spaces, hyphens and underscores (all ASCII, so bytes will do).
    static func squeezeNormalized(_ normalized: String) -> String {
        String(decoding: normalized.utf8.filter { $0 != 0x20 && $0 != 0x2D && $0 != 0x5F }, as: UTF8.self)
    }

    /// A name the automaton did not find as written but that is a known name spelled loosely:
    /// the same letters without spaces or hyphens, or one letter off in a long name (an OCR slip).
    public func looseName(_ name: String) -> PhraseMeaning? {
        let key = Self.squeeze(name)
        if let exact = squeezedNames[key] { return exact }
        let bytes = Array(key.utf8)
        guard bytes.count >= Self.minimumLengthForTypos else { return nil }
        var found = Set<PhraseMeaning>()
        squeezedByHalves.forEachName(near: bytes) { entry in
            if Self.withinOneEdit(entry.name, bytes) { found.insert(entry.meaning) }
        }
        // Only an unambiguous near miss counts; two near names means it is no slip of one.
        return found.count == 1 ? found.first : nil
    }

    /// One substitution, insertion or deletion at most, in one linear pass.
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard long.count - short.count <= 1 else { return false }
        var i = 0, j = 0, edits = 0
        while i < short.count && j < long.count {
            if short[i] == long[j] {
                i += 1
                j += 1
                continue
            }
            edits += 1
            if edits > 1 { return false }
            if short.count == long.count { i += 1 }
            j += 1
        }
        return edits + (long.count - j) - (short.count - i) <= 1
    }

    static let minimumLengthForTypos = 10

    public var patternCount: Int { matcher.patternCount }

    private static func derived(from table: [PhraseMeaning], signals: [String]) -> (layers: [UInt8], cues: [CuePlacement]) {
        let signals = Set(signals)
        return (table.map { meaning in
            switch meaning {
            case let .tag(id) where signals.contains(id), let .negatedTag(id) where signals.contains(id): signalsLayer
            default: UInt8(meaning.layer.ordinal)
            }
        }, table.map { meaning in
            if case let .negationCue(before) = meaning { before ? .before : .after } else { .none }
        })
    }

    /// A meaning found on a span of the normalised text, by number, with the meaning's layer.
    struct Candidate: Equatable {
        var meaning: Int32
        var layer: UInt8
        var start: Int
        var end: Int
    }

    /// Each match turned into its meanings as the automaton reports it, cues apart (they only
    /// shape other candidates): no list of raw matches in between. Candidates go into a small
    /// buffer the caller lends (on its stack) and move to an array only when a long text
    /// outgrows it.
    private struct CandidateList: PhraseMatcher.Sink {
        let meaningStart: UnsafeBufferPointer<Int32>, meanings: UnsafeBufferPointer<Int32>, layers: UnsafeBufferPointer<UInt8>
        let small: UnsafeMutableBufferPointer<Candidate>
        var smallCount = 0
        var spilled: [Candidate] = []
        var cues: [Candidate] = []
        var gapParts: [Candidate] = []
        static let negation = UInt8(PhraseMeaning.Layer.negation.ordinal)
        static let gapPart = UInt8(PhraseMeaning.Layer.gapParts.ordinal)

        var isEmpty: Bool { smallCount == 0 && spilled.isEmpty }

        // Inlined into the matcher's report, which calls it for every pattern it accepts.
        @inline(__always)
        mutating func found(pattern: Int32, start: Int, end: Int) {
            for slot in Int(meaningStart[Int(pattern)])..<Int(meaningStart[Int(pattern) + 1]) {
                let meaning = meanings[slot], layer = layers[Int(meaning)]
                let candidate = Candidate(meaning: meaning, layer: layer, start: start, end: end)
                if layer == Self.negation {
                    cues.append(candidate)
                } else if layer == Self.gapPart {
                    gapParts.append(candidate)
                } else if smallCount < small.count {
                    small[smallCount] = candidate
                    smallCount += 1
                } else {
                    if spilled.isEmpty {
                        spilled.reserveCapacity(2 * small.count)
                        spilled.append(contentsOf: small)
                    }
                    spilled.append(candidate)
                }
            }
        }
    }

    /// Candidates a short text holds without spilling into an array: a question of a few hundred
    /// bytes has a dozen or so, and 40 of them stay under a kilobyte of stack.
    static let smallCandidateCount = 40

    public func read(_ original: String) -> TextReading {
        let text = TextNormalizer.normalizeWithOrigins(original)
        let table = meaningTable
        let found: [Occurrence] = withUnsafeTemporaryAllocation(of: Candidate.self, capacity: Self.smallCandidateCount) { small in
            patternMeaningStart.withUnsafeBufferPointer { meaningStart in
                patternMeanings.withUnsafeBufferPointer { meanings in
                    meaningLayer.withUnsafeBufferPointer { layers in
                        var list = CandidateList(meaningStart: meaningStart, meanings: meanings, layers: layers, small: small)
                        text.bytes.withUnsafeBufferPointer { matcher.collect(in: $0, into: &list) }
                        let gapped = list.gapParts.isEmpty ? [] : assembleGapped(list.gapParts, in: text.bytes)
                        if list.isEmpty && gapped.isEmpty { return [] }
                        if list.spilled.isEmpty {
                            return decide(UnsafeMutableBufferPointer(rebasing: small[0..<list.smallCount]), cues: list.cues,
                                          gapped: gapped, text: text, table: table)
                        }
                        let cues = list.cues
                        return list.spilled.withUnsafeMutableBufferPointer {
                            decide($0, cues: cues, gapped: gapped, text: text, table: table)
                        }
                    }
                }
            }
        }
        return TextReading(text: text, occurrences: found)
    }

    /// Negation cues applied, the longest candidates kept, the gapped phrases that fit in with
    /// them added, and all of those turned into occurrences.
    private func decide(_ candidates: UnsafeMutableBufferPointer<Candidate>, cues: [Candidate], gapped: [GappedMatch],
                        text: NormalizedText, table: [PhraseMeaning]) -> [Occurrence] {
        var gapped = gapped
        if !cues.isEmpty {
            var waived: [(index: Int, towardStart: Bool)] = []
            for index in candidates.indices where Self.canBeNegated(candidates[index].layer) {
                let found = candidates[index]
                candidates[index] = applyNegation(found, cues: cues, in: text.bytes)
                // A cue after the phrase moved its end, one before it its start.
                if candidates[index].meaning != found.meaning { waived.append((index, candidates[index].end != found.end)) }
            }
            if !waived.isEmpty && !coordinators.isEmpty { spreadNegation(from: waived, over: candidates, in: text.bytes) }
            for index in gapped.indices where Self.canBeNegated(gapped[index].candidate.layer) {
                gapped[index].candidate = applyNegation(gapped[index].candidate, cues: cues, in: text.bytes)
            }
        }
        let found = UnsafeBufferPointer(candidates)
        return Self.withKept(found) { kept in
            let (joining, displaced) = gapped.isEmpty ? ([], []) : Self.gappedToKeep(gapped, besides: kept.map { found[$0] })
            // Reserved and appended to rather than `Array(unsafeUninitializedCapacity:)`, which looks
            // up the array's type metadata in the runtime on every call.
            var occurrences: [Occurrence] = []
            occurrences.reserveCapacity(kept.count + joining.count)
            text.withOriginalUTF8 { utf8 in
                func append(_ candidate: Candidate) {
                    let start = text.originStart(candidate.start, in: utf8), end = text.originEnd(candidate.end - 1, in: utf8)
                    occurrences.append(Occurrence(meaning: table[Int(candidate.meaning)], range: candidate.start..<candidate.end,
                                                  source: text.original, sourceRange: start..<end))
                }
                // Both lists are by start, end and layer; merged, a gapped phrase goes before a
                // phrase written out on the same place.
                var next = 0
                for index in kept where displaced.isEmpty || !displaced.contains(found[index]) {
                    let candidate = found[index]
                    while next < joining.count, Self.placeOrder(joining[next]) <= Self.placeOrder(candidate) {
                        append(joining[next])
                        next += 1
                    }
                    append(candidate)
                }
                for candidate in joining[next...] { append(candidate) }
            }
            return occurrences
        }
    }

    private static func placeOrder(_ candidate: Candidate) -> (Int, Int, UInt8) { (candidate.start, candidate.end, candidate.layer) }

    /// A gapped phrase found in text: its meaning from its first part to its last, and where the
    /// first part stands.
    struct GappedMatch {
        var candidate: Candidate
        var head: Range<Int>
    }

    /// Each gapped phrase whose parts stand in order, each at most its reach in bytes after the one
    /// before with no sentence or clause break between them. A phrase's matches do not overlap:
    /// each takes the first place of its next part.
    private func assembleGapped(_ parts: [Candidate], in bytes: [UInt8]) -> [GappedMatch] {
        var located: [(phrase: Int, part: Int, start: Int, end: Int)] = parts.compactMap { candidate in
            guard case let .gapPart(phrase, part) = meaningTable[Int(candidate.meaning)] else { return nil }
            return (phrase, part, candidate.start, candidate.end)
        }
        located.sort { ($0.phrase, $0.part, $0.start, $0.end) < ($1.phrase, $1.part, $1.start, $1.end) }
        var matches: [GappedMatch] = []
        var groupStart = 0
        while groupStart < located.count {
            let phrase = located[groupStart].phrase
            var groupEnd = groupStart
            while groupEnd < located.count && located[groupEnd].phrase == phrase { groupEnd += 1 }
            let group = located[groupStart..<groupEnd], partCount = Int(gappedPhrases[phrase].parts)
            // A signal counts only beside the rest of its set, so its parts may stand further apart.
            let reach = meaningLayer[Int(gappedPhrases[phrase].meaning)] == Self.signalsLayer ? Self.signalMaxGap : Self.maxGap
            var previousEnd = 0
            for first in group where first.part == 0 && first.start >= previousEnd {
                var spans = [first.start..<first.end]
                for part in 1..<partCount {
                    let from = spans[spans.count - 1].upperBound
                    guard let next = group.first(where: { $0.part == part && $0.start >= from }),
                          next.start - from <= reach, !Self.breaksClause(from..<next.start, in: bytes)
                    else { break }
                    spans.append(next.start..<next.end)
                }
                guard spans.count == partCount else { continue }
                let meaning = gappedPhrases[phrase].meaning, end = spans[spans.count - 1].upperBound
                matches.append(GappedMatch(candidate: Candidate(meaning: meaning, layer: meaningLayer[Int(meaning)], start: first.start, end: end),
                                           head: spans[0]))
                previousEnd = end
            }
            groupStart = groupEnd
        }
        return matches
    }

    /// Whether normalised text ends a sentence or a clause: . ! ? , a line break, 。, or a 、 that
    /// is no pause inside a clause (`pausesInsideClause`).
    static func breaksClause(_ gap: Range<Int>, in bytes: [UInt8]) -> Bool {
        var index = gap.lowerBound
        while index < gap.upperBound {
            switch bytes[index] {
            case 0x2E, 0x21, 0x3F, 0x2C, 0x0A: return true
            // 。 is E3 80 82 and 、 E3 80 81.
            case 0xE3 where index + 2 < gap.upperBound && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x82:
                return true
            case 0xE3 where index + 2 < gap.upperBound && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x81:
                if !pausesInsideClause(commaAt: index, in: bytes) { return true }
                index += 3
            default: index += 1
            }
        }
        return false
    }

    /// Whether the 、 at `index` follows a particle that closes a noun phrase (は に を へ と, or
    /// で other than ので): a pause inside one clause (成功時は X に、失敗時は Y に), where an
    /// English sentence would have no comma. After a verb or a conjunction (けれども、 ので、 し、)
    /// it ends a clause.
    static func pausesInsideClause(commaAt index: Int, in bytes: [UInt8]) -> Bool {
        func character(endingAt end: Int) -> ArraySlice<UInt8>? { end >= 3 ? bytes[(end - 3)..<end] : nil }
        guard let before = character(endingAt: index),
              let particle = nounPhraseParticles.first(where: { before.elementsEqual($0) }) else { return false }
        // ので、 gives a reason and ends its clause; で alone marks a place or a means.
        if particle == particleDe, let earlier = character(endingAt: index - 3), earlier.elementsEqual(particleNo) { return false }
        return true
    }

    private static let nounPhraseParticles: [[UInt8]] = ["は", "に", "を", "へ", "と", "で"].map { Array($0.utf8) }
    private static let particleDe = Array("で".utf8), particleNo = Array("の".utf8)

    /// The gapped matches whose first part no kept candidate of their layer overlaps, longest
    /// first among themselves, by start, end and layer. The first part is the head of the phrase:
    /// when a phrase written out takes it ("運用の手間" for "手間…少な"), the words mean that
    /// phrase. The rest may be shared: in "手間とコストが少ない" both nouns have the same predicate,
    /// and the words in a gap stay free for other phrases.
    ///
    /// A shorter phrase inside the first part is the reverse case: "bias" inside the head
    /// "bias metrics" of "bias metrics … change" is one word of the longer phrase, so the gapped
    /// phrase is kept and the phrase inside its head is dropped (`displaced`), as the longest match
    /// drops a phrase inside a longer one written out.
    static func gappedToKeep(_ gapped: [GappedMatch], besides kept: [Candidate]) -> (joining: [Candidate], displaced: [Candidate]) {
        func isInside(_ other: Candidate, _ head: Range<Int>) -> Bool {
            other.start >= head.lowerBound && other.end <= head.upperBound && other.end - other.start < head.count
        }
        let free = gapped.filter { match in
            !kept.contains { other in
                other.layer == match.candidate.layer && match.head.overlaps(other.start..<other.end) && !isInside(other, match.head)
            }
        }
        let joining = longestNonOverlapping(free.map(\.candidate))
        let heads = free.filter { match in joining.contains(match.candidate) }
        let displaced = kept.filter { other in
            heads.contains { other.layer == $0.candidate.layer && isInside(other, $0.head) }
        }
        return (joining, displaced)
    }

    /// A tag phrase with a negation cue right against it (before it, an article may stand between:
    /// "does not need a GPU") becomes a negated tag spanning both, so it also outranks the plain phrase
    /// in the longest-match contest.
    func applyNegation(_ found: Candidate, cues: [Candidate], in bytes: [UInt8]) -> Candidate {
        let negated = negatedForm[Int(found.meaning)]
        guard negated >= 0 else { return found }
        for cue in cues {
            switch cuePlacement[Int(cue.meaning)] {
            case .before where cue.end <= found.start && found.start - cue.end <= longestArticleGap
                && isSpaceOrArticle(bytes[cue.end..<found.start]):
                return Candidate(meaning: negated, layer: found.layer, start: cue.start, end: found.end)
            case .after where cue.start == found.end || (found.end + 1 == cue.start && bytes[found.end] == 0x20):
                return Candidate(meaning: negated, layer: found.layer, start: found.start, end: cue.end)
            default: continue
            }
        }
        return found
    }

    /// Tags, needs and signals alike, are what a negation cue can waive.
    @inline(__always) private static func canBeNegated(_ layer: UInt8) -> Bool {
        layer == UInt8(PhraseMeaning.Layer.requirements.ordinal) || layer == signalsLayer
    }
    private static let signalsLayer = UInt8(PhraseMeaning.Layer.signals.ordinal)

    /// 「AやBは不要」 waives A as well as B, and "does not need A or B" B as well as A: a negation
    /// reaches every phrase joined to the negated one by a coordinator (`joinsList`), away from
    /// the cue, and on along the list. A joined phrase keeps its own span (the cue is its neighbour's
    /// evidence); only its meaning turns to the negated form.
    private func spreadNegation(from waived: [(index: Int, towardStart: Bool)], over candidates: UnsafeMutableBufferPointer<Candidate>,
                                in bytes: [UInt8]) {
        var pending = waived
        while let (source, towardStart) = pending.popLast() {
            let reached = candidates[source]
            for index in candidates.indices where Self.canBeNegated(candidates[index].layer) && negatedForm[Int(candidates[index].meaning)] >= 0 {
                let joined = candidates[index]
                let (lower, upper) = towardStart ? (joined.end, reached.start) : (reached.end, joined.start)
                guard lower < upper, joinsList(bytes[lower..<upper]) else { continue }
                candidates[index].meaning = negatedForm[Int(joined.meaning)]
                pending.append((index, towardStart))
            }
        }
    }

    /// Whether the bytes between two phrases join them into one list: a coordinator, with spaces
    /// around it, an article after it ("or a GPU") and, before it, at most the end of the first
    /// phrase's noun (「リアルタイム性や」, "real-time processing or"): one word, no particle, no
    /// clause break.
    private func joinsList(_ between: ArraySlice<UInt8>) -> Bool {
        var word = between.trimmingSpaces
        for article in articleSuffixes where word.count > article.count && word.hasSuffix(article) {
            word = word.dropLast(article.count).trimmingSpaces
            break
        }
        for coordinator in coordinators where word.hasSuffix(coordinator) {
            let tail = word.dropLast(coordinator.count).trimmingSpaces
            if tail.isEmpty { return true }
            if tail.count <= Self.maxNounTail && !tail.contains(where: { Self.listBreakBytes.contains($0) })
                && !Self.clauseBreaks.contains(where: { tail.contains($0) })
                && !nounEndingParticles.contains(where: { tail.contains($0) }) { return true }
        }
        return false
    }

    private static func derived(fromArticles articles: [[UInt8]]) -> (suffixes: [[UInt8]], longestGap: Int) {
        (articles.map { [0x20] + $0 }, 2 + (articles.map(\.count).max() ?? -1))
    }

    /// Nothing, a space, or an article with its spaces: "does not need a GPU" negates "GPU".
    func isSpaceOrArticle(_ between: ArraySlice<UInt8>) -> Bool {
        let word = between.trimmingSpaces
        return word.isEmpty || articles.contains { $0.elementsEqual(word) }
    }
    /// The rest of a noun a phrase may stop short of: four Japanese characters or one English word.
    static let maxNounTail = 12
    static let listBreakBytes: Set<UInt8> = Set(" ,.;:".utf8)
    /// Clause breaks (with `nounEndingParticles`): with one of them the phrase before the
    /// coordinator is not a list member's noun any more.
    static let clauseBreaks: [[UInt8]] = ["、", "。"].map { Array($0.utf8) }

    /// Layer by layer, longest first, then leftmost; a phrase inside a longer one of its layer
    /// is dropped. Several meanings of the very same span all survive (one phrase can signal two
    /// tags). What is kept comes by start, then end, then layer, then the order found.
    static func longestNonOverlapping(_ found: [Candidate]) -> [Candidate] {
        found.withUnsafeBufferPointer { found in
            withKept(found) { kept in kept.map { found[$0] } }
        }
    }

    /// Calls `body` with the indices in `found` of the candidates `longestNonOverlapping` keeps,
    /// in its order; they live only for the call, in one temporary allocation (on the stack for
    /// a short text) with the rest of the bookkeeping.
    static func withKept<Result>(_ found: UnsafeBufferPointer<Candidate>, _ body: (UnsafeBufferPointer<Int>) -> Result) -> Result {
        let count = found.count
        var textEnd = 0
        for candidate in found { textEnd = max(textEnd, candidate.end) }
        let words = textEnd / 64 + 1, parts = 8
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: parts * count + words) { buffer in
            func part(_ number: Int) -> UnsafeMutableBufferPointer<Int> {
                UnsafeMutableBufferPointer(rebasing: buffer[number * count..<(number + 1) * count])
            }
            let bits = UnsafeMutableBufferPointer(rebasing: buffer[parts * count..<parts * count + words])
            let keptCount = bits.withMemoryRebound(to: UInt64.self) { taken in
                decide(found, Bookkeeping(order: part(0), group: part(1), members: part(2), lowestStart: part(3), spanned: part(4),
                                          contest: part(5), won: part(6), kept: part(7), taken: taken))
            }
            return body(UnsafeBufferPointer(rebasing: part(7)[0..<keptCount]))
        }
    }

    /// Scratch for `decide`: `taken` holds a bit for every byte of text, the others an integer
    /// for every candidate.
    private struct Bookkeeping {
        /// Candidate indices by end.
        let order: UnsafeMutableBufferPointer<Int>
        /// For each place in `order`, the place of its overlap group's last member (the group's
        /// number); by that number, how many members the group has, the lowest start among
        /// them, and 1 when one member spans them all.
        let group: UnsafeMutableBufferPointer<Int>
        let members: UnsafeMutableBufferPointer<Int>
        let lowestStart: UnsafeMutableBufferPointer<Int>
        let spanned: UnsafeMutableBufferPointer<Int>
        /// Candidate indices that go through the contest, and by index, 1 for a winner.
        let contest: UnsafeMutableBufferPointer<Int>
        let won: UnsafeMutableBufferPointer<Int>
        let kept: UnsafeMutableBufferPointer<Int>
        let taken: UnsafeMutableBufferPointer<UInt64>
    }

    /// Writes into `kept` the indices of the candidates kept, by start, end, layer and index, and
    /// returns how many.
    ///
    /// A longest-first contest needs its candidates sorted by length, yet most of them meet
    /// nobody: a candidate that overlaps no other of its layer is kept, and in a group that
    /// overlaps one another, a member that spans the whole group is longer than every other and
    /// covers them, so it is kept (with any other meaning of the same span) and the rest are not.
    /// Only groups without such a member go through the contest. In order of end, a layer's
    /// groups stand each in one run, so one pass from the last end finds them.
    private static func decide(_ found: UnsafeBufferPointer<Candidate>, _ book: Bookkeeping) -> Int {
        let count = found.count
        if count == 0 { return 0 }
        let packed = fitsInKeys(found)
        for index in 0..<count { book.order[index] = index }
        sort(book.order, of: found, packed: packed) { UInt64($0.end) << 44 | UInt64($0.start) << 24 | UInt64($0.layer) << 20 }
            by: { ($0.end, $0.start, $0.layer) < ($1.end, $1.start, $1.layer) }

        // Going back from the last end, a candidate that ends after the lowest start of its
        // layer's open group overlaps one of its members (they all end no earlier); otherwise
        // no group before it can reach it either, and it opens its own.
        let layers = found.reduce(0) { max($0, Int($1.layer)) } + 1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: layers) { open in
            for layer in 0..<layers { open[layer] = -1 }
            for position in stride(from: count - 1, through: 0, by: -1) {
                let candidate = found[book.order[position]], layer = Int(candidate.layer)
                let openGroup = open[layer]
                if openGroup >= 0, candidate.end > book.lowestStart[openGroup] {
                    book.lowestStart[openGroup] = min(book.lowestStart[openGroup], candidate.start)
                    book.members[openGroup] += 1
                    book.group[position] = openGroup
                } else {
                    open[layer] = position
                    book.group[position] = position
                    book.members[position] = 1
                    book.lowestStart[position] = candidate.start
                    book.spanned[position] = 0
                }
            }
        }
        func spansItsGroup(_ position: Int) -> Bool {
            let group = book.group[position], candidate = found[book.order[position]]
            return candidate.start == book.lowestStart[group] && candidate.end == found[book.order[group]].end
        }
        for position in 0..<count where book.members[book.group[position]] > 1 && spansItsGroup(position) {
            book.spanned[book.group[position]] = 1
        }

        var keptCount = 0, contested = 0
        // The members that span a group have one span, so they stand together: the same meaning
        // twice on it is kept once.
        var spannersFrom = 0, spannersGroup = -1
        for position in 0..<count {
            let index = book.order[position], group = book.group[position]
            if book.members[group] == 1 {
                book.kept[keptCount] = index
                keptCount += 1
            } else if book.spanned[group] == 0 {
                book.contest[contested] = index
                contested += 1
            } else if spansItsGroup(position) {
                if spannersGroup != group { (spannersFrom, spannersGroup) = (keptCount, group) }
                if !book.kept[spannersFrom..<keptCount].contains(where: { found[$0] == found[index] }) {
                    book.kept[keptCount] = index
                    keptCount += 1
                }
            }
        }
        if contested > 0 {
            for position in 0..<contested { book.won[book.contest[position]] = 0 }
            let contest = UnsafeMutableBufferPointer(rebasing: book.contest[0..<contested])
            runContest(found, contest, packed: packed, book)
            for index in contest where book.won[index] == 1 {
                book.kept[keptCount] = index
                keptCount += 1
            }
        }
        // Kept candidates of one layer do not overlap, so in order of end they are in order of
        // start already; the layers' interleaving and the contest's winners are left to sort.
        sort(UnsafeMutableBufferPointer(rebasing: book.kept[0..<keptCount]), of: found, packed: packed) {
            UInt64($0.start) << 44 | UInt64($0.end) << 24 | UInt64($0.layer) << 20
        } by: { ($0.start, $0.end, $0.layer) < ($1.start, $1.end, $1.layer) }
        return keptCount
    }

    /// Longest first, then leftmost, layer by layer: a candidate wins when it touches nothing
    /// that won before it in its layer. Spans alike are next to each other, and the first decides
    /// for all of them; the same meaning twice on one span wins once.
    private static func runContest(_ found: UnsafeBufferPointer<Candidate>, _ contest: UnsafeMutableBufferPointer<Int>,
                                   packed: Bool, _ book: Bookkeeping) {
        sort(contest, of: found, packed: packed) {
            UInt64($0.layer) << 60 | UInt64(0xF_FFFF - ($0.end - $0.start)) << 40 | UInt64($0.start) << 20
        } by: { ($0.layer, $1.end - $1.start, $0.start) < ($1.layer, $0.end - $0.start, $1.start) }
        var previous = found[contest[0]], spanStart = 0, spanWon = false
        for position in contest.indices {
            let index = contest[position], candidate = found[index]
            let sameSpan = position > 0 && candidate.layer == previous.layer && candidate.start == previous.start
                && candidate.end == previous.end
            if sameSpan {
                if spanWon, !contest[spanStart..<position].contains(where: { book.won[$0] == 1 && found[$0] == candidate }) {
                    book.won[index] = 1
                }
                continue
            }
            if position == 0 || candidate.layer != previous.layer { book.taken.update(repeating: 0) }
            previous = candidate
            spanStart = position
            spanWon = !anyTaken(book.taken, candidate.start..<candidate.end)
            if spanWon {
                take(book.taken, candidate.start..<candidate.end)
                book.won[index] = 1
            }
        }
    }

    /// Whether every candidate's place and layer, and its index, fit the 20 and 4 bits that
    /// `sort` packs them into.
    private static func fitsInKeys(_ found: UnsafeBufferPointer<Candidate>) -> Bool {
        found.count <= 0xF_FFFF && found.allSatisfy { $0.end <= 0xF_FFFF && $0.layer < 16 }
    }

    /// Sorts candidate indices by `areInIncreasingOrder`, then by index. When the candidates fit
    /// (`packed`), `key` gives the same order in the upper 44 bits of one integer and the index
    /// goes in the lower 20, so the sort compares integers instead of calling back into tuple
    /// comparisons; longer texts take the slower way.
    private static func sort(_ indices: UnsafeMutableBufferPointer<Int>, of found: UnsafeBufferPointer<Candidate>, packed: Bool,
                             key: (Candidate) -> UInt64, by areInIncreasingOrder: (Candidate, Candidate) -> Bool) {
        guard packed else {
            var indices = indices
            indices.sort { left, right in
                let a = found[left], b = found[right]
                return areInIncreasingOrder(a, b) || (!areInIncreasingOrder(b, a) && left < right)
            }
            return
        }
        indices.withMemoryRebound(to: UInt64.self) { keys in
            for position in keys.indices {
                let index = Int(bitPattern: UInt(keys[position]))
                keys[position] = key(found[index]) | UInt64(index)
            }
            sortKeys(keys)
            for position in keys.indices { keys[position] &= 0xF_FFFF }
        }
    }

    /// Sorts distinct keys. A line has a few dozen candidates, mostly found in nearly the order
    /// wanted: insertion sort does that in place with no calls, where the standard library's
    /// stable sort spent more than all the comparing on setting itself up.
    static func sortKeys(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        guard keys.count <= 64 else {
            var keys = keys
            keys.sort()
            return
        }
        guard let base = keys.baseAddress else { return }
        for index in 1..<max(1, keys.count) {
            let key = base[index]
            var hole = index
            while hole > 0, base[hole - 1] > key {
                base[hole] = base[hole - 1]
                hole -= 1
            }
            base[hole] = key
        }
    }

    @inline(__always) private static func anyTaken(_ taken: UnsafeMutableBufferPointer<UInt64>, _ span: Range<Int>) -> Bool {
        var position = span.lowerBound
        while position < span.upperBound {
            let (word, mask, next) = wordMask(position, span.upperBound)
            if taken[word] & mask != 0 { return true }
            position = next
        }
        return false
    }

    @inline(__always) private static func take(_ taken: UnsafeMutableBufferPointer<UInt64>, _ span: Range<Int>) {
        var position = span.lowerBound
        while position < span.upperBound {
            let (word, mask, next) = wordMask(position, span.upperBound)
            taken[word] |= mask
            position = next
        }
    }

    /// The bits from `position` up to `end` that lie in `position`'s word, and where the next word starts.
    @inline(__always) private static func wordMask(_ position: Int, _ end: Int) -> (word: Int, mask: UInt64, next: Int) {
        let bit = position & 63, width = min(64 - bit, end - position)
        let ones: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) &- 1
        return (position >> 6, ones << UInt64(bit), position + width)
    }
}

extension String {
    /// Self without `suffix`, or nil when it does not end with it; "" returns self.
    func strippingSuffix(_ suffix: String) -> String? {
        if suffix.isEmpty { return self }
        guard hasSuffix(suffix), count > suffix.count else { return nil }
        return String(dropLast(suffix.count))
    }
}


extension PhraseMeaning {
    func write(to writer: SnapshotWriter) {
        switch self {
        case let .tag(id): writer.write(UInt8(0)); writer.write(id)
        case let .negatedTag(id): writer.write(UInt8(1)); writer.write(id)
        case let .service(id): writer.write(UInt8(2)); writer.write(id)
        case let .product(index): writer.write(UInt8(3)); writer.write(Int64(index))
        case let .modifier(id): writer.write(UInt8(4)); writer.write(id)
        case let .selectCount(count): writer.write(UInt8(5)); writer.write(Int64(count))
        case let .productPrefix(provider): writer.write(UInt8(6)); writer.write(provider.rawValue)
        case let .negationCue(before): writer.write(UInt8(7)); writer.write(before)
        case let .gapPart(phrase, part): writer.write(UInt8(8)); writer.write(Int64(phrase)); writer.write(Int64(part))
        }
    }

    init(snapshot reader: SnapshotReader) throws {
        switch try reader.read(UInt8.self) {
        case 0: self = .tag(try reader.readString())
        case 1: self = .negatedTag(try reader.readString())
        case 2: self = .service(try reader.readString())
        case 3: self = .product(Int(try reader.read(Int64.self)))
        case 4: self = .modifier(try reader.readString())
        case 5: self = .selectCount(Int(try reader.read(Int64.self)))
        case 6:
            let name = try reader.readString()
            guard let provider = Provider(rawValue: name) else { throw SnapshotError.corrupted("no provider \(name)") }
            self = .productPrefix(provider)
        case 7: self = .negationCue(before: try reader.readBool())
        case 8: self = .gapPart(phrase: Int(try reader.read(Int64.self)), part: Int(try reader.read(Int64.self)))
        case let other: throw SnapshotError.corrupted("no phrase meaning number \(other)")
        }
    }
}

extension ArraySlice<UInt8> {
    var trimmingSpaces: ArraySlice<UInt8> {
        var lower = startIndex, upper = endIndex
        while lower < upper && self[lower] == 0x20 { lower += 1 }
        while upper > lower && self[upper - 1] == 0x20 { upper -= 1 }
        return self[lower..<upper]
    }

    func hasSuffix(_ suffix: [UInt8]) -> Bool { count >= suffix.count && self[(endIndex - suffix.count)...].elementsEqual(suffix) }
}
