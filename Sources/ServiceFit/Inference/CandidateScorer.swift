/// Scores one candidate architecture against the requirements. The same scorer serves answer
/// options and engine-built architectures, so the two can never disagree about which is better.
struct CandidateScorer: Sendable {
    let knowledge: KnowledgeBase
    /// Built once per knowledge base: a bank judges every option of every question with it.
    let index: KnowledgeIndex

    init(knowledge: KnowledgeBase, index: KnowledgeIndex? = nil) {
        self.knowledge = knowledge
        self.index = index ?? KnowledgeIndex(knowledge: knowledge)
    }

    struct Component {
        var profile: KnowledgeIndex.Profile
        /// The words that name it: quoted only when a shortfall cites them.
        var mention: Mention
        var evidence: String? { mention.evidence }
        /// Where the option names it; components named by overlapping words are one choice.
        var range: Range<Int>? { mention.range }
        var id: String { profile.id }
    }

    func components(of reading: CandidateReading) -> [Component] {
        var parts: [Component] = []
        parts.reserveCapacity(reading.services.count + reading.modifiers.count)
        for mention in reading.services {
            if let profile = mention.profile ?? index.services[mention.id] {
                parts.append(Component(profile: profile, mention: mention))
            }
        }
        for mention in reading.modifiers {
            if let profile = mention.profile ?? index.modifiers[mention.id] {
                parts.append(Component(profile: profile, mention: mention))
            }
        }
        return parts
    }

    /// What stays the same for every option of one question: worked out once, not per option.
    struct Context {
        var requirements: [Requirement]
        /// Each requirement's tag as its number in the index (-1: a tag the index does not know).
        var requirementTags: [Int]
        /// The preference rules whose conditions the requirements meet, in rule order, each with
        /// whether each side counts: a rule that prefers X over Y only rewards X when some option
        /// offers Y, and only charges Y when some option offers X.
        var rules: [(rule: KnowledgeIndex.Rule, rewardsPreferred: Bool, chargesPenalized: Bool)]
    }

    /// `alternatives` are the components every option names; a rule that prefers X over Y only
    /// rewards X when some option actually offers Y, and charges Y only when some option offers X
    /// (nil: no contrast check).
    func context(requirements: [Requirement], alternatives: Set<String>? = nil) -> Context {
        context(requirements: requirements) {
            alternatives.map { $0.sorted().map(index.component) }
        }
    }

    /// The context for the options read as `readings`: what they name are the alternatives.
    func context(requirements: [Requirement], offeredBy readings: [CandidateReading]) -> Context {
        context(requirements: requirements) {
            // Every component any option names, as its profile; duplicates do not change whether
            // one matches a target.
            var profiles: [KnowledgeIndex.Profile?] = []
            for reading in readings {
                for mention in reading.services { profiles.append(index.component(mention.id)) }
                for mention in reading.modifiers { profiles.append(index.component(mention.id)) }
            }
            return profiles
        }
    }

    /// `alternatives` gives the profiles of the components the options name (nil: no contrast
    /// check); it is called only when a rule that fires compares two sides.
    private func context(requirements: [Requirement], alternatives: () -> [KnowledgeIndex.Profile?]?) -> Context {
        let requirementTags = requirements.map { index.tagNumbers[$0.tag] ?? -1 }
        var offeredProfiles: [KnowledgeIndex.Profile?]??
        func offered() -> [KnowledgeIndex.Profile?]? {
            if let offeredProfiles { return offeredProfiles }
            let profiles = alternatives()
            offeredProfiles = .some(profiles)
            return profiles
        }
        func isOffered(_ targets: [KnowledgeIndex.Rule.Target]) -> Bool {
            offered().map { profiles in targets.contains { target in profiles.contains { target.matches($0) } } } ?? true
        }
        var rules: [(rule: KnowledgeIndex.Rule, rewardsPreferred: Bool, chargesPenalized: Bool)] = []
        for rule in index.rules where rule.applies(requirementTags) {
            // "Managed feature over custom code" says nothing about custom code when no option
            // offers the managed feature: charging it then would only rank the options that name
            // neither side above it.
            rules.append((rule, rule.penalize.isEmpty || isOffered(rule.penalize), rule.prefer.isEmpty || isOffered(rule.prefer)))
        }
        return Context(requirements: requirements, requirementTags: requirementTags, rules: rules)
    }

    func assess(letter: String, text: String, reading: CandidateReading, requirements: [Requirement],
                alternatives: Set<String>? = nil) -> CandidateAssessment {
        assess(letter: letter, text: text, reading: reading, in: context(requirements: requirements, alternatives: alternatives))
    }

