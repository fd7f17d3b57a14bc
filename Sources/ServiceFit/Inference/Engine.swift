import Foundation

/// Options that steer a decision without changing the knowledge.
public struct DecisionOptions: Sendable {
    /// Tags to add to whatever the text raises (`ask --tags`).
    public var extraTags: [String] = []
    /// Restrict engine-built answers to one provider.
    public var provider: Provider?
    /// How many options to pick when the text does not say ("choose two").
    public var defaultSelectCount: Int?
    /// The language of the explanation; nil follows the question's language.
    public var explanationLanguage: Language?
    /// Without options: how many architectures, which services to avoid or require, a why-not.
    public var architecture = ArchitectureRequest()
    /// Whether `decide` writes the explanation. A batch check turns it off and asks for the
    /// sentences only of the questions its reports quote (`explanation(of:for:options:)`).
    public var explains = true

    public init(extraTags: [String] = [], provider: Provider? = nil, defaultSelectCount: Int? = nil) {
        self.extraTags = extraTags
        self.provider = provider
        self.defaultSelectCount = defaultSelectCount
    }
}

/// The engine: reads a question, scores every candidate, picks or abstains, and explains.
public struct Engine: Sendable {
    public let knowledge: KnowledgeBase
    public let reader: TextReader
    /// The knowledge laid out for per-question look-ups.
    let index: KnowledgeIndex
    let scorer: CandidateScorer
    // Built once, not per question: each holds the knowledge base, and copying one retains every
    // table in it.
    private let extractor: RequirementExtractor
    private let candidateReader: CandidateReader
    private let englishExplainer: Explainer
    private let japaneseExplainer: Explainer

    public init(knowledge: KnowledgeBase) {
        self.init(knowledge: knowledge, reader: TextReader(knowledge: knowledge))
    }

    /// An engine over a reader built earlier from the same knowledge (a snapshot's).
    init(knowledge: KnowledgeBase, reader: TextReader) {
        self.knowledge = knowledge
        self.reader = reader
        self.index = KnowledgeIndex(knowledge: knowledge)
        self.scorer = CandidateScorer(knowledge: knowledge, index: index)
        self.extractor = RequirementExtractor(knowledge: knowledge, index: index)
        self.candidateReader = CandidateReader(knowledge: knowledge, reader: reader, index: index)
        self.englishExplainer = Explainer(knowledge: knowledge, index: index, language: .en)
        self.japaneseExplainer = Explainer(knowledge: knowledge, index: index, language: .ja)
    }

    public func decide(_ question: Question, options: DecisionOptions = .init()) -> Decision {
        let reading = reader.read(question.text)
        let provider = options.provider ?? inferredProvider([reading])
        // Each option's words, read once: they vote for a provider below, then name its services.
        let optionWords = question.options.map { reader.read($0.text) }
        // A question that names no provider is about the one its options name: a name both
        // providers use ("NAT gateway", "IAM policy") reads as that provider's, in the options and
        // in the question, not as whichever id sorts first.
        let readingProvider = provider ?? inferredProvider(optionWords)
        // What the question names is its context, and tells apart a feature name options share.
        let named = Self.namedServices(in: reading, preferring: readingProvider) { index.services[$0]?.provider }
        var requirements = requirements(of: reading, naming: named, options: options)
        if question.options.isEmpty {
            return decideWithoutOptions(requirements: requirements, provider: provider, options: options,
                                        explainer: explainer(for: question, options: options))
        }
        let count = max(1, min(extractor.selectCount(from: reading) ?? options.defaultSelectCount ?? 1, question.options.count))
        let readings = optionWords.map { words in
            candidateReader.resolving(candidateReader.names(in: words), provider: readingProvider, named: named)
        }
        requirements += sharedRequirements(readings, beyond: requirements)
        let context = scorer.context(requirements: requirements, offeredBy: readings)
        var candidates: [CandidateAssessment] = []
        candidates.reserveCapacity(readings.count)
        for (option, reading) in zip(question.options, readings) {
            candidates.append(scorer.assess(letter: option.letter, text: option.text, reading: reading, in: context))
        }
        // "Choose two": the options are parts of one answer, so judge each set as one architecture.
        // One option alone is judged by its own assessment: no group is made of it.
        var groups: [(letters: [String], assessment: CandidateAssessment)]?
        if count > 1 {
            groups = combinations(of: Array(candidates.indices), size: count).map { indices in
                let merged = indices.enumerated().reduce(into: CandidateReading()) { merged, entry in
                    merged.absorb(readings[entry.element], offset: entry.offset)
                }
                let letters = indices.map { candidates[$0].letter }
                var assessment = scorer.assess(letter: letters.joined(separator: "+"),
                                               text: indices.map { question.options[$0].text }.joined(separator: " + "),
                                               reading: merged, in: context)
                // Each option chosen is also a claim of its own: one that is a poor fit by itself
                // weighs on its set even when the other members meet everything the set needs.
                assessment.score += index.weights.memberScore * indices.reduce(0) { $0 + candidates[$1].score }
                return (letters, assessment)
            }
        }
        var decision = choose(from: candidates, groups: groups, count: count, requirements: requirements, provider: provider)
        if options.explains { decision.explanation = explanation(of: decision, for: question, options: options) }
        return decision
    }

