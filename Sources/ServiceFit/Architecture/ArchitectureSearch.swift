/// A set of up to 128 requirement indices: the unit of coverage in the search.
struct TagMask: Hashable, Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    static let capacity = 128
    static let empty = TagMask()

    init() {}
    init(_ index: Int) { insert(index) }

    mutating func insert(_ index: Int) {
        if index < 64 { low |= 1 << UInt64(index) } else { high |= 1 << UInt64(index - 64) }
    }
    func contains(_ index: Int) -> Bool {
        index < 64 ? low & (1 << UInt64(index)) != 0 : high & (1 << UInt64(index - 64)) != 0
    }
    var isEmpty: Bool { low == 0 && high == 0 }
    var count: Int { low.nonzeroBitCount + high.nonzeroBitCount }
    func union(_ other: TagMask) -> TagMask { var m = self; m.low |= other.low; m.high |= other.high; return m }
    func intersection(_ other: TagMask) -> TagMask { var m = self; m.low &= other.low; m.high &= other.high; return m }
    func subtracting(_ other: TagMask) -> TagMask { var m = self; m.low &= ~other.low; m.high &= ~other.high; return m }
    func isSuperset(of other: TagMask) -> Bool { other.low & ~low == 0 && other.high & ~high == 0 }

    /// The indices in increasing order.
    var indices: [Int] {
        var result: [Int] = []
        var word = low
        while word != 0 { result.append(word.trailingZeroBitCount); word &= word - 1 }
        word = high
        while word != 0 { result.append(64 + word.trailingZeroBitCount); word &= word - 1 }
        return result
    }
}

/// The architecture search, reduced to numbers: requirements are indices with weights, services
/// are masks of what they provide and what they cost. Built by `ArchitectureGenerator`.
struct SearchProblem {
    struct Requirement {
        var weight: Double
        /// A need a component may be added for (a capability, or a constraint an edge component meets).
        var isTarget: Bool
    }

    struct Candidate {
        /// Index into the generator's service list.
        var service: Int
        var id: String
        var full: TagMask
        /// Full or partial.
        var any: TagMask
        /// The needs it may join an architecture for.
        var join: TagMask
        /// Preference rules and the shortfalls no other component can excuse.
        var fixed: Double
        /// Shortfalls on capabilities, forgiven when another component provides the capability fully.
        var excusable: [(tag: Int, penalty: Double)]

        func strength(_ tag: Int) -> Double { full.contains(tag) ? 1 : any.contains(tag) ? 0.5 : 0 }
        /// The most this candidate can be worth: what it could pay with none of its excusable costs.
        var optimisticValue: Double { fixed }
        var pessimisticValue: Double { fixed - excusable.reduce(0) { $0 + $1.penalty } }
    }

    var requirements: [Requirement]
    var candidates: [Candidate]
    /// Components every result must contain (`--require`), as candidate indices.
    var forced: [Int] = []
    /// Per need, the strength every result must reach (0: none; the scorer still credits it).
    var required: [Double]
    var maxComponents: Int
    var idlePenalty: Double
    /// Services that could join before dominance removed some (for statistics).
    var considered = 0
}

/// One architecture the search found, with the score it computed (the scorer recomputes it).
struct SearchResult: Equatable {
    var members: [Int]
    var score: Double
}

/// Statistics for the benchmark and for tests that check the search prunes.
public struct SearchStatistics: Sendable, Hashable, Codable {
    public var servicesConsidered = 0
    public var candidatesAfterDominance = 0
    public var nodes = 0
    public var prunedByBound = 0
    public var prunedAsRedundant = 0
    public var prunedAsInfeasible = 0
    public var leaves = 0
    /// True when the node budget ran out: the results are the best found, not proven best.
    public var budgetExhausted = false
    /// True when no architecture within the size limit was found to meet every need at its best
    /// strength, so the search required what a greedy pass reaches.
    public var settledForLess = false
    public init() {}
}

/// Branch and bound over the services that can meet a need.
///
/// Each node holds a partial architecture. It branches on the unmet need with the fewest
/// providers strong enough for it; branch i adds provider i and forbids providers 0..<i, so every
/// set of services is reached once. A node is cut when
///  - a component became redundant (every need it joined for is met as well by another):
///    adding services never makes it useful again;
///  - an unmet need has no provider left that is not forbidden;
///  - more components are needed than slots remain (unmet needs ÷ the most of them any open
///    candidate meets);
///  - its upper bound (what it has, plus every need raised to the best strength an open
///    candidate offers, plus the best preference bonuses for the free slots) cannot beat the
///    k-th best found so far (ties are cut: an equal set adds nothing to the top k).
/// Services are reduced beforehand by dominance (see `ArchitectureGenerator`).
struct ArchitectureSearch {
    let problem: SearchProblem
    let keep: Int

    private var providers: [[Int]] = []
    private var providerCount: [Int] = []
    private var mustMask = TagMask.empty