    func assess(letter: String, text: String, reading: CandidateReading, in context: Context) -> CandidateAssessment {
        let parts = components(of: reading)
        let weights = index.weights
        let requirements = context.requirements
        let requirementTags = context.requirementTags
        // Questions state a handful of needs: tag numbers compared in a line beat hashing names.
        // Positions, not copies: a requirement is several strings, and copying one retains each.
        func wanted(_ tag: Int) -> Int? { requirementTags.firstIndex(of: tag) }
        /// Context is discounted when an option merely repeats it, never when an option breaks it:
        /// a cache that cannot sit in front of the MySQL database the question names is ruled out.
        func fullWeight(_ position: Int) -> Double {
            requirements[position].givenBy == nil ? requirements[position].weight : requirements[position].weight / weights.context
        }
        var score = 0.0
        var met: [MetRequirement] = []
        met.reserveCapacity(requirementTags.count)
        var shortfalls: [Shortfall] = []

        // Components by position throughout: a component holds the words that named it, and
        // copying one retains each of its strings.
        for (position, tag) in requirementTags.enumerated() {
            var best: (part: Int, strength: Strength)?
            for part in parts.indices {
                guard let strength = parts[part].profile.strength(ofTag: tag) else { continue }
                if best == nil || best!.strength.value < strength.value { best = (part, strength) }
            }
            guard let (part, strength) = best else { continue }
            let profile = parts[part].profile
            met.append(MetRequirement(tag: requirements[position].tag, by: profile.id, strength: strength))
            // A feature of the service the question names (Bedrock → Guardrails) is a new
            // choice, not the context the company already has: it earns the full weight.
            var weight = requirements[position].weight
            if let giver = requirements[position].givenBy, profile.parent == giver { weight = fullWeight(position) }
            score += weight * strength.value
        }
        // A capability one component lacks is no loss when another component of the same
        // architecture provides it; objectives and constraints hold for the whole architecture.
        func providedFully(_ tag: Int) -> Bool {
            parts.contains { $0.profile.strength(ofTag: tag) == .full }
        }
        var chargedTags: [Int] = []
        var chargedRanges: [(tag: Int, range: Range<Int>)] = []
        func charge(_ tagNumber: Int, _ tag: @autoclosure () -> String, _ part: Int, _ severity: Shortfall.Severity,
                    _ because: @autoclosure () -> String, waivedForContext: Bool = false) {
            guard let position = wanted(tagNumber) else { return }
            // Being weak at what a service the question names already does costs nothing: an Auto
            // Scaling group need not balance load behind the load balancer the company has. Breaking
            // it still costs the full weight (`fullWeight`).
            if waivedForContext, requirements[position].givenBy != nil { return }
            let kind = requirements[position].kind
            let profile = parts[part].profile
            if kind.isCapability, providedFully(tagNumber), !profile.isModifier { return }
            if chargedTags.indices.contains(where: { chargedTags[$0] == tagNumber && shortfalls[$0].by == profile.id }) { return }
            // "a Lambda function" is both AWS Lambda and custom code: one choice, charged once per need.
            if let range = parts[part].range {
                if chargedRanges.contains(where: { $0.tag == tagNumber && $0.range.overlaps(range) }) { return }
                chargedRanges.append((tagNumber, range))
            }
            // A service that cannot do a capability simply does not meet it; the heavy factor is for
            // components that break what the whole architecture must hold (latency, no servers, …).
            let breaksWhole = severity == .violates && (!kind.isCapability || profile.isModifier)
            let penalty = fullWeight(position) * (breaksWhole ? weights.violation : weights.weakness)
            chargedTags.append(tagNumber)
            shortfalls.append(Shortfall(tag: tag(), by: profile.id, severity: severity, because: because(),
                                        evidence: parts[part].evidence, penalty: penalty))
            score -= penalty
        }
        for part in parts.indices {
            let profile = parts[part].profile
            // By position: the shortcomings are strings, read only when one is charged.
            for (position, tag) in profile.violatedTags.enumerated() {
                charge(tag, profile.violates[position].tag, part, .violates, profile.violates[position].because)
            }
            for (position, tag) in profile.weakTags.enumerated() {
                charge(tag, profile.weakAt[position].tag, part, .weak, profile.weakAt[position].because, waivedForContext: true)
            }
            // A component built for the opposite of what is asked ("batch" when "real time" is needed).
            for (position, tag) in profile.oppositeTags.enumerated() {
                charge(tag, profile.opposites[position].need, part, .weak, profile.opposites[position].because)
            }
        }
        // What the option says it does, in the question's own vocabulary, counts a little.
        for echoed in reading.echoedTags {
            guard let tag = index.tagNumbers[echoed.id] else { continue }
            if let position = wanted(tag) {
                score += requirements[position].weight * weights.optionEcho
            }
            for conflict in index.conflictsByNumber[tag] {
                if let position = wanted(conflict) { score -= requirements[position].weight * weights.optionEcho * 2 }
            }
        }

        var fired: [FiredRule] = []
        for (rule, rewardsPreferred, chargesPenalized) in context.rules {
            for target in rule.prefer where rewardsPreferred {
                guard let matched = parts.firstIndex(where: { target.matches($0.profile) }) else { continue }
                fired.append(FiredRule(id: rule.id, target: parts[matched].id, weight: rule.weight, because: rule.because))
                score += rule.weight
            }
            for target in rule.penalize where chargesPenalized {
                guard let matched = parts.firstIndex(where: { target.matches($0.profile) }) else { continue }
                fired.append(FiredRule(id: rule.id, target: parts[matched].id, weight: -rule.weight, because: rule.because))
                score -= rule.weight
            }
        }

        let idle = reading.services.map(\.id).filter { id in !met.contains { $0.by == id } }
        score -= Double(idle.count) * weights.idleComponent
        // Every moving part costs a little, so of two architectures that meet the same needs the
        // smaller one wins instead of tying.
        score -= Double(reading.services.count) * weights.componentCost
        score -= Double(reading.unknown.count) * weights.unknownProduct

        return CandidateAssessment(
            letter: letter, text: text, services: reading.services.map(\.id), modifiers: reading.modifiers.map(\.id),
            unknown: reading.unknown, otherProducts: reading.otherProducts, score: (score * 1000).rounded() / 1000,
            met: met, violated: shortfalls, firedRules: fired, idle: idle)
    }
}
