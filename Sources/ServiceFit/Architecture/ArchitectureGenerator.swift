/// The ranked architectures for a need, with what the search did to find them.
public struct ArchitectureResult: Sendable, Hashable {
    public var architectures: [Architecture]
    public var statistics: SearchStatistics
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
    /// Tag → the services that provide it (fully or partly).
    let providersByTag: [String: [Int]]
    let indexByID: [String: Int]

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        services = knowledge.services.values.sorted { $0.id < $1.id }
        var providers: [String: [Int]] = [:]
        var index: [String: Int] = [:]
        for (position, service) in services.enumerated() {
            index[service.id] = position
            for tag in service.provides.keys { providers[tag, default: []].append(position) }
        }
        providersByTag = providers
        indexByID = index
    }

    /// The requirements a list of tags stands for, as if the text had stated them (implies closed).
    public func requirements(forTags tags: [String]) -> [Requirement] {
        let empty = TextReading(text: TextNormalizer.normalizeWithOrigins(""), occurrences: [])
        return RequirementExtractor(knowledge: knowledge).requirements(from: empty, extraTags: tags)
    }

    /// The best architectures for the requirements: per provider (or the one given), merged and ranked.
    public func generate(requirements: [Requirement], provider: Provider?, request: ArchitectureRequest = .init()) -> ArchitectureResult {
        var statistics = SearchStatistics()
        var found: [Architecture] = []
        let providers = provider.map { [$0] } ?? Provider.allCases
        for provider in providers {
            let forced = request.require.compactMap { indexByID[$0] }
            // A required service of the other provider rules this provider out.
            if forced.contains(where: { services[$0].provider != provider }) { continue }
            let (members, stats) = search(requirements: requirements, provider: provider, request: request)
            statistics.servicesConsidered += stats.servicesConsidered
            statistics.candidatesAfterDominance += stats.candidatesAfterDominance
            statistics.nodes += stats.nodes
            statistics.prunedByBound += stats.prunedByBound
            statistics.prunedAsRedundant += stats.prunedAsRedundant
            statistics.prunedAsInfeasible += stats.prunedAsInfeasible
            statistics.leaves += stats.leaves
            statistics.budgetExhausted = statistics.budgetExhausted || stats.budgetExhausted
            statistics.settledForLess = statistics.settledForLess || stats.settledForLess
            found += members.map { architecture(of: $0, provider: provider, requirements: requirements) }
        }
        found.sort(by: Self.ranking)
        var ranked = Array(found.prefix(max(1, request.top)))
        for index in ranked.indices { ranked[index].rank = index + 1 }
        return ArchitectureResult(architectures: ranked, statistics: statistics)
    }

    /// Higher score first; then fewer components; then ids, so ties never depend on search order.
    static func ranking(_ lhs: Architecture, _ rhs: Architecture) -> Bool {
        if lhs.score != rhs.score { return lhs.score > rhs.score }
        if lhs.services.count != rhs.services.count { return lhs.services.count < rhs.services.count }
        return lhs.services.lexicographicallyPrecedes(rhs.services)
    }

    /// Scores a set of services the way an answer option naming them is scored.
    func assess(_ ids: [String], requirements: [Requirement]) -> CandidateAssessment {
        let mentions = ids.map { Mention(id: $0, evidence: knowledge.services[$0]?.name ?? $0, range: 0..<0) }
        return CandidateScorer(knowledge: knowledge).assess(
            letter: ids.joined(separator: "+"), text: ids.map { knowledge.displayName(of: $0) }.joined(separator: " + "),
            reading: CandidateReading(services: mentions), requirements: requirements)
    }

    func architecture(of ids: [String], provider: Provider, requirements: [Requirement]) -> Architecture {
        let ordered = ids.sorted { lhs, rhs in
            let (a, b) = (ArchitectureStage.rank(knowledge.services[lhs]?.stage), ArchitectureStage.rank(knowledge.services[rhs]?.stage))
            return a != b ? a < b : lhs < rhs
        }
        let assessment = assess(ordered, requirements: requirements)
        let components = ordered.map { id in
            ArchitectureComponent(id: id, name: knowledge.displayName(of: id), stage: knowledge.services[id]?.stage,
                                  meets: assessment.met.filter { $0.by == id })
        }
        let met = Set(assessment.met.map(\.tag))
        let uncovered = requirements.filter { ($0.kind == .requirement || $0.kind == .constraint) && !met.contains($0.tag) }.map(\.tag)
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

    /// Runs the search for one provider and returns the member ids of the best sets.
    func search(requirements: [Requirement], provider: Provider, request: ArchitectureRequest) -> ([[String]], SearchStatistics) {
        guard var problem = problem(requirements: requirements, provider: provider, request: request) else { return ([], .init()) }
        let keep = max(1, request.top) + 2
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
        return (sets, statistics)
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
        func isCapability(_ kind: Tag.Kind?) -> Bool { kind == .requirement || kind == .modality }

        let present = Set(requirements.map(\.tag))
        var ruleValue: [String: Double] = [:]
        for rule in knowledge.rules where rule.applies(to: present) {
            for target in rule.prefer { ruleValue[target, default: 0] += rule.weight }
            for target in rule.penalize { ruleValue[target, default: 0] -= rule.weight }
        }

        let avoided = Set(request.avoid)
        let forcedIDs = request.require.filter { indexByID[$0] != nil }
        var relevant = Set<Int>()
        for requirement in indexed { relevant.formUnion(providersByTag[requirement.tag] ?? []) }
        relevant.formUnion(forcedIDs.compactMap { indexByID[$0] })

        var candidates: [SearchProblem.Candidate] = []
        for position in relevant.sorted() {
            let service = services[position]
            guard service.provider == provider else { continue }
            let isForced = forcedIDs.contains(service.id)
            if avoided.contains(service.id) && !isForced { continue }
            var full = TagMask.empty, any = TagMask.empty, join = TagMask.empty
            for (tag, strength) in service.provides {
                guard let index = tagIndex[tag] else { continue }
                any.insert(index)
                if strength == .full { full.insert(index) }
                switch kinds[index] {
                case .requirement: join.insert(index)
                // Offline, on premises, edge: met by where a component runs, so an edge component may join for them.
                case .constraint where service.stage == "edge": join.insert(index)
                default: break
                }
            }
            if join.isEmpty && !isForced { continue }
            // The scorer's charges, in its order: violates, then weakAt, then "built for the opposite".
            var charged: [(tag: String, violates: Bool)] = []
            func charge(_ tag: String, _ violates: Bool) {
                if tagIndex[tag] != nil && !charged.contains(where: { $0.tag == tag }) { charged.append((tag, violates)) }
            }
            for shortcoming in service.violates { charge(shortcoming.tag, true) }
            for shortcoming in service.weakAt { charge(shortcoming.tag, false) }
            for (tag, strength) in service.provides.sorted(by: { $0.key < $1.key }) where strength == .full {
                for conflict in knowledge.tags[tag]?.conflicts ?? [] { charge(conflict, false) }
            }
            var fixed = ruleValue[service.id] ?? 0
            var excusable: [(tag: Int, penalty: Double)] = []
            for (tag, violates) in charged {
                let index = tagIndex[tag]!
                let weight = indexed[index].weight
                if isCapability(kinds[index]) {
                    // Forgiven when any component (this one included) provides the capability fully.
                    if !full.contains(index) { excusable.append((index, weight * weights["weaknessFactor"])) }
                } else {
                    fixed -= weight * (violates ? weights["violationFactor"] : weights["weaknessFactor"])
                }
            }
            candidates.append(.init(service: position, id: service.id, full: full, any: any, join: join,
                                    fixed: fixed, excusable: excusable))
        }
        let considered = candidates.count
        let keep = max(1, request.top) + 2
        candidates = Self.removingDominated(candidates, keep: keep, forced: Set(forcedIDs))
        let forced = forcedIDs.compactMap { id in candidates.firstIndex { $0.id == id } }
        // Every need a component may join for must reach the best strength on offer; what a
        // required service already gives counts as well.
        var required = Array(repeating: 0.0, count: indexed.count)
        for candidate in candidates {
            for tag in candidate.join.indices { required[tag] = max(required[tag], candidate.strength(tag)) }
        }
        let searchRequirements = indexed.map { SearchProblem.Requirement(weight: $0.weight, isTarget: $0.kind == .requirement || $0.kind == .constraint) }
        return SearchProblem(requirements: searchRequirements, candidates: candidates, forced: forced,
                             required: required, maxComponents: max(1, request.maxComponents),
                             idlePenalty: weights["idleComponentPenalty"], considered: considered)
    }

    private func targetMask(_ kinds: [Tag.Kind]) -> TagMask {
        var mask = TagMask.empty
        for (index, kind) in kinds.enumerated() where kind == .requirement || kind == .constraint { mask.insert(index) }
        return mask
    }

    /// Drops a service when `keep` others each do everything it does at least as well, so the
    /// best `keep` architectures survive: swapping it for any of them never loses score.
    static func removingDominated(_ candidates: [SearchProblem.Candidate], keep: Int, forced: Set<String>) -> [SearchProblem.Candidate] {
        let order = candidates.indices.sorted { lhs, rhs in
            let a = candidates[lhs], b = candidates[rhs]
            if a.any.count != b.any.count { return a.any.count > b.any.count }
            if a.full.count != b.full.count { return a.full.count > b.full.count }
            if a.pessimisticValue != b.pessimisticValue { return a.pessimisticValue > b.pessimisticValue }
            return a.id < b.id
        }
        var kept: [Int] = []
        for index in order {
            let candidate = candidates[index]
            if forced.contains(candidate.id) { kept.append(index); continue }
            var dominators = 0
            for other in kept {
                let d = candidates[other]
                if d.full.isSuperset(of: candidate.full) && d.any.isSuperset(of: candidate.any) && d.join.isSuperset(of: candidate.join)
                    && d.pessimisticValue >= candidate.optimisticValue {
                    dominators += 1
                    if dominators >= keep { break }
                }
            }
            if dominators < keep { kept.append(index) }
        }
        return kept.sorted().map { candidates[$0] }
    }
}
