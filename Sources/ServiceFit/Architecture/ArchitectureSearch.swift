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
    /// Target needs every result must meet; the others are improved only when it pays.
    var mustCover: TagMask
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
    public var leaves = 0
    public init() {}
}

/// Branch and bound over the services that can meet a need.
///
/// Each node holds a partial architecture. It branches on one need: the uncovered must-cover
/// need with the fewest providers, else a need met only partly that some service meets fully
/// (then "leave it partial" is a branch too). Branch i forbids the providers tried before it, so
/// every set of services is reached once. A node is cut when
///  - a component became redundant (every need it joined for is met as well by another): adding
///    services never makes it useful again;
///  - its upper bound (what it has, plus every need raised to the best strength still on offer,
///    plus the best preference bonus per free slot) cannot reach the k-th best found so far;
///  - uncovered must-cover needs remain and no slot is left.
/// Services are reduced beforehand by dominance (see `ArchitectureGenerator`).
struct ArchitectureSearch {
    let problem: SearchProblem
    let keep: Int

    private var providers: [[Int]] = []
    private var bestStrength: [Double] = []
    private var maxBonus = 0.0
    private var providerCount: [Int] = []

    // Mutable state of the depth-first walk.
    private var members: [Int] = []
    private var strength: [Double] = []
    private var coverage = 0.0
    private var fixedSum = 0.0
    private var forbidden: [Bool] = []
    private var closed = TagMask.empty
    private var anyMask = TagMask.empty
    private var fullMask = TagMask.empty
    private(set) var results: [SearchResult] = []
    private(set) var statistics = SearchStatistics()

    init(problem: SearchProblem, keep: Int) {
        self.problem = problem
        self.keep = max(1, keep)
        let count = problem.requirements.count
        providers = Array(repeating: [], count: count)
        bestStrength = Array(repeating: 0, count: count)
        let forced = Set(problem.forced)
        for (index, candidate) in problem.candidates.enumerated() {
            for tag in candidate.any.indices {
                bestStrength[tag] = max(bestStrength[tag], candidate.strength(tag))
                if candidate.join.contains(tag) && !forced.contains(index) { providers[tag].append(index) }
            }
            maxBonus = max(maxBonus, candidate.optimisticValue)
        }
        var sorted = providers
        for tag in 0..<count {
            let keys = Dictionary(uniqueKeysWithValues: sorted[tag].map { ($0, priority(problem.candidates[$0], tag)) })
            sorted[tag].sort { lhs, rhs in
                keys[lhs]! != keys[rhs]! ? keys[lhs]! > keys[rhs]! : problem.candidates[lhs].id < problem.candidates[rhs].id
            }
        }
        providers = sorted
        providerCount = providers.map(\.count)
        strength = Array(repeating: 0, count: count)
        forbidden = Array(repeating: false, count: problem.candidates.count)
    }

    /// How promising a provider of `tag` looks: its strength there first, then all it brings.
    private func priority(_ candidate: SearchProblem.Candidate, _ tag: Int) -> Double {
        let total = candidate.any.indices.reduce(0.0) { $0 + problem.requirements[$1].weight * candidate.strength($1) }
        return candidate.strength(tag) * 1000 + total + candidate.pessimisticValue
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
        anyMask = anyMask.union(candidate.any)
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
        anyMask = .empty
        fullMask = .empty
        for member in members {
            anyMask = anyMask.union(problem.candidates[member].any)
            fullMask = fullMask.union(problem.candidates[member].full)
        }
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

    private func upperBound() -> Double {
        var bound = coverage + fixedSum
        let slots = problem.maxComponents - members.count
        guard slots > 0 else { return bound }
        for tag in 0..<problem.requirements.count where strength[tag] < bestStrength[tag] && !closed.contains(tag) {
            bound += problem.requirements[tag].weight * (bestStrength[tag] - strength[tag])
        }
        return bound + Double(slots) * maxBonus
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
                guard own > 0 else { return false }
                // The scorer credits the first component (in member order) with the best strength.
                let first = members.first { problem.candidates[$0].strength(tag) == strength[tag] }
                return first == member && own == strength[tag]
            }
            if !contributes { score -= problem.idlePenalty }
        }
        return score
    }

    private mutating func record() {
        statistics.leaves += 1
        let score = exactScore()
        guard results.count < keep || score > kthBest else { return }
        results.append(SearchResult(members: members, score: score))
        if results.count > keep, let worst = results.indices.min(by: { results[$0].score < results[$1].score }) {
            results.remove(at: worst)
        }
    }

    private mutating func visit() {
        statistics.nodes += 1
        if members.count > problem.forced.count && hasRedundantMember() {
            statistics.prunedAsRedundant += 1
            return
        }
        if results.count >= keep && upperBound() < kthBest - 1e-9 {
            statistics.prunedByBound += 1
            return
        }
        let slots = problem.maxComponents - members.count
        let uncovered = problem.mustCover.subtracting(anyMask)
        if !uncovered.isEmpty {
            guard slots > 0 else { return }
            // The need with the fewest ways to meet it: the narrowest branching.
            let tag = uncovered.indices.min { providerCount[$0] != providerCount[$1] ? providerCount[$0] < providerCount[$1] : $0 < $1 }!
            var tried: [Int] = []
            for provider in providers[tag] where !forbidden[provider] {
                let undo = add(provider)
                visit()
                remove(undo)
                forbidden[provider] = true
                tried.append(provider)
            }
            for provider in tried { forbidden[provider] = false }
            return
        }
        // Every must-cover need is met: improve a need met only partly, or leave it.
        for tag in 0..<problem.requirements.count where problem.requirements[tag].isTarget && !closed.contains(tag)
            && strength[tag] < bestStrength[tag] {
            let improvers = providers[tag].filter { !forbidden[$0] && problem.candidates[$0].strength(tag) > strength[tag] }
            if improvers.isEmpty || slots == 0 { continue }
            var tried: [Int] = []
            for provider in improvers {
                let undo = add(provider)
                visit()
                remove(undo)
                forbidden[provider] = true
                tried.append(provider)
            }
            // The branch that leaves this need as it is: none of its improvers may join later.
            let previousClosed = closed
            closed.insert(tag)
            visit()
            closed = previousClosed
            for provider in tried { forbidden[provider] = false }
            return
        }
        record()
    }
}
