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

    /// Meanings in one layer compete for the same words (longest wins); layers do not interfere.
    var isName: Bool {
        switch self {
        case .service, .product: true
        default: false
        }
    }

    var layer: Layer {
        switch self {
        case .tag, .negatedTag: .requirements
        case .service, .product: .names
        case .modifier: .modifiers
        case .selectCount: .selectCount
        case .productPrefix: .prefixes
        case .negationCue: .negation
        }
    }

    public enum Layer: Int, Sendable, CaseIterable {
        case requirements, names, modifiers, selectCount, prefixes, negation
        var ordinal: Int { rawValue }
    }
}

/// A phrase found in text: what it means and where it stands.
public struct Occurrence: Sendable, Hashable {
    public var meaning: PhraseMeaning
    /// Byte range in the normalised text.
    public var range: Range<Int>
    /// The words as written in the original text.
    public var evidence: String
}

/// Everything the knowledge base recognises in one text.
public struct TextReading: Sendable {
    public var text: NormalizedText
    public var occurrences: [Occurrence]

    public func occurrences(in layer: PhraseMeaning.Layer) -> [Occurrence] {
        occurrences.filter { $0.meaning.layer == layer }
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
    // Derived from the meaning table, not stored.
    private let meaningLayer: [UInt8]
    private let cuePlacement: [CuePlacement]

    enum CuePlacement: UInt8 {
        case none, before, after
    }
    /// Every service and product name with spaces, hyphens and case squeezed out, for names
    /// written loosely ("RandomCut Forest", "GlueData Catalog").
    private let squeezedNames: [String: PhraseMeaning]
    /// The same names grouped by length in UTF-8 bytes, so a near miss only looks at its neighbours.
    private let squeezedByLength: [Int: [SqueezedName]]

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
        func add(_ phrase: String, _ meaning: PhraseMeaning) {
            let key = TextNormalizer.normalize(phrase)
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
        // Every tag needs its negated form in the table, whether or not a phrase means it.
        for meaning in table { if case let .tag(id) = meaning { _ = number(.negatedTag(id)) } }
        self.negatedForm = table.map { meaning in
            if case let .tag(id) = meaning { numbers[.negatedTag(id)] ?? -1 } else { -1 }
        }
        self.meaningTable = table
        self.patternMeaningStart = starts
        self.patternMeanings = lists
        (self.meaningLayer, self.cuePlacement) = Self.derived(from: table)
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
        self.squeezedByLength = Self.byLength(squeezed.sorted(by: { $0.key < $1.key }))
    }

    /// Names grouped by length, in the order given (sorted by name, so the tables are the same
    /// every run).
    private static func byLength(_ sortedNames: [(key: String, value: PhraseMeaning)]) -> [Int: [SqueezedName]] {
        var byLength: [Int: [SqueezedName]] = [:]
        for (name, meaning) in sortedNames {
            byLength[name.utf8.count, default: []].append(SqueezedName(name: Array(name.utf8), meaning: meaning))
        }
        return byLength
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
        guard negatedForm.count == count, negatedForm.allSatisfy({ $0 >= -1 && $0 < count }),
              patternMeaningStart.count == matcher.patternCount + 1, patternMeaningStart.first == 0,
              patternMeaningStart.last.map(Int.init) == patternMeanings.count,
              zip(patternMeaningStart, patternMeaningStart.dropFirst()).allSatisfy(<=),
              patternMeanings.allSatisfy({ $0 >= 0 && $0 < count })
        else { throw SnapshotError.corrupted("the phrase meanings do not match the automaton") }
        (meaningLayer, cuePlacement) = Self.derived(from: table)
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
        squeezedByLength = Self.byLength(sortedNames)
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
        for length in (bytes.count - 1)...(bytes.count + 1) {
            for entry in squeezedByLength[length] ?? [] where Self.withinOneEdit(entry.name, bytes) {
                found.insert(entry.meaning)
            }
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

    private static func derived(from table: [PhraseMeaning]) -> (layers: [UInt8], cues: [CuePlacement]) {
        (table.map { UInt8($0.layer.ordinal) }, table.map { meaning in
            if case let .negationCue(before) = meaning { before ? .before : .after } else { .none }
        })
    }

    /// A meaning found on a span of the normalised text, by number.
    struct Candidate: Equatable {
        var meaning: Int32
        var start: Int
        var end: Int
    }

    public func read(_ original: String) -> TextReading {
        let text = TextNormalizer.normalizeWithOrigins(original)
        var found: [PhraseMatcher.Found] = []
        text.bytes.withUnsafeBufferPointer { matcher.collect(in: $0, into: &found) }
        if found.isEmpty { return TextReading(text: text, occurrences: []) }
        var candidates: [Candidate] = []
        candidates.reserveCapacity(found.count + found.count / 2)
        var layersSeen = 0
        for match in found {
            for slot in Int(patternMeaningStart[Int(match.pattern)])..<Int(patternMeaningStart[Int(match.pattern) + 1]) {
                let meaning = patternMeanings[slot]
                layersSeen |= 1 << meaningLayer[Int(meaning)]
                candidates.append(Candidate(meaning: meaning, start: match.start, end: match.end))
            }
        }
        let negation = PhraseMeaning.Layer.negation.ordinal
        let cues = layersSeen & 1 << negation == 0 ? [] : candidates.filter { Int(meaningLayer[Int($0.meaning)]) == negation }
        var kept: [Candidate] = []
        var layer: [Candidate] = []
        for ordinal in 0..<PhraseMeaning.Layer.allCases.count where ordinal != negation && layersSeen & 1 << ordinal != 0 {
            layer.removeAll(keepingCapacity: true)
            for candidate in candidates where Int(meaningLayer[Int(candidate.meaning)]) == ordinal { layer.append(candidate) }
            if ordinal == PhraseMeaning.Layer.requirements.ordinal, !cues.isEmpty {
                for index in layer.indices { layer[index] = applyNegation(layer[index], cues: cues, in: text.bytes) }
            }
            Self.longestNonOverlapping(layer, into: &kept)
        }
        return TextReading(text: text, occurrences: occurrences(Self.inTextOrder(kept), in: text))
    }

    /// By start, then end; spans alike keep the order they were kept in (layer by layer).
    static func inTextOrder(_ kept: [Candidate]) -> [Candidate] {
        if kept.count < 2 { return kept }
        if kept.count <= 0xFFFF && kept.allSatisfy({ $0.end <= 0xFF_FFFF }) {
            return kept.indices.map { UInt64(kept[$0].start) << 40 | UInt64(kept[$0].end) << 16 | UInt64($0) }
                .sorted().map { kept[Int($0 & 0xFFFF)] }
        }
        return kept.indices.sorted { (kept[$0].start, kept[$0].end, $0) < (kept[$1].start, kept[$1].end, $1) }.map { kept[$0] }
    }

    private func occurrences(_ candidates: [Candidate], in text: NormalizedText) -> [Occurrence] {
        text.withOriginalUTF8 { original in
            candidates.map { candidate in
                Occurrence(meaning: meaningTable[Int(candidate.meaning)], range: candidate.start..<candidate.end,
                           evidence: text.originalText(candidate.start..<candidate.end, in: original))
            }
        }
    }

    /// A tag phrase with a negation cue right against it becomes a negated tag spanning both, so
    /// it also outranks the plain phrase in the longest-match contest.
    func applyNegation(_ found: Candidate, cues: [Candidate], in bytes: [UInt8]) -> Candidate {
        let negated = negatedForm[Int(found.meaning)]
        guard negated >= 0 else { return found }
        for cue in cues {
            switch cuePlacement[Int(cue.meaning)] {
            case .before where cue.end == found.start || (cue.end + 1 == found.start && bytes[cue.end] == 0x20):
                return Candidate(meaning: negated, start: cue.start, end: found.end)
            case .after where cue.start == found.end || (found.end + 1 == cue.start && bytes[found.end] == 0x20):
                return Candidate(meaning: negated, start: found.start, end: cue.end)
            default: continue
            }
        }
        return found
    }

    /// Longest first, then leftmost; a phrase inside a longer one is dropped. Several meanings of
    /// the very same span all survive (one phrase can signal two tags). Appends what it keeps.
    static func longestNonOverlapping(_ found: [Candidate], into kept: inout [Candidate]) {
        if found.count < 2 {
            kept += found
            return
        }
        // One integer per span orders them (longer first, then further left, then as found), so
        // the sort compares integers instead of calling back into tuple comparisons; 24 bits of
        // length and start and 16 of index hold any line a bank reader lets through.
        let fitsKey = found.count <= 0xFFFF && found.allSatisfy { $0.end <= 0xFF_FFFF }
        let ordered: [Candidate]
        if fitsKey {
            ordered = found.indices.map { index -> UInt64 in
                let candidate = found[index]
                return UInt64(0xFF_FFFF - (candidate.end - candidate.start)) << 40 | UInt64(candidate.start) << 16 | UInt64(index)
            }.sorted().map { found[Int($0 & 0xFFFF)] }
        } else {
            ordered = found.sorted { ($0.end - $0.start, -$0.start) > ($1.end - $1.start, -$1.start) }
        }
        let firstKept = kept.count
        // Taken spans never overlap, so sorted by start they are sorted by end too: one binary
        // search finds the only spans a new one could touch.
        var takenStarts: [Int] = [], takenEnds: [Int] = []
        for candidate in ordered {
            var low = 0, high = takenEnds.count
            while low < high {
                let mid = (low + high) >> 1
                if takenEnds[mid] <= candidate.start { low = mid + 1 } else { high = mid }
            }
            // Span `low` is the first ending after this one starts: the only candidate overlap.
            if low < takenEnds.count, takenStarts[low] < candidate.end {
                if takenStarts[low] == candidate.start, takenEnds[low] == candidate.end,
                   !kept[firstKept...].contains(candidate) { kept.append(candidate) }
                continue
            }
            takenStarts.insert(candidate.start, at: low)
            takenEnds.insert(candidate.end, at: low)
            kept.append(candidate)
        }
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
        case let other: throw SnapshotError.corrupted("no phrase meaning number \(other)")
        }
    }
}