    /// The requirements `decide` reads in a text, without going on to judge anything: what a tag's
    /// example is checked against. Deciding a text without options searches for architectures,
    /// which costs a thousand times more.
    func requirements(in text: String, options: DecisionOptions = .init()) -> [Requirement] {
        let reading = reader.read(text)
        return requirements(of: reading, naming: Self.namedServices(in: reading), options: options)
    }

    /// `named`: the services the text names (`namedServices(in:)`).
    private func requirements(of reading: TextReading, naming named: [String], options: DecisionOptions) -> [Requirement] {
        var requirements = extractor.requirements(from: reading, extraTags: options.extraTags)
        discountContext(&requirements, named: named, in: reading)
        return requirements
    }

    /// The sentences that explain a decision (on a question with options, or the architectures
    /// built without them), in the language the options ask for, else the question's.
    public func explanation(of decision: Decision, for question: Question, options: DecisionOptions = .init()) -> [String] {
        let explainer = explainer(for: question, options: options)
        return decision.architectures == nil ? explainer.explain(decision) : explainArchitectures(decision, explainer: explainer)
    }

    /// The one sentence about what was picked, as `explanation(of:for:options:)` words it after the
    /// requirements: what a check reports for an answer that agrees with the key.
    public func pickSentence(of decision: Decision, for question: Question, options: DecisionOptions = .init()) -> String? {
        let explainer = explainer(for: question, options: options)
        guard let architectures = decision.architectures else { return explainer.pickSentence(decision) }
        return ArchitectureExplainer(explainer: explainer).explain(Array(architectures.prefix(1)), tradeOff: nil, whyNot: nil).first
    }

    /// What requirements were read (and any abstention), then the architectures, their trade-off
    /// and any why-not.
    private func explainArchitectures(_ decision: Decision, explainer: Explainer) -> [String] {
        var preamble = decision
        preamble.candidates = []
        return explainer.explain(preamble)
            + ArchitectureExplainer(explainer: explainer).explain(decision.architectures ?? [], tradeOff: decision.tradeOff, whyNot: decision.whyNot)
    }

    /// The language a decision on `question` is explained in: the one asked for, else the
    /// question's own, else the one its text is written in.
    public func explanationLanguage(for question: Question, options: DecisionOptions = .init()) -> Language {
        options.explanationLanguage ?? question.language ?? Self.language(of: question.text)
    }

    private func explainer(for question: Question, options: DecisionOptions) -> Explainer {
        switch explanationLanguage(for: question, options: options) {
        case .en: englishExplainer
        case .ja: japaneseExplainer
        }
    }

