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

    public init(knowledge: KnowledgeBase) {
        self.init(knowledge: knowledge, reader: TextReader(knowledge: knowledge))
    }

    /// An engine over a reader built earlier from the same knowledge (a snapshot's).
    init(knowledge: KnowledgeBase, reader: TextReader) {
        self.knowledge = knowledge
        self.reader = reader
        self.index = KnowledgeIndex(knowledge: knowledge)
        self.scorer = CandidateScorer(knowledge: knowledge, index: index)
    }

    public func decide(_ question: Question, options: DecisionOptions = .init()) -> Decision {
        let extractor = RequirementExtractor(knowledge: knowledge, index: index)
        let reading = reader.read(question.text)
        var requirements = extractor.requirements(from: reading, extraTags: options.extraTags)
        discountContext(&requirements, reading: reading)
        let provider = options.provider ?? inferredProvider(reading)
        if question.options.isEmpty {
            return decideWithoutOptions(requirements: requirements, provider: provider, options: options)
        }
        let count = max(1, min(extractor.selectCount(from: reading) ?? options.defaultSelectCount ?? 1, question.options.count))
        let candidateReader = CandidateReader(knowledge: knowledge, reader: reader)
        let readings = question.options.map { candidateReader.read($0.text) }
        requirements += sharedRequirements(readings, beyond: requirements)
        let alternatives = Set(readings.flatMap { $0.services.map(\.id) + $0.modifiers.map(\.id) })
        let context = scorer.context(requirements: requirements, alternatives: alternatives)
        let candidates = zip(question.options, readings).map { option, reading in
            scorer.assess(letter: option.letter, text: option.text, reading: reading, in: context)
        }
        // "Choose two": the options are parts of one answer, so judge each set as one architecture.
        var groups = candidates.map { [$0] }.map { (letters: $0.map(\.letter), assessment: $0[0]) }
        if count > 1 {
            groups = combinations(of: Array(candidates.indices), size: count).map { indices in
                let merged = indices.enumerated().reduce(into: CandidateReading()) { merged, entry in
                    merged.absorb(readings[entry.element], offset: entry.offset)
                }
                let letters = indices.map { candidates[$0].letter }
                return (letters, scorer.assess(letter: letters.joined(separator: "+"),
                                               text: indices.map { question.options[$0].text }.joined(separator: " + "),
                                               reading: merged, in: context))
            }
        }
        var decision = choose(from: candidates, groups: groups, count: count, requirements: requirements, provider: provider)
        if options.explains { decision.explanation = explanation(of: decision, for: question, options: options) }
        return decision
    }

    /// The sentences that explain a decision on a question with options, in the language the
    /// options ask for, else the question's.
    public func explanation(of decision: Decision, for question: Question, options: DecisionOptions = .init()) -> [String] {
        explainer(for: question, options: options).explain(decision)
    }

    /// The one sentence about what was picked, as `explanation(of:for:options:)` words it after the
    /// requirements: what a check reports for an answer that agrees with the key.
    public func pickSentence(of decision: Decision, for question: Question, options: DecisionOptions = .init()) -> String? {
        explainer(for: question, options: options).pickSentence(decision)
    }

    private func explainer(for question: Question, options: DecisionOptions) -> Explainer {
        Explainer(knowledge: knowledge, index: index,
                  language: options.explanationLanguage ?? question.language ?? Self.language(of: question.text))
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

    private func choose(from candidates: [CandidateAssessment], groups: [(letters: [String], assessment: CandidateAssessment)],
                        count: Int, requirements: [Requirement], provider: Provider?) -> Decision {
        // Ties keep the options' order so the output never depends on hashing.
        // Positions, not the groups: an assessment is many arrays, and moving it costs.
        let scores = groups.map(\.assessment.score)
        let ranked = scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
        let best = groups[ranked[0]]
        let leaning = best.letters.sorted()
        let margin = ranked.count > 1 ? best.assessment.score - groups[ranked[1]].assessment.score : best.assessment.score
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
        } else if best.assessment.score <= 0 {
            abstention = Abstention(reason: .nothingFits, message: "no option meets any of the requirements")
        } else if margin < knowledge.scoring["abstainMargin"] {
            abstention = Abstention(
                reason: .thinMargin,
                message: "the best options are too close to call (margin \(margin.twoDecimals))")
        }
        var confidence = abstention == nil ? self.confidence(margin: margin, pick: best.assessment, requirements: requirements) : 0
        if abstention == nil, confidence < knowledge.scoring["minimumConfidence"] {
            abstention = Abstention(
                reason: .thinMargin,
                message: "the pick would rest on too little evidence (confidence \(confidence.twoDecimals))")
            confidence = 0
        }
        return Decision(
            picked: abstention == nil ? leaning : [], leaning: leaning, confidence: confidence, abstention: abstention,
            selectCount: count, provider: provider, requirements: requirements, candidates: candidates,
            combination: count > 1 ? best.assessment : nil, explanation: [])
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
    private func discountContext(_ requirements: inout [Requirement], reading: TextReading) {
        let named = Set(reading.occurrences(in: .names).compactMap { occurrence -> String? in
            if case let .service(id) = occurrence.meaning { return id }
            return nil
        })
        guard !named.isEmpty else { return }
        // Only capabilities can be already in place; objectives and constraints ("no servers to
        // manage") bind the whole answer, whatever the question names.
        for position in requirements.indices where requirements[position].kind == .requirement {
            let tag = requirements[position].tag
            guard let giver = named.sorted().first(where: { index.services[$0]?.provides[tag] == .full }) else { continue }
            requirements[position].givenBy = giver
            requirements[position].weight *= index.weights.context
        }
    }

    /// Needs that more than half of the options (two or more) state in words: the task they share.
    private func sharedRequirements(_ readings: [CandidateReading], beyond stated: [Requirement]) -> [Requirement] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for reading in readings {
            for tag in Set(reading.echoedTags.map(\.id)) {
                if counts[tag] == nil { order.append(tag) }
                counts[tag, default: 0] += 1
            }
        }
        let known = Set(stated.map(\.tag))
        return order.sorted().compactMap { id in
            guard let tag = index.tags[id], tag.kind == .requirement, !known.contains(id),
                  let count = counts[id], count >= 2, count * 2 > readings.count else { return nil }
            return Requirement(tag: id, kind: tag.kind, evidence: nil, impliedBy: nil, sharedByOptions: true,
                               weight: knowledge.scoring.weight(for: tag.kind) * knowledge.scoring["impliedFactor"])
        }
    }

    /// The services that give every stated need, when the question adds nothing beyond them.
    private func onlyContext(_ requirements: [Requirement]) -> String? {
        let stated = requirements.filter { $0.kind != .modality && !$0.sharedByOptions }
        guard !stated.isEmpty, stated.allSatisfy({ $0.givenBy != nil }) else { return nil }
        return Set(stated.compactMap(\.givenBy)).sorted().map { knowledge.displayName(of: $0) }.joined(separator: " and ")
    }

    private func confidence(margin: Double, pick: CandidateAssessment, requirements: [Requirement]) -> Double {
        let stated = requirements.filter { $0.evidence != nil && $0.kind != .modality }
        let coverage = stated.isEmpty ? 0.5 : Double(stated.filter { tag in pick.met.contains { $0.tag == tag.tag } }.count) / Double(stated.count)
        var value = (1 - exp(-margin / knowledge.scoring["confidenceScale"])) * (0.5 + 0.5 * coverage)
        // When every need is something a service in the question already gives, the options are
        // told apart by context alone: answer, but say it is a weaker call.
        if onlyContext(requirements) != nil { value *= 0.5 }
        return (value * 1000).rounded() / 1000
    }

    /// Without options: generate architectures from the catalog, rank them with the scorer that
    /// judges options, and explain the winner, its trade-offs against the runner-up and any why-not.
    private func decideWithoutOptions(requirements: [Requirement], provider: Provider?, options: DecisionOptions) -> Decision {
        let generator = ArchitectureGenerator(knowledge: knowledge)
        let request = options.architecture
        let provider = request.anyProvider ? nil : provider
        let architectures = requirements.isEmpty ? [] : generator.generate(requirements: requirements, provider: provider, request: request).architectures
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
            let margin = architectures.count > 1 ? best.score - architectures[1].score : best.score
            decision.confidence = confidence(margin: margin, pick: best.assessment, requirements: requirements)
        }
        if architectures.count > 1 { decision.tradeOff = ArchitectureTradeOff(winner: architectures[0], runnerUp: architectures[1]) }
        if let name = request.whyNot {
            decision.whyNot = generator.whyNot(name, requirements: requirements, provider: provider, request: request, winner: best)
        }
        decision.picked = decision.abstention == nil ? chosen : []
        var preamble = decision
        preamble.candidates = []
        decision.explanation = Explainer(knowledge: knowledge, index: index).explain(preamble)
            + ArchitectureExplainer(knowledge: knowledge).explain(architectures, tradeOff: decision.tradeOff, whyNot: decision.whyNot)
        return decision
    }

    /// The provider the question is about, when its words or the services it names say so.
    private func inferredProvider(_ reading: TextReading) -> Provider? {
        var votes: [Provider: Int] = [:]
        for occurrence in reading.occurrences {
            switch occurrence.meaning {
            case let .service(id): if let provider = index.services[id]?.provider { votes[provider, default: 0] += 1 }
            case let .productPrefix(provider): votes[provider, default: 0] += 1
            case let .product(index): votes[knowledge.catalog[index].provider, default: 0] += 1
            default: break
            }
        }
        let sorted = votes.sorted { ($0.value, $0.key.rawValue) > ($1.value, $1.key.rawValue) }
        guard let first = sorted.first, sorted.count == 1 || sorted[1].value < first.value else { return nil }
        return first.key
    }
}