    // Mutable state of the depth-first walk.
    private var members: [Int] = []
    private var strength: [Double] = []
    private var coverage = 0.0
    private var fixedSum = 0.0
    private var forbidden: [Bool] = []
    private var fullMask = TagMask.empty
    /// Scratch space for the bound: the best offer per need, and which candidates were counted.
    private var offer: [Double] = []
    private var seen: [Int] = []
    private var stamp = 0
    private(set) var results: [SearchResult] = []
    private(set) var statistics = SearchStatistics()

    /// A safety valve for pathological catalogs: past this many nodes the best found so far is
    /// returned and the statistics say so.
    static let nodeBudget = 20_000

    init(problem: SearchProblem, keep: Int) {
        self.problem = problem
        self.keep = max(1, keep)
        let count = problem.requirements.count
        var providers = Array(repeating: [Int](), count: count)
        let forced = Set(problem.forced)
        for (index, candidate) in problem.candidates.enumerated() where !forced.contains(index) {
            for tag in candidate.any.indices {
                if candidate.join.contains(tag) && candidate.strength(tag) >= problem.required[tag] && problem.required[tag] > 0 {
                    providers[tag].append(index)
                }
            }
        }
        for tag in 0..<count where problem.required[tag] > 0 { mustMask.insert(tag) }
        func priority(_ candidate: SearchProblem.Candidate) -> Double {
            candidate.any.indices.reduce(0.0) { $0 + problem.requirements[$1].weight * candidate.strength($1) } + candidate.pessimisticValue
        }
        let priorities = problem.candidates.map(priority)
        for tag in 0..<count {
            providers[tag].sort { priorities[$0] != priorities[$1] ? priorities[$0] > priorities[$1] : problem.candidates[$0].id < problem.candidates[$1].id }
        }
        self.providers = providers
        providerCount = providers.map(\.count)
        strength = Array(repeating: 0, count: count)
        forbidden = Array(repeating: false, count: problem.candidates.count)
        offer = Array(repeating: 0, count: count)
        seen = Array(repeating: 0, count: problem.candidates.count)
    }

    mutating func run() {
        statistics.candidatesAfterDominance = problem.candidates.count
        for index in problem.forced { add(index) }
        visit()
        results.sort { $0.score != $1.score ? $0.score > $1.score : $0.members.sorted().lexicographicallyPrecedes($1.members.sorted()) }
    }

    private var kthBest: Double { results.count < keep ? -Double.infinity : results.map(\.score).min() ?? -Double.infinity }

    @discardableResult
    private mutating func add(_ index: Int) -> [(Int, Double)] {
        let candidate = problem.candidates[index]
        var undo: [(Int, Double)] = []
        for tag in candidate.any.indices {
            let value = candidate.strength(tag)
            if value > strength[tag] {
                undo.append((tag, strength[tag]))
                coverage += problem.requirements[tag].weight * (value - strength[tag])
                strength[tag] = value
            }
        }
        members.append(index)
        fixedSum += candidate.fixed
        fullMask = fullMask.union(candidate.full)
        return undo
    }

    private mutating func remove(_ undo: [(Int, Double)]) {
        let index = members.removeLast()
        fixedSum -= problem.candidates[index].fixed
        for (tag, previous) in undo.reversed() {
            coverage -= problem.requirements[tag].weight * (strength[tag] - previous)
            strength[tag] = previous
        }
        fullMask = .empty
        for member in members { fullMask = fullMask.union(problem.candidates[member].full) }
    }

    /// A member is redundant when every need it may join for is met as well without it.
    private func hasRedundantMember() -> Bool {
        let forcedCount = problem.forced.count
        for (position, member) in members.enumerated() where position >= forcedCount {
            let candidate = problem.candidates[member]
            var needed = false
            for tag in candidate.join.intersection(candidate.any).indices {
                let own = candidate.strength(tag)
                var others = 0.0
                for (otherPosition, other) in members.enumerated() where otherPosition != position {
                    others = max(others, problem.candidates[other].strength(tag))
                }
                if own > others { needed = true; break }
            }
            if !needed { return true }
        }
        return false
    }

    /// False when even the `slots` open candidates that meet the most unmet needs, counted as if
    /// they overlapped nowhere, cannot meet them all.
    private mutating func canStillMeet(_ open: [Int], slots: Int) -> Bool {
        if open.count <= 1 { return true }
        var unmet = TagMask.empty
        for need in open { unmet.insert(need) }
        stamp += 1
        var counts: [Int] = []
        for need in open {
            for candidate in providers[need] where !forbidden[candidate] && seen[candidate] != stamp {
                seen[candidate] = stamp
                let entry = problem.candidates[candidate]
                var count = 0
                for tag in entry.join.intersection(unmet).indices where entry.strength(tag) >= problem.required[tag] { count += 1 }
                counts.append(count)
            }
        }
        counts.sort(by: >)
        return counts.prefix(slots).reduce(0, +) >= open.count
    }

