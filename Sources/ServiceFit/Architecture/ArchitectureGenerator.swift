/// The ranked architectures for a need, with what the search did to find them.
public struct ArchitectureResult: Sendable, Hashable {
    public var architectures: [Architecture]
    public var statistics: SearchStatistics
    /// The best architecture that is no variant of the winner (`isVariant`), ranked in the whole
    /// ranking, which may go on past the architectures returned: what the winner is weighed against.
    public var rival: Architecture?
    /// The lowest score the search kept when it found no rival but kept as many sets as it keeps:
    /// a rival it let go scores no more than that. Nil when it kept every set that meets the needs.
    public var rivalAtMost: Double?
}

/// Builds candidate architectures from the catalog for a set of requirements.
///
/// An architecture is a small set of services of one provider that together meet every
/// capability the scenario needs (and the constraints an edge component meets, such as offline),
/// where every service is there for a need no other member meets as well. Architectures are
/// ranked by `CandidateScorer`, the scorer that judges answer options, fed a `CandidateReading`
/// that names the services, so an option naming the same services gets the same score.
public struct ArchitectureGenerator: Sendable {
    public let knowledge: KnowledgeBase
    /// Services sorted by id; indices below refer to this list.
    let services: [Service]
    let indexByID: [String: Int]
    /// Every tag a service provides or falls short of, numbered once per catalog.
    let tagNumbers: [String: Int]
    /// Tag number → the services that provide it (fully or partly), in id order.
    let providersByTag: [[Int]]
    /// Each service reduced to tag numbers, so a need projects it with array look-ups.
    let profiles: [Profile]
    let scorer: CandidateScorer

