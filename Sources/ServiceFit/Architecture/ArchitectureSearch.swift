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

    /// The indices in increasing order, read off the bits without building an array.
    var indices: Indices { Indices(low: low, high: high) }

    struct Indices: Sequence, IteratorProtocol {
        var low: UInt64
        var high: UInt64
        mutating func next() -> Int? {
            if low != 0 {
                defer { low &= low - 1 }
                return low.trailingZeroBitCount
            }
            if high != 0 {
                defer { high &= high - 1 }
                return 64 + high.trailingZeroBitCount
            }
            return nil
        }
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
    /// What every component costs (the scorer's `componentCost`).
    var componentCost: Double
    /// Services that could join before dominance removed some (for statistics).
    var considered = 0
    /// Every service the needs leave open to choose, avoided ones included, and the required ones.
    var offered: Set<String> = []
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
/// Each node holds a partial architecture. It branches on the unmet need with the fewest open
/// providers (candidates that meet it at the strength it requires, are not forbidden, and fit:
/// see below); branch i adds provider i and forbids providers 0..<i, so every set of services is
/// reached once. When only the candidates a preference rule favours keep a node alive, it first
/// branches on the best of them instead: with it, or never.
///
/// A candidate fits a node when it meets a need it may join for better than the members do and
/// leaves each member something only that member meets; one that does not could only make a
/// member redundant, for good (adding services never makes it useful again), so it is skipped.
///
/// A node is cut when
///  - an unmet need has no open provider;
///  - meeting the unmet needs takes more members than may still join. The fewest members is
///    bounded below by a table, built once per search, of the fewest candidates that meet each
///    set of required needs (up to `coverTableNeeds` of them); by needs no open candidate meets
///    two of; and by each need's share of the most needs an open provider of it meets;
///  - its upper bound cannot beat the k-th best found so far (ties are cut: an equal set adds
///    nothing to the top k). The bound is what the node has, plus every need raised to the best
///    strength an open candidate offers, plus the best the preference values of the members
///    still to join can add, less the cost (`componentCost`) of the fewest members still needed,
///    counted case by case for the few candidates a rule favours. Before a child is visited,
///    the same bound with its candidate taken is checked from the parent's outlook.
/// Services are reduced beforehand by dominance (see `ArchitectureGenerator`).
///
/// Coverage is kept as two masks (needs met fully, needs met at least partly), so a node's
/// state is a few words and its outlook is one pass of mask unions over the open candidates.
struct ArchitectureSearch {
    let problem: SearchProblem
    let keep: Int

    // Per need.
    private let weights: [Double]
    private var providers: [[Int]] = []
    /// Needs whose required strength is full, and those that require at least partial.
    private var mustFull = TagMask.empty
    private var mustAny = TagMask.empty
    // Per candidate.
    private let full: [TagMask]
    private let any: [TagMask]
    private let join: [TagMask]
    /// The needs a candidate is a provider of (joins for, at the strength required).
    private let meets: [TagMask]
    private let fixed: [Double]
    /// Each required need's bit in `fewestCover` (-1: none).
    private var coverBit: [Int] = []
    /// The fewest candidates that together meet each set of required needs, ignoring what the
    /// search forbids (so never more than a node can do): a lower bound read off in one look-up.
    /// Empty when the need has more required needs than a table is built for.
    private var fewestCover: [UInt8] = []
    /// The most required needs a `fewestCover` table is built for (2^n entries).
    static let coverTableNeeds = 20

    // Mutable state of the depth-first walk.
    private var members: [Int] = []
    private var metFull = TagMask.empty
    private var metAny = TagMask.empty
    private var coverage = 0.0
    private var fixedSum = 0.0
    private var forbidden: [Bool] = []
    private var seen: [Int] = []
    private var fitting: [Bool] = []
    private var stamp = 0
    private var kth = -Double.infinity
    private(set) var results: [SearchResult] = []
    private(set) var statistics = SearchStatistics()

    /// A safety valve for pathological catalogs: past this many nodes the best found so far is
    /// returned and the statistics say so.
    static let nodeBudget = 20_000

    init(problem: SearchProblem, keep: Int) {
        self.problem = problem
        self.keep = max(1, keep)
        let count = problem.requirements.count
        weights = problem.requirements.map(\.weight)
        full = problem.candidates.map(\.full)
        any = problem.candidates.map(\.any)
        join = problem.candidates.map(\.join)
        fixed = problem.candidates.map(\.fixed)
        for tag in 0..<count {
            if problem.required[tag] >= 1 { mustFull.insert(tag) }
            if problem.required[tag] > 0 { mustAny.insert(tag) }
        }
        let forced = Set(problem.forced)
        var meets = Array(repeating: TagMask.empty, count: problem.candidates.count)
        var providers = Array(repeating: [Int](), count: count)
        for (index, candidate) in problem.candidates.enumerated() where !forced.contains(index) {
            // Partial is enough where partial is required; full where full is. A service may meet
            // a need it could not join for (an offline-capable store): it still meets it.
            let mask = candidate.full.intersection(mustAny).union(candidate.any.intersection(mustAny.subtracting(mustFull)))
            meets[index] = mask
            for tag in mask.indices { providers[tag].append(index) }
        }
        self.meets = meets
        func priority(_ candidate: SearchProblem.Candidate) -> Double {
            candidate.any.indices.reduce(0.0) { $0 + problem.requirements[$1].weight * candidate.strength($1) } + candidate.pessimisticValue
        }
        let priorities = problem.candidates.map(priority)
        for tag in 0..<count {
            providers[tag].sort { priorities[$0] != priorities[$1] ? priorities[$0] > priorities[$1] : problem.candidates[$0].id < problem.candidates[$1].id }
        }
        self.providers = providers
        (coverBit, fewestCover) = Self.coverTable(needs: mustAny, meets: meets, tagCount: count)
        forbidden = Array(repeating: false, count: problem.candidates.count)
        seen = Array(repeating: 0, count: problem.candidates.count)
        fitting = Array(repeating: false, count: problem.candidates.count)
    }

    mutating func run() {
        statistics.candidatesAfterDominance = problem.candidates.count
        for index in problem.forced { add(index) }
        visit()
        results.sort { $0.score != $1.score ? $0.score > $1.score : $0.members.sorted().lexicographicallyPrecedes($1.members.sorted()) }
    }

    /// The weighted value of a coverage: full needs count their weight, partial ones half.
    private func value(full metFull: TagMask, any metAny: TagMask) -> Double {
        var total = 0.0
        for tag in metFull.indices { total += weights[tag] }
        for tag in metAny.subtracting(metFull).indices { total += weights[tag] * 0.5 }
        return total
    }

    private mutating func add(_ index: Int) {
        members.append(index)
        fixedSum += fixed[index]
        metFull = metFull.union(full[index])
        metAny = metAny.union(any[index])
        coverage = value(full: metFull, any: metAny)
    }

    private mutating func remove(_ saved: (TagMask, TagMask, Double)) {
        let index = members.removeLast()
        fixedSum -= fixed[index]
        (metFull, metAny, coverage) = saved
    }

    /// What makes each member worth keeping: the needs it may join for that it alone meets at its
    /// strength (fully; partly where no other member meets them at all). A service added later
    /// that meets all of one member's at least as well makes that member redundant, for good:
    /// adding more never makes it useful again.
    private func uniqueness() -> [(member: Int, full: TagMask, partial: TagMask)] {
        let count = members.count
        var suffixFull = Array(repeating: TagMask.empty, count: count + 1)
        var suffixAny = suffixFull
        for position in stride(from: count - 1, through: 0, by: -1) {
            suffixFull[position] = suffixFull[position + 1].union(full[members[position]])
            suffixAny[position] = suffixAny[position + 1].union(any[members[position]])
        }
        var result: [(member: Int, full: TagMask, partial: TagMask)] = []
        var prefixFull = TagMask.empty, prefixAny = TagMask.empty
        for position in 0..<count {
            let member = members[position]
            defer { prefixFull = prefixFull.union(full[member]); prefixAny = prefixAny.union(any[member]) }
            // Forced components stay whatever joins.
            guard position >= problem.forced.count else { continue }
            let othersFull = prefixFull.union(suffixFull[position + 1])
            let othersAny = prefixAny.union(suffixAny[position + 1])
            result.append((member, join[member].intersection(full[member]).subtracting(othersFull),
                           join[member].intersection(any[member]).subtracting(full[member]).subtracting(othersAny)))
        }
        return result
    }

    /// Whether a candidate can join this node's members in some architecture: it must meet a need
    /// it may join for better than they do, and leave each of them something only it meets.
    private func fits(_ candidate: Int, _ unique: [(member: Int, full: TagMask, partial: TagMask)]) -> Bool {
        let ownFull = join[candidate].intersection(full[candidate]).subtracting(metFull)
        let ownPartial = join[candidate].intersection(any[candidate]).subtracting(full[candidate]).subtracting(metAny)
        guard !ownFull.isEmpty || !ownPartial.isEmpty else { return false }
        for entry in unique where full[candidate].isSuperset(of: entry.full) && any[candidate].isSuperset(of: entry.partial) {
            return false
        }
        return true
    }

    /// The score the scorer will give, computed from the masks.
    private func exactScore() -> Double {
        var score = coverage + fixedSum - problem.componentCost * Double(members.count)
        for member in members {
            for (tag, penalty) in problem.candidates[member].excusable where !metFull.contains(tag) { score -= penalty }
        }
        // Only a forced component can be idle: every other one joined for a need it meets best.
        for member in problem.forced.prefix(members.count) {
            let candidate = problem.candidates[member]
            let contributes = candidate.any.indices.contains { tag in
                let own = candidate.strength(tag)
                let best = metFull.contains(tag) ? 1.0 : metAny.contains(tag) ? 0.5 : 0
                guard own > 0, own == best else { return false }
                // The scorer credits the first component (in member order) with the best strength.
                return members.first { problem.candidates[$0].strength(tag) == best } == member
            }
            if !contributes { score -= problem.idlePenalty }
        }
        return score
    }

    private mutating func record() {
        statistics.leaves += 1
        let score = exactScore()
        guard results.count < keep || score > kth + 1e-9 else { return }
        results.append(SearchResult(members: members, score: score))
        if results.count > keep, let worst = results.indices.min(by: { results[$0].score < results[$1].score }) {
            results.remove(at: worst)
        }
        if results.count >= keep { kth = results.map(\.score).min() ?? -Double.infinity }
    }

    /// What the open candidates (providers of an unmet need that are not forbidden and fit the
    /// members) can still bring.
    private struct Outlook {
        var offerFull = TagMask.empty
        var offerAny = TagMask.empty
        /// The best preference values among them, best first, at most `most`.
        var topFixed: [Double] = []
        /// The fewest of them that together could meet every unmet need (more than `most`: none can).
        var fewestNeeded = 0
        /// The unmet need with the fewest open providers (-1: some need has none).
        var narrowest = -1
        /// The open candidates with a positive preference value, best first.
        var positive: [Int] = []
        /// Per unmet need, the unmet needs some open provider of it meets as well.
        var together: [TagMask] = []
        /// Per unmet need, 1 ÷ the most unmet needs one open provider of it meets.
        var share: [Double] = []
    }

    /// One pass over the open candidates; marks each with this node's stamp in `seen` and
    /// whether it fits in `fitting`.
    private mutating func outlook(unmet: TagMask, unmetCount: Int, most: Int) -> Outlook {
        var result = Outlook()
        stamp += 1
        let unique = uniqueness()
        // How many open candidates meet each number of unmet needs, for the fewest that can meet them all.
        var byCount = Array(repeating: 0, count: unmetCount + 1)
        // Per unmet need, the unmet needs some open provider of it meets as well.
        var together = Array(repeating: TagMask.empty, count: problem.requirements.count)
        var fewest = Int.max
        var share = Array(repeating: 0.0, count: problem.requirements.count)
        for need in unmet.indices {
            var open = 0, widest = 0
            for candidate in providers[need] where !forbidden[candidate] {
                if seen[candidate] != stamp {
                    seen[candidate] = stamp
                    fitting[candidate] = fits(candidate, unique)
                    if fitting[candidate] {
                        result.offerFull = result.offerFull.union(full[candidate])
                        result.offerAny = result.offerAny.union(any[candidate])
                        byCount[meets[candidate].intersection(unmet).count] += 1
                        let value = fixed[candidate]
                        if value > 0 { result.positive.append(candidate) }
                        if result.topFixed.count < most || value > result.topFixed[result.topFixed.count - 1] {
                            var position = result.topFixed.count
                            while position > 0 && result.topFixed[position - 1] < value { position -= 1 }
                            result.topFixed.insert(value, at: position)
                            if result.topFixed.count > most { result.topFixed.removeLast() }
                        }
                    } else {
                        statistics.prunedAsRedundant += 1
                    }
                }
                guard fitting[candidate] else { continue }
                open += 1
                together[need] = together[need].union(meets[candidate])
                widest = max(widest, meets[candidate].intersection(unmet).count)
            }
            share[need] = 1 / Double(max(1, widest))
            if open == 0 { result.narrowest = -1; return result }
            if open < fewest { (result.narrowest, fewest) = (need, open) }
        }
        // Counted as if they overlapped nowhere: the most unmet needs j candidates could meet.
        var remaining = unmetCount, used = 0
        var size = unmetCount
        while remaining > 0 && used < most && size > 0 {
            if byCount[size] == 0 { size -= 1; continue }
            byCount[size] -= 1
            remaining -= size
            used += 1
        }
        result.fewestNeeded = remaining > 0 ? most + 1 : used
        result.together = together
        result.share = share
        result.fewestNeeded = max(result.fewestNeeded, fewestMembers(for: unmet, together, share))
        result.positive.sort { fixed[$0] > fixed[$1] }
        return result
    }

    /// The fewest candidates that meet each set of required needs, by dynamic programming over
    /// the sets: the lowest need of a set is met by some candidate, and the rest by the fewest
    /// for what that one leaves. Only candidates that meet a maximal set of needs count (one
    /// that meets less can be swapped for one that meets more).
    static func coverTable(needs: TagMask, meets: [TagMask], tagCount: Int) -> (bits: [Int], table: [UInt8]) {
        let tags = Array(needs.indices)
        guard !tags.isEmpty && tags.count <= coverTableNeeds else { return ([], []) }
        var bits = Array(repeating: -1, count: tagCount)
        for (bit, tag) in tags.enumerated() { bits[tag] = bit }
        var distinct = Set<Int>()
        for mask in meets {
            var projected = 0
            for tag in mask.indices where bits[tag] >= 0 { projected |= 1 << bits[tag] }
            if projected != 0 { distinct.insert(projected) }
        }
        var maximal: [Int] = []
        for mask in distinct.sorted(by: { ($0.nonzeroBitCount, $0) > ($1.nonzeroBitCount, $1) })
        where !maximal.contains(where: { $0 & mask == mask }) {
            maximal.append(mask)
        }
        // The needs with the fewest candidates get the lowest bits: a set is split on its lowest
        // need, so the fewer the candidates to try there, the faster the table fills.
        let counts = (0..<tags.count).map { bit in maximal.filter { $0 & (1 << bit) != 0 }.count }
        let rank = (0..<tags.count).sorted { (counts[$0], $0) < (counts[$1], $1) }
        var position = Array(repeating: 0, count: tags.count)
        for (bit, old) in rank.enumerated() { position[old] = bit }
        for tag in tags { bits[tag] = position[bits[tag]] }
        let renumbered = maximal.map { mask in
            (0..<tags.count).reduce(0) { mask & (1 << $1) != 0 ? $0 | 1 << position[$1] : $0 }
        }
        // Per need, the sets that contain it, one after another.
        var start = Array(repeating: 0, count: tags.count + 1)
        var flat: [Int] = []
        for bit in 0..<tags.count {
            start[bit] = flat.count
            flat += renumbered.filter { $0 & (1 << bit) != 0 }
        }
        start[tags.count] = flat.count
        var table = Array(repeating: UInt8(0), count: 1 << tags.count)
        table.withUnsafeMutableBufferPointer { table in
            flat.withUnsafeBufferPointer { flat in
                for set in 1..<table.count {
                    let bit = set.trailingZeroBitCount
                    var best = UInt8.max
                    for index in start[bit]..<start[bit + 1] { best = min(best, table[set & ~flat[index]]) }
                    table[set] = best == .max ? .max : best + 1
                }
            }
        }
        return (bits, table)
    }

    /// A lower bound on the members that meeting `needs` takes: the table's fewest cover; needs
    /// no single open candidate meets two of take one member each; and a member meets at most
    /// the most any open provider of a need meets, so each need takes at least 1 ÷ that of one.
    private func fewestMembers(for needs: TagMask, _ together: [TagMask], _ share: [Double]) -> Int {
        var covered = 0
        if !fewestCover.isEmpty {
            var set = 0
            for tag in needs.indices where coverBit[tag] >= 0 { set |= 1 << coverBit[tag] }
            covered = Int(fewestCover[set])
        }
        return max(covered, Self.fewestMembersApart(for: needs, together, share))
    }

    private static func fewestMembersApart(for needs: TagMask, _ together: [TagMask], _ share: [Double]) -> Int {
        var left = needs, apart = 0
        var shares = 0.0
        for need in needs.indices { shares += share[need] }
        while !left.isEmpty {
            var pick = -1, overlapLeast = Int.max
            for need in left.indices {
                let overlap = together[need].intersection(left).count
                if overlap < overlapLeast { (pick, overlapLeast) = (need, overlap) }
            }
            apart += 1
            left = left.subtracting(together[pick]).subtracting(TagMask(pick))
        }
        return max(apart, Int((shares - 1e-9).rounded(.up)))
    }

    /// An upper bound on every leaf below: what the node has, with every need raised to the best
    /// strength an open candidate offers, plus the best the members still to join can add with
    /// their preference values, less their cost. With `taken`, the bound of the child that adds that
    /// open candidate, from this node's outlook (a leaf below the child is a leaf below this
    /// node that contains it).
    ///
    /// Few candidates have a positive preference value, and taking one in may still leave as
    /// many needs for the others to meet, so the cases are told apart: with none of them (the
    /// fewest members needed, each worth at most the best value that is not positive), with one
    /// of them or two (their values, less the cost of themselves and of the fewest members the
    /// needs they leave unmet take), or with more (the best values, at the cost of at least as
    /// many members). `preferred: false` bounds the leaves without any of them.
    private func bound(_ outlook: Outlook, unmet: TagMask, most: Int, taken: Int? = nil, preferred: Bool = true) -> Double {
        let cost = problem.componentCost
        let base = fixedSum - cost * Double(members.count)
            + value(full: metFull.union(outlook.offerFull), any: metAny.union(outlook.offerAny))
        // Whether `a` meets everything `b` would be kept for, so the two never stand together.
        func covers(_ a: Int, _ b: Int) -> Bool {
            full[a].isSuperset(of: join[b].intersection(full[b]).subtracting(metFull))
                && any[a].isSuperset(of: join[b].intersection(any[b]).subtracting(full[b]).subtracting(metAny))
        }
        var unmet = unmet, most = most
        var positive = preferred ? outlook.positive : []
        var chosen = 0.0
        if let taken {
            chosen = fixed[taken] - cost
            unmet = unmet.subtracting(meets[taken])
            most -= 1
            positive = positive.filter { $0 != taken && !covers(taken, $0) && !covers($0, taken) }
        }
        // The values of the members that join besides those counted one by one, best first,
        // none positive; past the known ones, at most 0.
        let rest = outlook.topFixed.filter { $0 <= 0 }
        func others(_ count: Int) -> Double { rest.prefix(count).reduce(0, +) }
        func left(_ taken: TagMask) -> Int {
            fewestMembers(for: unmet.subtracting(taken), outlook.together, outlook.share)
        }
        let fewest = taken == nil ? outlook.fewestNeeded : left(.empty)
        guard fewest <= most else { return -Double.infinity }
        var best = others(fewest) - cost * Double(fewest)
        let exactPairs = taken == nil && positive.count <= 12
        for (i, first) in positive.enumerated() {
            let after = left(meets[first])
            if 1 + after <= most {
                best = max(best, fixed[first] + others(after) - cost * Double(1 + after))
            }
            guard exactPairs else { continue }
            for second in positive[(i + 1)...] where !covers(first, second) && !covers(second, first) {
                let after = left(meets[first].union(meets[second]))
                if 2 + after <= most {
                    best = max(best, fixed[first] + fixed[second] + others(after) - cost * Double(2 + after))
                }
            }
        }
        // More than are counted one by one: the best values, at the cost of at least as many members.
        let counted = exactPairs ? 3 : 2
        if positive.count >= counted && most >= counted {
            var sum = positive.prefix(counted - 1).reduce(0.0) { $0 + fixed[$1] }
            for count in counted...min(most, positive.count) {
                sum += fixed[positive[count - 1]]
                best = max(best, sum - cost * Double(max(count, fewest)))
            }
        }
        return base + chosen + best
    }

    private mutating func visit() {
        statistics.nodes += 1
        if statistics.nodes > Self.nodeBudget {
            statistics.budgetExhausted = true
            return
        }
        let slots = problem.maxComponents - members.count
        let unmet = mustFull.subtracting(metFull).union(mustAny.subtracting(metAny))
        if unmet.isEmpty {
            record()
            return
        }
        guard slots > 0 else { return }
        let unmetCount = unmet.count
        // Each member added below meets an unmet need, so at most this many more can join.
        let most = min(slots, unmetCount)
        let outlook = outlook(unmet: unmet, unmetCount: unmetCount, most: most)
        if outlook.narrowest < 0 || outlook.fewestNeeded > most { statistics.prunedAsInfeasible += 1; return }
        if results.count >= keep && bound(outlook, unmet: unmet, most: most) <= kth + 1e-9 {
            statistics.prunedByBound += 1
            return
        }
        // When only the candidates a preference rule favours keep this node alive, decide the
        // best of them first: with it (one member more) or never. Left open, it would keep every
        // subtree below alive, each proving again that the needs it leaves take one member more.
        if results.count >= keep, let first = outlook.positive.first,
           bound(outlook, unmet: unmet, most: most, preferred: false) <= kth + 1e-9 {
            let saved = (metFull, metAny, coverage)
            add(first)
            visit()
            remove(saved)
            forbidden[first] = true
            visit()
            forbidden[first] = false
            return
        }
        // Branch on the unmet need with the fewest ways left to meet it: the narrowest branching.
        // The walk below reuses the marks, so the children are listed first.
        let children = providers[outlook.narrowest].filter { !forbidden[$0] && fitting[$0] }
        let bounded = results.count >= keep
        for provider in children {
            // A cheap cut from this node's outlook before the child computes its own.
            if bounded && bound(outlook, unmet: unmet, most: most, taken: provider) <= kth + 1e-9 {
                statistics.prunedByBound += 1
                forbidden[provider] = true
                continue
            }
            let saved = (metFull, metAny, coverage)
            add(provider)
            visit()
            remove(saved)
            forbidden[provider] = true
        }
        for provider in children { forbidden[provider] = false }
    }
}