    private func combinations(of items: [Int], size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard items.count >= size else { return [] }
        var result: [[Int]] = []
        for (index, first) in items.enumerated() {
            for rest in combinations(of: Array(items[(index + 1)...]), size: size - 1) { result.append([first] + rest) }
        }
        return result
    }

    /// `groups` are the sets of options judged together ("choose two"); nil when each option
    /// stands alone.
    private func choose(from candidates: [CandidateAssessment], groups: [(letters: [String], assessment: CandidateAssessment)]?,
                        count: Int, requirements: [Requirement], provider: Provider?) -> Decision {
        // Ties keep the options' order so the output never depends on hashing.
        // Positions, not the groups: an assessment is many arrays, and moving it costs.
        let scores = groups.map { $0.map(\.assessment.score) } ?? candidates.map(\.score)
        let ranked = scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
        let bestPosition = ranked[0]
        let bestScore = scores[bestPosition]
        let leaning = groups.map { $0[bestPosition].letters.sorted() } ?? [candidates[bestPosition].letter]
        let margin = ranked.count > 1 ? bestScore - scores[ranked[1]] : bestScore
        var abstention: Abstention?
        let namesSomething = candidates.contains {
            !$0.services.isEmpty || !$0.modifiers.isEmpty || !$0.unknown.isEmpty
        }
        let productsWithoutRules = namesSomething ? [] : Array(Set(candidates.flatMap(\.otherProducts))).sorted()
        if !namesSomething && !productsWithoutRules.isEmpty {
            abstention = Abstention(
                reason: .outOfScope,
                message: "the options name products svcfit knows only by name (\(productsWithoutRules.prefix(3).joined(separator: ", "))), not by what they are for")
        } else if !namesSomething {
            abstention = Abstention(reason: .noServiceNamed,
                                    message: "no option names a service or a way of building one, so this is not a service-selection question")
        } else if requirements.isEmpty && !candidates.contains(where: { !$0.unknown.isEmpty }) {
            abstention = Abstention(reason: .noRequirements,
                                    message: "the question states no requirement the knowledge base recognises")
        } else if bestScore <= 0 {
            abstention = Abstention(reason: .nothingFits, message: "no option meets any of the requirements")
        } else if margin < index.weights.abstainMargin {
            abstention = Abstention(
                reason: .thinMargin,
                message: "the best options are too close to call (margin \(margin.twoDecimals))")
        }
        var confidence = 0.0
        if abstention == nil {
            if let groups {
                confidence = self.confidence(margin: margin, pick: groups[bestPosition].assessment, requirements: requirements)
            } else {
                confidence = self.confidence(margin: margin, pick: candidates[bestPosition], requirements: requirements)
            }
        }
        if abstention == nil, confidence < index.weights.minimumConfidence {
            abstention = Abstention(
                reason: .thinMargin,
                message: "the pick would rest on too little evidence (confidence \(confidence.twoDecimals))")
            confidence = 0
        }
        return Decision(
            picked: abstention == nil ? leaning : [], leaning: leaning, confidence: confidence, abstention: abstention,
            selectCount: count, provider: provider, requirements: requirements, candidates: candidates,
            combination: count > 1 ? groups?[bestPosition].assessment : nil, explanation: [])
    }