    /// What this node has, plus every need raised to the best strength that a candidate able to
    /// join from here offers (each member added from now on is an open provider of an unmet
    /// need), plus the best preference bonuses among those candidates for the free slots.
    private mutating func upperBound(slots: Int, open: [Int], offers: inout [Double], bonus: inout Double) -> Double {
        var bound = coverage + fixedSum
        guard slots > 0 else { return bound }
        stamp += 1
        var touched: [Int] = []
        var positive: [Double] = []
        for need in open {
            for candidate in providers[need] where !forbidden[candidate] && seen[candidate] != stamp {
                seen[candidate] = stamp
                let entry = problem.candidates[candidate]
                if entry.fixed > 0 { positive.append(entry.fixed) }
                for tag in entry.any.indices {
                    let value = entry.strength(tag)
                    if value > offer[tag] {
                        if offer[tag] == 0 { touched.append(tag) }
                        offer[tag] = value
                    }
                }
            }
        }
        for tag in touched {
            if offer[tag] > strength[tag] { bound += problem.requirements[tag].weight * (offer[tag] - strength[tag]) }
            offers[tag] = offer[tag]
            offer[tag] = 0
        }
        positive.sort(by: >)
        bonus = positive.prefix(max(0, slots - 1)).reduce(0, +)
        return bound + positive.prefix(slots).reduce(0, +)
    }

    /// The score the scorer will give, computed from the masks.
    private func exactScore() -> Double {
        var score = coverage + fixedSum
        for member in members {
            for (tag, penalty) in problem.candidates[member].excusable where !fullMask.contains(tag) { score -= penalty }
        }
        // Only a forced component can be idle: every other one joined for a need it meets best.
        for member in problem.forced.prefix(members.count) {
            let candidate = problem.candidates[member]
            let contributes = candidate.any.indices.contains { tag in
                let own = candidate.strength(tag)
                guard own > 0, own == strength[tag] else { return false }
                // The scorer credits the first component (in member order) with the best strength.
                return members.first { problem.candidates[$0].strength(tag) == strength[tag] } == member
            }
            if !contributes { score -= problem.idlePenalty }
        }
        return score
    }

    private mutating func record() {
        statistics.leaves += 1
        let score = exactScore()
        guard results.count < keep || score > kthBest + 1e-9 else { return }
        results.append(SearchResult(members: members, score: score))
        if results.count > keep, let worst = results.indices.min(by: { results[$0].score < results[$1].score }) {
            results.remove(at: worst)
        }
    }

    /// The needs still below the strength they require.
    private func unmet() -> [Int] {
        mustMask.indices.filter { strength[$0] < problem.required[$0] }
    }

    private mutating func visit() {
        statistics.nodes += 1
        if statistics.nodes > Self.nodeBudget {
            statistics.budgetExhausted = true
            return
        }
        if members.count > problem.forced.count && hasRedundantMember() {
            statistics.prunedAsRedundant += 1
            return
        }
        let slots = problem.maxComponents - members.count
        let open = unmet()
        if open.isEmpty {
            record()
            return
        }
        guard slots > 0 else { return }
        // The unmet need with the fewest ways left to meet it: the narrowest branching.
        var tag = -1, fewest = Int.max
        for need in open {
            let count = providers[need].reduce(0) { forbidden[$1] ? $0 : $0 + 1 }
            if count == 0 { statistics.prunedAsInfeasible += 1; return }
            if count < fewest || (count == fewest && need < tag) { (tag, fewest) = (need, count) }
        }
        if !canStillMeet(open, slots: slots) { statistics.prunedAsInfeasible += 1; return }
        var offers = Array(repeating: 0.0, count: problem.requirements.count)
        var bonus = 0.0
        if results.count >= keep && upperBound(slots: slots, open: open, offers: &offers, bonus: &bonus) <= kthBest + 1e-9 {
            statistics.prunedByBound += 1
            return
        }
        let bounded = results.count >= keep
        var tried: [Int] = []
        for provider in providers[tag] where !forbidden[provider] {
            let undo = add(provider)
            // The child's bound from this node's offers (its open candidates are a subset): a cheap
            // cut before the child computes its own.
            if bounded && results.count >= keep {
                var bound = coverage + fixedSum + bonus
                for need in 0..<offers.count where offers[need] > strength[need] {
                    bound += problem.requirements[need].weight * (offers[need] - strength[need])
                }
                if bound <= kthBest + 1e-9 {
                    statistics.prunedByBound += 1
                    remove(undo)
                    forbidden[provider] = true
                    tried.append(provider)
                    continue
                }
            }
            visit()
            remove(undo)
            forbidden[provider] = true
            tried.append(provider)
        }
        for provider in tried { forbidden[provider] = false }
    }
}