    /// What the search needs of a service, independent of the need.
    struct Profile: Sendable {
        var provider: Provider
        var isEdge: Bool
        /// Tag numbers it provides, and whether fully.
        var provides: [(tag: Int, full: Bool)]
        /// The scorer's charges, in its order (violates, then weakAt, then "built for the
        /// opposite" of each tag it provides fully, by tag id), each tag once.
        var charges: [(tag: Int, violates: Bool)]
    }

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        scorer = CandidateScorer(knowledge: knowledge)
        services = knowledge.services.values.sorted { $0.id < $1.id }
        var numbers: [String: Int] = [:]
        func number(_ tag: String) -> Int {
            if let known = numbers[tag] { return known }
            numbers[tag] = numbers.count
            return numbers.count - 1
        }
        var index: [String: Int] = [:]
        var profiles: [Profile] = []
        profiles.reserveCapacity(services.count)
        for (position, service) in services.enumerated() {
            index[service.id] = position
            var charges: [(tag: Int, violates: Bool)] = []
            func charge(_ tag: String, _ violates: Bool) {
                let tag = number(tag)
                if !charges.contains(where: { $0.tag == tag }) { charges.append((tag, violates)) }
            }
            for shortcoming in service.violates { charge(shortcoming.tag, true) }
            for shortcoming in service.weakAt { charge(shortcoming.tag, false) }
            // Few tags have an opposite: sort only the ones that do, by id, as the scorer does.
            let opposed = service.provides.filter { $0.value == .full && !(knowledge.tags[$0.key]?.conflicts ?? []).isEmpty }
            for tag in opposed.keys.sorted() {
                for conflict in knowledge.tags[tag]?.conflicts ?? [] { charge(conflict, false) }
            }
            profiles.append(Profile(provider: service.provider, isEdge: service.stage == "edge",
                                    provides: service.provides.map { (number($0.key), $0.value == .full) }, charges: charges))
        }
        var providers = Array(repeating: [Int](), count: numbers.count)
        for (position, profile) in profiles.enumerated() {
            for (tag, _) in profile.provides { providers[tag].append(position) }
        }
        providersByTag = providers
        indexByID = index
        tagNumbers = numbers
        self.profiles = profiles
    }

    /// The requirements a list of tags stands for, as if the text had stated them (implies closed).
    public func requirements(forTags tags: [String]) -> [Requirement] {
        let empty = TextReading(text: TextNormalizer.normalizeWithOrigins(""), occurrences: [])
        return RequirementExtractor(knowledge: knowledge, index: scorer.index).requirements(from: empty, extraTags: tags)
    }

    /// The best architectures for the requirements: per provider (or the one given), merged and ranked.
    public func generate(requirements: [Requirement], provider: Provider?, request: ArchitectureRequest = .init()) -> ArchitectureResult {
        var statistics = SearchStatistics()
        var found: [Architecture] = []
        var keptAsManyAsItKeeps = false
        let providers = provider.map { [$0] } ?? Provider.allCases
        for provider in providers {
            let forced = request.require.compactMap { indexByID[$0] }
            // A required service of the other provider rules this provider out.
            if forced.contains(where: { services[$0].provider != provider }) { continue }
            let (members, offered, stats) = search(requirements: requirements, provider: provider, request: request)
            statistics.servicesConsidered += stats.servicesConsidered
            statistics.candidatesAfterDominance += stats.candidatesAfterDominance
            statistics.nodes += stats.nodes
            statistics.prunedByBound += stats.prunedByBound
            statistics.prunedAsRedundant += stats.prunedAsRedundant
            statistics.prunedAsInfeasible += stats.prunedAsInfeasible
            statistics.leaves += stats.leaves
            statistics.budgetExhausted = statistics.budgetExhausted || stats.budgetExhausted
            statistics.settledForLess = statistics.settledForLess || stats.settledForLess
            keptAsManyAsItKeeps = keptAsManyAsItKeeps || members.count >= Self.setsKept(for: request)
            found += members.map { architecture(of: $0, provider: provider, requirements: requirements, offered: offered) }
        }
        found.sort(by: ranking)
        for index in found.indices { found[index].rank = index + 1 }
        let rival = found.first.flatMap { winner in found.dropFirst().first { !isVariant($0, of: winner) } }
        return ArchitectureResult(architectures: Array(found.prefix(max(1, request.top))), statistics: statistics, rival: rival,
                                  rivalAtMost: rival == nil && keptAsManyAsItKeeps ? found.last?.score : nil)
    }

    /// How many sets a search keeps per provider: a few more than asked for, so that the ranking
    /// across providers and a rival among the winner's variants are there to be found.
    static func setsKept(for request: ArchitectureRequest) -> Int { max(1, request.top) + 2 }

    /// Whether `other` makes the same choice of products as `architecture`, only with features of
    /// those products added or standing in for them: Amazon S3 + CloudFront and the same with S3
    /// static website hosting, AWS KMS and client-side encryption with KMS keys. When the need
    /// does not ask for the feature the two tie, and the tie says nothing about how sure the
    /// choice of products is. Features of one product that neither set holds (two SageMaker
    /// built-in algorithms) are different choices.
    func isVariant(_ other: Architecture, of architecture: Architecture) -> Bool {
        let differing = Set(architecture.services).symmetricDifference(other.services)
        let either = Set(architecture.services).union(other.services)
        func parent(_ id: String) -> String? { knowledge.services[id]?.parent }
        return !differing.isEmpty && differing.allSatisfy { id in
            parent(id).map(either.contains) == true || differing.contains { parent($0) == id }
        }
    }

    /// Higher score first; then fewer components; then, between two sets that differ only in a
    /// feature standing where its own product would do as well (nothing in the need tells Redshift
    /// from its Data API, or Cloud KMS from Cloud HSM), the product; then ids, so ties never
    /// depend on search order.
    func ranking(_ lhs: Architecture, _ rhs: Architecture) -> Bool {
        if lhs.score != rhs.score { return lhs.score > rhs.score }
        if lhs.services.count != rhs.services.count { return lhs.services.count < rhs.services.count }
        if products(of: lhs.services) == products(of: rhs.services) {
            let (lhsFeatures, rhsFeatures) = (featureCount(lhs.services), featureCount(rhs.services))
            if lhsFeatures != rhsFeatures { return lhsFeatures < rhsFeatures }
        }
        return lhs.services.lexicographicallyPrecedes(rhs.services)
    }

    private func products(of ids: [String]) -> [String] {
        ids.map { knowledge.services[$0]?.parent ?? $0 }.sorted()
    }

    private func featureCount(_ ids: [String]) -> Int {
        ids.reduce(0) { $0 + (knowledge.services[$1]?.parent == nil ? 0 : 1) }
    }

    /// Scores a set of services the way an answer option naming them is scored. The search's own
    /// choices play the part of the other options: a rule that prefers X over Y counts only when
    /// the search could have chosen the other side (`offered`, the services it may choose from for
    /// these needs; nil: worked out here for the set's provider).
    func assess(_ ids: [String], requirements: [Requirement], offered: Set<String>? = nil) -> CandidateAssessment {
        let mentions = ids.map { Mention(id: $0, evidence: knowledge.services[$0]?.name ?? $0, range: 0..<0) }
        var alternatives = offered ?? ids.first.flatMap { knowledge.services[$0]?.provider }.flatMap { provider in
            problem(requirements: requirements, provider: provider, request: .init())?.offered
        } ?? []
        alternatives.formUnion(ids)
        return scorer.assess(
            letter: ids.joined(separator: "+"), text: ids.map { knowledge.displayName(of: $0) }.joined(separator: " + "),
            reading: CandidateReading(services: mentions), requirements: requirements, alternatives: alternatives)
    }

    func architecture(of ids: [String], provider: Provider, requirements: [Requirement], offered: Set<String>) -> Architecture {
        let ordered = ids.sorted { lhs, rhs in
            let (a, b) = (ArchitectureStage.rank(knowledge.services[lhs]?.stage), ArchitectureStage.rank(knowledge.services[rhs]?.stage))
            return a != b ? a < b : lhs < rhs
        }
        let assessment = assess(ordered, requirements: requirements, offered: offered)
        let components = ordered.map { id in
            ArchitectureComponent(id: id, name: knowledge.displayName(of: id), stage: knowledge.services[id]?.stage,
                                  meets: assessment.met.filter { $0.by == id })
        }
        let met = Set(assessment.met.map(\.tag))
        let uncovered = requirements.filter { ($0.kind.isNeed || $0.kind == .constraint) && !met.contains($0.tag) }.map(\.tag)
        return Architecture(rank: 0, provider: provider, services: ordered, components: components,
                            flows: Self.flows(components), uncovered: uncovered, score: assessment.score, assessment: assessment)
    }

    /// Data flows from each stage to the next one present; cross-cutting components (orchestrate,
    /// monitor, secure) have no place in the flow and are drawn beside it.
    static func flows(_ components: [ArchitectureComponent]) -> [ArchitectureFlow] {
        let groups = ArchitectureStage.flow.map { stage in components.filter { $0.stage == stage } }.filter { !$0.isEmpty }
        guard groups.count > 1 else { return [] }
        var flows: [ArchitectureFlow] = []
        for (from, to) in zip(groups, groups.dropFirst()) {
            for a in from { for b in to { flows.append(ArchitectureFlow(from: a.id, to: b.id)) } }
        }
        return flows
    }

    // MARK: - From knowledge to numbers

    /// Runs the search for one provider and returns the member ids of the best sets, with the
    /// services it could choose from (what a preference rule's other side must be among).
    func search(requirements: [Requirement], provider: Provider, request: ArchitectureRequest)
        -> ([[String]], offered: Set<String>, SearchStatistics) {
        guard var problem = problem(requirements: requirements, provider: provider, request: request) else { return ([], [], .init()) }
        let offered = problem.offered
        let keep = Self.setsKept(for: request)
        let forcedIDs = Set(problem.forced.map { problem.candidates[$0].id })
        problem.candidates = Self.removingDominated(problem.candidates, keep: keep, forced: forcedIDs)
        problem.forced = request.require.compactMap { id in problem.candidates.firstIndex { $0.id == id } }
        // When a greedy pass cannot meet every need at its best within the size limit, require
        // what it does reach: proving that nothing reaches more would search the whole tree.
        let reach = Self.greedyReach(problem)
        let settled = reach != problem.required
        problem.required = reach
        var search = ArchitectureSearch(problem: problem, keep: keep)
        search.run()
        var statistics = search.statistics
        statistics.settledForLess = settled
        if search.results.isEmpty && problem.required.contains(where: { $0 > 0 }) {
            problem.required = Self.greedyReach(problem)
            var relaxed = ArchitectureSearch(problem: problem, keep: keep)
            relaxed.run()
            statistics.nodes += relaxed.statistics.nodes
            statistics.prunedByBound += relaxed.statistics.prunedByBound
            statistics.prunedAsRedundant += relaxed.statistics.prunedAsRedundant
            statistics.prunedAsInfeasible += relaxed.statistics.prunedAsInfeasible
            statistics.leaves += relaxed.statistics.leaves
            statistics.budgetExhausted = statistics.budgetExhausted || relaxed.statistics.budgetExhausted
            search = relaxed
        }
        statistics.servicesConsidered = problem.considered
        let sets = search.results.map { result in result.members.map { problem.candidates[$0].id } }.filter { !$0.isEmpty }
        return (sets, offered, statistics)
    }

    /// The strengths a greedy pass reaches on the required needs within the size limit: each step
    /// adds the candidate that raises the required needs most (by weight).
    static func greedyReach(_ problem: SearchProblem) -> [Double] {
        var strength = Array(repeating: 0.0, count: problem.requirements.count)
        for member in problem.forced {
            for tag in problem.candidates[member].any.indices { strength[tag] = max(strength[tag], problem.candidates[member].strength(tag)) }
        }
        var chosen = Set(problem.forced)
        for _ in problem.forced.count..<max(problem.forced.count, problem.maxComponents) {
            var best: (index: Int, gain: Double)?
            for (index, candidate) in problem.candidates.enumerated() where !chosen.contains(index) {
                var gain = 0.0
                for tag in candidate.join.indices where problem.required[tag] > 0 {
                    let raised = min(candidate.strength(tag), problem.required[tag])
                    if raised > strength[tag] { gain += problem.requirements[tag].weight * (raised - strength[tag]) }
                }
                if gain > 0, best == nil || gain > best!.gain { best = (index, gain) }
            }
            guard let best else { break }
            chosen.insert(best.index)
            for tag in problem.candidates[best.index].join.indices where problem.required[tag] > 0 {
                strength[tag] = max(strength[tag], min(problem.candidates[best.index].strength(tag), problem.required[tag]))
            }
        }
        return problem.required.indices.map { problem.required[$0] > 0 ? strength[$0] : 0 }
    }

    func problem(requirements: [Requirement], provider: Provider, request: ArchitectureRequest) -> SearchProblem? {
        let weights = knowledge.scoring
        // The first requirement per tag is the one the scorer uses; beyond 128 the lightest are left to the scorer.
        var seen = Set<String>()
        let unique = requirements.filter { seen.insert($0.tag).inserted }
        let indexed = Array(unique.enumerated().sorted { ($1.element.weight, $0.offset) < ($0.element.weight, $1.offset) }
            .prefix(TagMask.capacity).map(\.element))
        var tagIndex: [String: Int] = [:]
        for (position, requirement) in indexed.enumerated() { tagIndex[requirement.tag] = position }
        let kinds = indexed.map(\.kind)

        // Catalog tag number → index in the need (-1: not in it).
        var local = Array(repeating: -1, count: tagNumbers.count)
        for (position, requirement) in indexed.enumerated() {
            if let number = tagNumbers[requirement.tag] { local[number] = position }
        }
        let avoided = Set(request.avoid.compactMap { indexByID[$0] })
        let forcedIDs = request.require.filter { indexByID[$0] != nil }
        let forcedPositions = Set(forcedIDs.compactMap { indexByID[$0] })
        // The services that provide a need, each once, in id order.
        var isRelevant = Array(repeating: false, count: services.count)
        for requirement in indexed {
            guard let number = tagNumbers[requirement.tag] else { continue }
            for position in providersByTag[number] { isRelevant[position] = true }
        }
        for position in forcedPositions { isRelevant[position] = true }

        var candidates: [SearchProblem.Candidate] = []
        var offered = Set(forcedIDs)
        for position in 0..<services.count where isRelevant[position] {
            let profile = profiles[position]
            guard profile.provider == provider else { continue }
            let isForced = forcedPositions.contains(position)
            // An answer option may still name a retired service (older banks key them), but an
            // architecture the engine proposes itself is built from what can be used today.
            // The same for a service closed to new customers: existing users keep it, new work cannot start on it.
            if (services[position].retired != nil || services[position].closedToNewCustomers != nil) && !isForced { continue }
            var full = TagMask.empty, any = TagMask.empty, join = TagMask.empty
            for (tag, isFull) in profile.provides {
                let index = local[tag]
                guard index >= 0 else { continue }
                any.insert(index)
                if isFull { full.insert(index) }
                switch kinds[index] {
                case let kind where kind.isNeed: join.insert(index)
                // Offline, on premises, edge: met by where a component runs, so an edge component may join for them.
                case .constraint where profile.isEdge: join.insert(index)
                default: break
                }
            }
            if join.isEmpty && !isForced { continue }
            // Avoided or not, it is one of the choices the needs leave open.
            offered.insert(services[position].id)
            if avoided.contains(position) && !isForced { continue }
            var fixed = 0.0
            var excusable: [(tag: Int, penalty: Double)] = []
            for (tag, violates) in profile.charges {
                let index = local[tag]
                guard index >= 0 else { continue }
                let weight = indexed[index].weight
                if kinds[index].isCapability {
                    // Forgiven when any component (this one included) provides the capability fully.
                    if !full.contains(index) { excusable.append((index, weight * weights["weaknessFactor"])) }
                } else {
                    fixed -= weight * (violates ? weights["violationFactor"] : weights["weaknessFactor"])
                }
            }
            candidates.append(.init(service: position, id: services[position].id, full: full, any: any, join: join,
                                    fixed: fixed, excusable: excusable))
        }
        let considered = candidates.count
        // As between answer options: a rule rewards its preferred side only when the search could
        // choose the side it is preferred over, and charges that side only when it could choose
        // the preferred one.
        let present = Set(requirements.map(\.tag))
        var ruleValue: [String: Double] = [:]
        for rule in knowledge.rules where rule.applies(to: present) {
            if rule.penalize.isEmpty || rule.penalize.contains(where: offered.contains) {
                for target in rule.prefer { ruleValue[target, default: 0] += rule.weight }
            }
            if rule.prefer.isEmpty || rule.prefer.contains(where: offered.contains) {
                for target in rule.penalize { ruleValue[target, default: 0] -= rule.weight }
            }
        }
        for index in candidates.indices { candidates[index].fixed += ruleValue[candidates[index].id] ?? 0 }
        let forced = forcedIDs.compactMap { id in candidates.firstIndex { $0.id == id } }
        // Every need a component may join for must reach the best strength on offer; what a
        // required service already gives counts as well.
        var required = Array(repeating: 0.0, count: indexed.count)
        for candidate in candidates {
            for tag in candidate.join.indices { required[tag] = max(required[tag], candidate.strength(tag)) }
        }
        let searchRequirements = indexed.map { SearchProblem.Requirement(weight: $0.weight, isTarget: $0.kind.isNeed || $0.kind == .constraint) }
        return SearchProblem(requirements: searchRequirements, candidates: candidates, forced: forced,
                             required: required, maxComponents: max(1, request.maxComponents),
                             idlePenalty: weights["idleComponentPenalty"], componentCost: weights["componentCost"],
                             considered: considered, offered: offered)
    }

    /// Drops a service when `keep` others each do everything it does at least as well, so the
    /// best `keep` architectures survive: swapping it for any of them never loses score.
    ///
    /// Services are visited from the most capable down, and each is compared only with the kept
    /// services that share its rarest need (a service that does everything it does has that need
    /// too), not with every kept service.
    static func removingDominated(_ candidates: [SearchProblem.Candidate], keep: Int, forced: Set<String>) -> [SearchProblem.Candidate] {
        let pessimistic = candidates.map(\.pessimisticValue)
        let anyCount = candidates.map(\.any.count)
        let fullCount = candidates.map(\.full.count)
        let order = candidates.indices.sorted { lhs, rhs in
            if anyCount[lhs] != anyCount[rhs] { return anyCount[lhs] > anyCount[rhs] }
            if fullCount[lhs] != fullCount[rhs] { return fullCount[lhs] > fullCount[rhs] }
            if pessimistic[lhs] != pessimistic[rhs] { return pessimistic[lhs] > pessimistic[rhs] }
            return candidates[lhs].id < candidates[rhs].id
        }
        var kept: [Int] = []
        var keptByTag = Array(repeating: [Int](), count: TagMask.capacity)
        for index in order {
            let candidate = candidates[index]
            var dominators = 0
            if !forced.contains(candidate.id) {
                var rarest = -1
                for tag in candidate.any.indices where rarest < 0 || keptByTag[tag].count < keptByTag[rarest].count { rarest = tag }
                let optimistic = candidate.optimisticValue
                for other in rarest < 0 ? kept : keptByTag[rarest] {
                    let d = candidates[other]
                    if d.full.isSuperset(of: candidate.full) && d.any.isSuperset(of: candidate.any) && d.join.isSuperset(of: candidate.join)
                        && pessimistic[other] >= optimistic {
                        dominators += 1
                        if dominators >= keep { break }
                    }
                }
            }
            if dominators < keep {
                kept.append(index)
                for tag in candidate.any.indices { keptByTag[tag].append(index) }
            }
        }
        return kept.sorted().map { candidates[$0] }
    }
}