    /// Japanese when a good share of the letters are kana or kanji; English otherwise.
    public static func language(of text: String) -> Language {
        // Ranges rather than Unicode properties: this runs for every question of a bank.
        var japanese = 0, letters = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                letters += 1
            } else if (0x3041...0x30FF).contains(value) || (0x4E00...0x9FFF).contains(value) {
                letters += 1
                japanese += 1
            }
        }
        return letters > 0 && japanese * 5 >= letters ? .ja : .en
    }

    /// "A company uses Amazon Bedrock to summarise documents": summarising is what the company
    /// already has, so it barely separates options that repeat the service's name.
    private func discountContext(_ requirements: inout [Requirement], named: [String], in reading: TextReading) {
        guard !named.isEmpty else { return }
        // By id, so which of two givers is credited never depends on the text's order.
        let givers = named.sorted().compactMap { index.services[$0] }
        // Only capabilities can be already in place; objectives and constraints ("no servers to
        // manage") bind the whole answer, whatever the question names.
        for position in requirements.indices where requirements[position].kind.isNeed {
            // A tag without a number is one no component provides.
            guard let tag = index.tagNumbers[requirements[position].tag],
                  let giver = givers.first(where: { $0.strength(ofTag: tag) == .full }) else { continue }
            requirements[position].givenBy = giver.id
            requirements[position].givenByWords = reading.occurrences.first { $0.meaning == .service(giver.id) }?.evidence
            requirements[position].weight *= index.weights.context
        }
    }

    /// The services a text names, in the order it names them.
    /// `provider`: where two providers' services answer to the same words, the one meant.
    static func namedServices(in reading: TextReading, preferring provider: Provider? = nil,
                              providerOf: (String) -> Provider? = { _ in nil }) -> [String] {
        // A question names a service or two: a short list searched in a line, not a set.
        var named: [String] = []
        let occurrences = reading.occurrences
        for occurrence in occurrences {
            guard case let .service(id) = occurrence.meaning, !named.contains(id) else { continue }
            if let provider, providerOf(id) != provider,
               reading.services(at: occurrence.range).contains(where: { providerOf($0) == provider }) { continue }
            named.append(id)
        }
        return named
    }

    /// Needs that more than half of the options (two or more) state in words: the task they share.
    private func sharedRequirements(_ readings: [CandidateReading], beyond stated: [Requirement]) -> [Requirement] {
        // Options echo a tag or two each: counted in a short list, not a dictionary of sets.
        var counts: [(tag: String, options: Int)] = []
        for reading in readings {
            for (number, mention) in reading.echoedTags.enumerated()
            where !reading.echoedTags[..<number].contains(where: { $0.id == mention.id }) {
                if let position = counts.firstIndex(where: { $0.tag == mention.id }) {
                    counts[position].options += 1
                } else {
                    counts.append((mention.id, 1))
                }
            }
        }
        func isShared(_ options: Int) -> Bool { options >= 2 && options * 2 > readings.count }
        guard counts.contains(where: { isShared($0.options) }) else { return [] }
        return counts.sorted { $0.tag < $1.tag }.compactMap { id, count in
            guard isShared(count), let tag = index.tags[id], tag.kind.isNeed,
                  !stated.contains(where: { $0.tag == id }) else { return nil }
            return Requirement(tag: id, kind: tag.kind, evidence: nil, impliedBy: nil, sharedByOptions: true,
                               weight: index.weights.weight(for: tag.kind) * index.weights.implied)
        }
    }

    private func confidence(margin: Double, pick: CandidateAssessment, requirements: [Requirement]) -> Double {
        // Counted in place: filtering would copy every requirement, and each is several strings.
        var stated = 0
        var covered = 0
        for requirement in requirements where requirement.evidence != nil && requirement.kind != .modality {
            stated += 1
            if pick.met.contains(where: { $0.tag == requirement.tag }) { covered += 1 }
        }
        let coverage = stated == 0 ? 0.5 : Double(covered) / Double(stated)
        var value = (1 - exp(-margin / index.weights.confidenceScale)) * (0.5 + 0.5 * coverage)
        // When every need is something a service in the question already gives, the options are
        // told apart by context alone: answer, but say it is a weaker call.
        if isOnlyContext(requirements) { value *= 0.5 }
        return (value * 1000).rounded() / 1000
    }

    /// Whether the question adds nothing beyond the services it names: there are stated needs,
    /// and a named service gives each.
    private func isOnlyContext(_ requirements: [Requirement]) -> Bool {
        var stated = false
        for requirement in requirements where requirement.kind != .modality && !requirement.sharedByOptions {
            if requirement.givenBy == nil { return false }
            stated = true
        }
        return stated
    }

    /// Without options: generate architectures from the catalog, rank them with the scorer that
    /// judges options, and explain the winner, its trade-offs against the runner-up and any why-not.
    private func decideWithoutOptions(requirements: [Requirement], provider: Provider?, options: DecisionOptions,
                                      explainer: Explainer) -> Decision {
        let generator = ArchitectureGenerator(knowledge: knowledge)
        let request = options.architecture
        let provider = request.anyProvider ? nil : provider
        let generated = requirements.isEmpty ? nil : generator.generate(requirements: requirements, provider: provider, request: request)
        let architectures = generated?.architectures ?? []
        let rival = generated?.rival, rivalAtMost = generated?.rivalAtMost
        let best = architectures.first
        let chosen = best?.services ?? []
        var decision = Decision(
            picked: chosen, leaning: chosen, confidence: 0, abstention: nil, selectCount: chosen.count, provider: provider,
            requirements: requirements, candidates: architectures.map(\.assessment), combination: nil, explanation: [],
            architectures: architectures)
        if requirements.isEmpty {
            decision.abstention = Abstention(reason: .noRequirements, message: "the text states no requirement the knowledge base recognises")
        } else if let best, best.assessment.met.isEmpty || best.score <= 0 {
            decision.abstention = Abstention(reason: .nothingFits, message: "no service in the knowledge base meets these requirements")
        } else if best == nil {
            decision.abstention = Abstention(reason: .nothingFits, message: "no service in the knowledge base meets these requirements")
        }
        if let best, decision.abstention == nil {
            // Variants of the winner tie with it when the need does not ask for their features:
            // how sure the pick is shows against the best different choice (or the least the
            // search kept, when it let the rest go).
            let margin = best.score - (rival?.score ?? rivalAtMost ?? 0)
            decision.confidence = confidence(margin: margin, pick: best.assessment, requirements: requirements)
        }
        if let best, let rival { decision.tradeOff = ArchitectureTradeOff(winner: best, runnerUp: rival) }
        if let name = request.whyNot {
            decision.whyNot = generator.whyNot(name, requirements: requirements, provider: provider, request: request, winner: best)
        }
        decision.picked = decision.abstention == nil ? chosen : []
        if let whyNot = decision.whyNot {
            decision.whyNot = ArchitectureExplainer(explainer: explainer).localized(whyNot, winner: best)
        }
        if options.explains { decision.explanation = explainArchitectures(decision, explainer: explainer) }
        return decision
    }

    /// The provider texts are about, when their words or the services they name say so.
    private func inferredProvider(_ readings: [TextReading]) -> Provider? {
        // Counted in a short list in order of first vote: there are two providers, not a dictionary's worth.
        var votes: [(provider: Provider, count: Int)] = []
        func vote(_ provider: Provider) {
            if let position = votes.firstIndex(where: { $0.provider == provider }) {
                votes[position].count += 1
            } else {
                votes.append((provider, 1))
            }
        }
        // Words that name services of both providers ("署名付き URL", "object versioning") say
        // nothing about which one the text is about: each place in a text votes once, and only
        // when every name found there belongs to one provider.
        for reading in readings {
            for occurrence in reading.occurrences {
                switch occurrence.meaning {
                case let .service(id):
                    // The first service named at a place votes for it (a tag phrase on the same
                    // words, which comes first in the reading, is no name).
                    let here = reading.services(at: occurrence.range)
                    guard here.first == id, let provider = index.services[id]?.provider else { continue }
                    if Set(here.compactMap { index.services[$0]?.provider }).count == 1 { vote(provider) }
                case let .productPrefix(provider): vote(provider)
                case let .product(index): vote(knowledge.catalog[index].provider)
                default: break
                }
            }
        }
        guard !votes.isEmpty else { return nil }
        let sorted = votes.count == 1 ? votes : votes.sorted { ($0.count, $0.provider.rawValue) > ($1.count, $1.provider.rawValue) }
        guard sorted.count == 1 || sorted[1].count < sorted[0].count else { return nil }
        return sorted[0].provider
    }
}
