/// Scores one candidate architecture against the requirements. The same scorer serves answer
/// options and engine-built architectures, so the two can never disagree about which is better.
struct CandidateScorer {
    let knowledge: KnowledgeBase

    struct Component {
        var id: String
        var evidence: String?
        /// Where the option names it; components named by overlapping words are one choice.
        var range: Range<Int>?
        var provides: [String: Strength]
        var violates: [Shortcoming]
        var weakAt: [Shortcoming]
    }

    func components(of reading: CandidateReading) -> [Component] {
        reading.services.compactMap { mention in
            knowledge.services[mention.id].map {
                Component(id: mention.id, evidence: mention.evidence, range: mention.range, provides: $0.provides,
                          violates: $0.violates, weakAt: $0.weakAt)
            }
        } + reading.modifiers.compactMap { mention in
            knowledge.modifiers[mention.id].map {
                Component(id: mention.id, evidence: mention.evidence, range: mention.range, provides: $0.provides,
                          violates: $0.violates, weakAt: $0.weakAt)
            }
        }
    }

    /// Context is discounted when an option merely repeats it, never when an option breaks it:
    /// a cache that cannot sit in front of the MySQL database the question names is ruled out.
    private func fullWeight(_ requirement: Requirement) -> Double {
        requirement.givenBy == nil ? requirement.weight : requirement.weight / knowledge.scoring["contextFactor"]
    }

    /// `alternatives` are the components every option names; a rule that prefers X over Y only
    /// rewards X when some option actually offers Y (nil: no contrast check).
    func assess(
        letter: String, text: String, reading: CandidateReading, requirements: [Requirement],
        alternatives: Set<String>? = nil
    ) -> CandidateAssessment {
        let parts = components(of: reading)
        let weights = knowledge.scoring
        let wanted = Dictionary(requirements.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
        var score = 0.0
        var met: [MetRequirement] = []
        var shortfalls: [Shortfall] = []

        for requirement in requirements {
            let best = parts.compactMap { part in part.provides[requirement.tag].map { (part.id, $0) } }
                .max { $0.1.value < $1.1.value }
            if let (id, strength) = best {
                met.append(MetRequirement(tag: requirement.tag, by: id, strength: strength))
                // A feature of the service the question names (Bedrock → Guardrails) is a new
                // choice, not the context the company already has: it earns the full weight.
                var weight = requirement.weight
                if let giver = requirement.givenBy, knowledge.services[id]?.parent == giver {
                    weight = fullWeight(requirement)
                }
                score += weight * strength.value
            }
        }
        // A capability one component lacks is no loss when another component of the same
        // architecture provides it; objectives and constraints hold for the whole architecture.
        let providedFully = Set(parts.flatMap { $0.provides.filter { $0.value == .full }.map(\.key) })
        func isCapability(_ tag: String) -> Bool {
            let kind = knowledge.tags[tag]?.kind
            return kind == .requirement || kind == .modality
        }
        func counts(_ tag: String, from part: Component) -> Bool {
            guard isCapability(tag), providedFully.contains(tag) else { return true }
            return knowledge.modifiers[part.id] != nil
        }
        var chargedRanges: [String: [Range<Int>]] = [:]
        func add(_ tag: String, _ part: Component, _ severity: Shortfall.Severity, _ because: String) {
            guard let requirement = wanted[tag], counts(tag, from: part),
                  !shortfalls.contains(where: { $0.tag == tag && $0.by == part.id }) else { return }
            // "a Lambda function" is both AWS Lambda and custom code: one choice, charged once per need.
            if let range = part.range {
                if chargedRanges[tag, default: []].contains(where: { $0.overlaps(range) }) { return }
                chargedRanges[tag, default: []].append(range)
            }
            // A service that cannot do a capability simply does not meet it; the heavy factor is for
            // components that break what the whole architecture must hold (latency, no servers, …).
            let breaksWhole = severity == .violates && (!isCapability(tag) || knowledge.modifiers[part.id] != nil)
            let factor = breaksWhole ? weights["violationFactor"] : weights["weaknessFactor"]
            shortfalls.append(Shortfall(tag: tag, by: part.id, severity: severity, because: because,
                                        evidence: part.evidence, penalty: fullWeight(requirement) * factor))
            score -= fullWeight(requirement) * factor
        }
        for part in parts {
            for shortcoming in part.violates { add(shortcoming.tag, part, .violates, shortcoming.because) }
            for shortcoming in part.weakAt { add(shortcoming.tag, part, .weak, shortcoming.because) }
            // A component built for the opposite of what is asked ("batch" when "real time" is needed).
            for (provided, strength) in part.provides.sorted(by: { $0.key < $1.key }) where strength == .full {
                for conflict in knowledge.tags[provided]?.conflicts ?? [] {
                    add(conflict, part, .weak,
                        "it is built for \(knowledge.tags[provided]?.label ?? provided), the opposite of \(knowledge.tags[conflict]?.label ?? conflict)")
                }
            }
        }
        // What the option says it does, in the question's own vocabulary, counts a little.
        for tag in reading.echoedTags.map(\.id) {
            if let requirement = wanted[tag] {
                score += requirement.weight * weights["optionEchoFactor"]
            }
            for conflict in knowledge.tags[tag]?.conflicts ?? [] {
                if let requirement = wanted[conflict] { score -= requirement.weight * weights["optionEchoFactor"] * 2 }
            }
        }

        var fired: [FiredRule] = []
        let tags = Set(requirements.map(\.tag))
        func category(_ id: String) -> String? { knowledge.services[id]?.category }
        /// The first component a rule target stands for (an id, or every service of a category).
        func component(matching target: String, among ids: [String]) -> String? {
            ids.first { PreferenceRule.matches(target, id: $0, category: category($0)) }
        }
        let present = parts.map(\.id)
        let offered = alternatives.map { Array($0).sorted() }
        for rule in knowledge.rules where rule.applies(to: tags) {
            let contrastOffered = rule.penalize.isEmpty || offered.map { ids in
                rule.penalize.contains { component(matching: $0, among: ids) != nil }
            } ?? true
            for target in rule.prefer where contrastOffered {
                guard let matched = component(matching: target, among: present) else { continue }
                fired.append(FiredRule(id: rule.id, target: matched, weight: rule.weight, because: rule.because))
                score += rule.weight
            }
            for target in rule.penalize {
                guard let matched = component(matching: target, among: present) else { continue }
                fired.append(FiredRule(id: rule.id, target: matched, weight: -rule.weight, because: rule.because))
                score -= rule.weight
            }
        }

        let contributing = Set(met.map(\.by))
        let idle = reading.services.map(\.id).filter { !contributing.contains($0) }
        score -= Double(idle.count) * weights["idleComponentPenalty"]
        // Every moving part costs a little, so of two architectures that meet the same needs the
        // smaller one wins instead of tying.
        score -= Double(reading.services.count) * weights["componentCost"]
        score -= Double(reading.unknown.count) * weights["unknownProductPenalty"]

        return CandidateAssessment(
            letter: letter, text: text, services: reading.services.map(\.id), modifiers: reading.modifiers.map(\.id),
            unknown: reading.unknown, otherProducts: reading.otherProducts, score: (score * 1000).rounded() / 1000,
            met: met, violated: shortfalls, firedRules: fired, idle: idle)
    }
}
