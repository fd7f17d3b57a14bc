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
    private let meanings: [[PhraseMeaning]]
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
        self.meanings = meanings
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
        writer.write(UInt32(truncatingIfNeeded: meanings.count))
        for list in meanings {
            writer.write(UInt32(truncatingIfNeeded: list.count))
            for meaning in list { meaning.write(to: writer) }
        }
        writer.write(UInt32(truncatingIfNeeded: squeezedNames.count))
        for (name, meaning) in squeezedNames.sorted(by: { $0.key < $1.key }) {
            writer.write(name)
            meaning.write(to: writer)
        }
    }

    init(snapshot reader: SnapshotReader) throws {
        matcher = try PhraseMatcher(snapshot: reader)
        var meanings: [[PhraseMeaning]] = []
        let count = try reader.readCount()
        guard count == matcher.patternCount else { throw SnapshotError.corrupted("the phrase meanings do not match the automaton") }
        meanings.reserveCapacity(count)
        for _ in 0..<count {
            let listCount = try reader.readCount()
            var list: [PhraseMeaning] = []
            list.reserveCapacity(listCount)
            for _ in 0..<listCount { list.append(try PhraseMeaning(snapshot: reader)) }
            meanings.append(list)
        }
        self.meanings = meanings
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

    public func read(_ original: String) -> TextReading {
        let text = TextNormalizer.normalizeWithOrigins(original)
        let matches = matcher.matches(in: text.bytes)
        var byLayer = [[(PhraseMeaning, Range<Int>)]](repeating: [], count: PhraseMeaning.Layer.allCases.count)
        for match in matches {
            for meaning in meanings[match.pattern] {
                byLayer[meaning.layer.ordinal].append((meaning, match.range))
            }
        }
        let cues = byLayer[PhraseMeaning.Layer.negation.ordinal]
        var occurrences: [Occurrence] = []
        for layer in PhraseMeaning.Layer.allCases where layer != .negation {
            var found = byLayer[layer.ordinal]
            if found.isEmpty { continue }
            if layer == .requirements, !cues.isEmpty { found = found.map { Self.applyNegation($0, cues: cues, in: text.bytes) } }
            for (meaning, range) in Self.longestNonOverlapping(found) {
                occurrences.append(Occurrence(meaning: meaning, range: range, evidence: text.originalText(range)))
            }
        }
        occurrences.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        return TextReading(text: text, occurrences: occurrences)
    }

    /// A tag phrase with a negation cue right against it becomes a negated tag spanning both, so
    /// it also outranks the plain phrase in the longest-match contest.
    static func applyNegation(_ found: (PhraseMeaning, Range<Int>), cues: [(PhraseMeaning, Range<Int>)],
                              in bytes: [UInt8]) -> (PhraseMeaning, Range<Int>) {
        guard case let .tag(id) = found.0 else { return found }
        let range = found.1
        for (cue, cueRange) in cues {
            guard case let .negationCue(before) = cue else { continue }
            if before, cueRange.upperBound == range.lowerBound
                || (cueRange.upperBound + 1 == range.lowerBound && bytes[cueRange.upperBound] == 0x20) {
                return (.negatedTag(id), cueRange.lowerBound..<range.upperBound)
            }
            if !before, cueRange.lowerBound == range.upperBound
                || (range.upperBound + 1 == cueRange.lowerBound && bytes[range.upperBound] == 0x20) {
                return (.negatedTag(id), range.lowerBound..<cueRange.upperBound)
            }
        }
        return found
    }

    /// Longest first, then leftmost; a phrase inside a longer one is dropped. Several meanings of
    /// the very same span all survive (one phrase can signal two tags).
    static func longestNonOverlapping(_ found: [(PhraseMeaning, Range<Int>)]) -> [(PhraseMeaning, Range<Int>)] {
        if found.count < 2 { return found }
        // One integer per span orders them (longer first, then further left, then as found), so
        // the sort compares integers instead of calling back into tuple comparisons; 24 bits of
        // length and start and 16 of index hold any line a bank reader lets through.
        let fitsKey = found.count <= 0xFFFF && found.allSatisfy { $0.1.upperBound <= 0xFF_FFFF }
        let ordered: [(PhraseMeaning, Range<Int>)]
        if fitsKey {
            ordered = found.indices.map { index -> UInt64 in
                let range = found[index].1
                return UInt64(0xFF_FFFF - range.count) << 40 | UInt64(range.lowerBound) << 16 | UInt64(index)
            }.sorted().map { found[Int($0 & 0xFFFF)] }
        } else {
            ordered = found.sorted { ($0.1.count, -$0.1.lowerBound) > ($1.1.count, -$1.1.lowerBound) }
        }
        // Taken spans never overlap, so sorted by start they are sorted by end too: one binary
        // search finds the only spans a new one could touch.
        var taken: [Range<Int>] = []
        var kept: [(PhraseMeaning, Range<Int>)] = []
        for (meaning, range) in ordered {
            var low = 0, high = taken.count
            while low < high {
                let mid = (low + high) >> 1
                if taken[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
            }
            // taken[low] is the first span ending after this one starts: the only candidate overlap.
            if low < taken.count, taken[low].lowerBound < range.upperBound {
                if taken[low] == range, !kept.contains(where: { $0.0 == meaning && $0.1 == range }) { kept.append((meaning, range)) }
                continue
            }
            taken.insert(range, at: low)
            kept.append((meaning, range))
        }
        return kept
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
