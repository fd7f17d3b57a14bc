import Testing
@testable import ServiceFit

/// The branch and bound against exhaustive enumeration: on small generated catalogs, every set of
/// services that is an architecture by the search's own definition (it meets every need the search
/// must meet, at the strength it must reach; no component is there for nothing; at most the size
/// limit) is scored by the scorer, and the search must return the best of them, in order.
///
/// Sets that tie on score may be returned in any order among themselves, so the lists compared are
/// the scores of the top architectures; each returned architecture must also be one of the
/// enumerated ones.
@Suite struct ArchitectureSearchExhaustiveTests {
    static let capabilities = ["c0", "c1", "c2", "c3", "c4", "c5"]
    static let others = ["cheap", "fast", "offline", "serverless", "text"]

    /// 13 services over 6 capabilities, with objectives, constraints, a modality, shortcomings that
    /// are fixed costs and ones another component excuses, a tag built for the opposite of another,
    /// and preference rules for and against services.
    static func catalog(seed: UInt64) -> KnowledgeBase {
        var random = SeededGenerator(seed: seed)
        var tags: [String: ServiceFit.Tag] = [:]
        for id in capabilities { tags[id] = ServiceFit.Tag(id: id, kind: .requirement) }
        tags["batch"] = ServiceFit.Tag(id: "batch", kind: .requirement, conflicts: ["fast"])
        tags["cheap"] = ServiceFit.Tag(id: "cheap", kind: .objective)
        tags["fast"] = ServiceFit.Tag(id: "fast", kind: .objective)
        tags["offline"] = ServiceFit.Tag(id: "offline", kind: .constraint)
        tags["serverless"] = ServiceFit.Tag(id: "serverless", kind: .constraint)
        tags["text"] = ServiceFit.Tag(id: "text", kind: .modality)
        let stages = ["edge", "ingest", "store", "transform", "serve"]
        var services: [String: Service] = [:]
        for index in 0..<13 {
            var provides: [String: Strength] = [:]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                provides[capabilities.randomElement(using: &random)!] = Bool.random(using: &random) ? .full : .partial
            }
            for tag in others + ["batch"] where Int.random(in: 0..<4, using: &random) == 0 {
                provides[tag] = Bool.random(using: &random) ? .full : .partial
            }
            var violates: [Shortcoming] = [], weakAt: [Shortcoming] = []
            if Int.random(in: 0..<5, using: &random) == 0 {
                violates.append(Shortcoming(tag: (others + capabilities).randomElement(using: &random)!, because: "It cannot."))
            }
            if Int.random(in: 0..<4, using: &random) == 0 {
                weakAt.append(Shortcoming(tag: (others + capabilities).randomElement(using: &random)!, because: "Not well."))
            }
            let id = "aws.g\(index)"
            let stage = stages.randomElement(using: &random)!
            services[id] = Service(id: id, name: "G\(index)", provider: .aws, category: stage, stage: stage,
                                   provides: provides, violates: violates, weakAt: weakAt)
        }
        let ids = services.keys.sorted()
        let rules = [
            PreferenceRule(id: "prefer", when: [], whenAny: ["cheap", "c0", "c1"], prefer: Array(ids.shuffled(using: &random).prefix(3)),
                           weight: 1.0, because: "Preferred."),
            PreferenceRule(id: "penalize", when: [], whenAny: ["fast", "c2"], penalize: Array(ids.shuffled(using: &random).prefix(2)),
                           weight: 0.75, because: "Disliked."),
        ]
        return KnowledgeBase(tags: tags, services: services, rules: rules)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var seed: UInt64
        var testDescription: String { "seed \(seed)" }
    }

    static let cases = (1...40).map { Case(seed: UInt64($0)) }

    /// Every architecture of the search's definition, with the scorer's score.
    static func enumerate(_ generator: ArchitectureGenerator, requirements: [Requirement], request: ArchitectureRequest) -> [(ids: [String], score: Double)] {
        guard var problem = generator.problem(requirements: requirements, provider: .aws, request: request) else { return [] }
        problem.required = ArchitectureGenerator.greedyReach(problem)
        let candidates = problem.candidates
        let forced = Set(problem.forced)
        var found: [(ids: [String], score: Double)] = []
        for mask in 1..<(1 << candidates.count) where mask.nonzeroBitCount <= problem.maxComponents {
            let members = candidates.indices.filter { mask & (1 << $0) != 0 }
            guard forced.isSubset(of: members) else { continue }
            func best(_ tag: Int, without: Int? = nil) -> Double {
                members.filter { $0 != without }.map { candidates[$0].strength(tag) }.max() ?? 0
            }
            let meets = problem.required.indices.allSatisfy { best($0) >= problem.required[$0] }
            // A component that is not forced must meet some need it may join for better than the rest.
            let needed = members.allSatisfy { member in
                forced.contains(member) || candidates[member].join.intersection(candidates[member].any).indices.contains {
                    candidates[member].strength($0) > best($0, without: member)
                }
            }
            guard meets && needed else { continue }
            let ids = members.map { candidates[$0].id }
            found.append((ids, generator.assess(ids, requirements: requirements).score))
        }
        return found.sorted { $0.score > $1.score }
    }

    @Test(arguments: cases) func searchReturnsTheEnumeratedBest(_ testCase: Case) {
        let knowledge = Self.catalog(seed: testCase.seed)
        let generator = ArchitectureGenerator(knowledge: knowledge)
        var random = SeededGenerator(seed: testCase.seed &* 31)
        let need = Array((Self.capabilities + Self.others + ["batch"]).shuffled(using: &random).prefix(Int.random(in: 3...7, using: &random)))
        let requirements = generator.requirements(forTags: need)
        let ids = knowledge.services.keys.sorted()
        var request = ArchitectureRequest(top: 3, maxComponents: 4)
        switch testCase.seed % 4 {
        case 1: request.avoid = [ids[Int(testCase.seed) % ids.count]]
        case 2: request.require = [ids[Int(testCase.seed) % ids.count]]
        default: break
        }
        let result = generator.generate(requirements: requirements, provider: .aws, request: request)
        let all = Self.enumerate(generator, requirements: requirements, request: request)
        #expect(!result.statistics.budgetExhausted)
        #expect(result.architectures.map(\.score) == Array(all.prefix(request.top).map(\.score)),
                "need \(need): search \(result.architectures.map { "\($0.score) \($0.services.sorted())" }) vs enumerated \(all.prefix(5).map { "\($0.score) \($0.ids.sorted())" })")
        let valid = Set(all.map { $0.ids.sorted() })
        for architecture in result.architectures {
            #expect(valid.contains(architecture.services.sorted()), "\(architecture.services) is not an architecture by the search's definition")
        }
    }
}
