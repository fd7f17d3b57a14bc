// The architecture search benchmark: generated catalogs of 300, 3,000 and 30,000 services and
// needs of 5, 10 and 20 required tags; prints a Markdown table of top-5 times.
//
//     swift run -c release ArchitectureBenchmark [--quick]
//
// Everything is generated from fixed seeds, so two runs search the same catalogs for the same needs.
import Foundation
import ServiceFit

let flowStages = ArchitectureStage.flow
let allStages = ArchitectureStage.flow + ArchitectureStage.crossCutting
let capabilitiesPerStage = 30

/// A catalog shaped like the real one: each service belongs to a stage, meets a few of that
/// stage's capabilities (popular ones more often), sometimes one of another stage, and carries
/// the usual objectives, constraints and shortcomings.
func catalog(size: Int, seed: UInt64) -> KnowledgeBase {
    var random = SeededGenerator(seed: seed)
    var tags: [String: Tag] = [:]
    for stage in allStages {
        for index in 0..<capabilitiesPerStage { tags["\(stage)-cap-\(index)"] = Tag(id: "\(stage)-cap-\(index)", kind: .requirement) }
    }
    for id in ["offline", "edge", "real-time", "no-infra-management"] { tags[id] = Tag(id: id, kind: .constraint) }
    tags["offline"]?.implies = ["edge"]
    for id in ["least-effort", "most-cost-effective", "lowest-latency"] { tags[id] = Tag(id: id, kind: .objective) }
    for id in ["text", "image", "audio", "tabular", "time-series", "video"] { tags[id] = Tag(id: id, kind: .modality) }
    let modalities = ["text", "image", "audio", "tabular", "time-series", "video"]
    func popular(_ stage: String) -> String {
        // Squaring a uniform draw favours low indices: a few capabilities are common, most are rare.
        let u = random.unit()
        return "\(stage)-cap-\(Int(Double(capabilitiesPerStage) * u * u))"
    }
    var services: [String: Service] = [:]
    for index in 0..<size {
        let stage = allStages[Int(random.next() % UInt64(allStages.count))]
        var provides: [String: Strength] = [:]
        let count = 2 + Int(random.next() % 5)
        for _ in 0..<count {
            let from = random.unit() < 0.2 ? allStages[Int(random.next() % UInt64(allStages.count))] : stage
            provides[popular(from)] = random.unit() < 0.7 ? .full : .partial
        }
        if random.unit() < 0.4 { provides["no-infra-management"] = .full }
        if random.unit() < 0.3 { provides["least-effort"] = random.unit() < 0.5 ? .full : .partial }
        if random.unit() < 0.15 { provides["most-cost-effective"] = .full }
        if random.unit() < 0.1 { provides["real-time"] = .full }
        if random.unit() < 0.3 { provides[modalities[Int(random.next() % 6)]] = .full }
        if stage == "edge" && random.unit() < 0.5 { provides["offline"] = .full; provides["edge"] = .full }
        var violates: [Shortcoming] = [], weakAt: [Shortcoming] = []
        if random.unit() < 0.1 { violates.append(Shortcoming(tag: "real-time", because: "It works in batches.")) }
        if random.unit() < 0.1 { weakAt.append(Shortcoming(tag: popular(stage), because: "Only a little of it.")) }
        if random.unit() < 0.1 { weakAt.append(Shortcoming(tag: "least-effort", because: "Someone has to run it.")) }
        let id = "aws.generated-\(index)"
        services[id] = Service(id: id, name: "Generated \(index)", provider: .aws, category: stage, stage: stage,
                               provides: provides, violates: violates, weakAt: weakAt)
    }
    let rules = [
        PreferenceRule(id: "managed-first", when: [], whenAny: ["least-effort"], prefer: Array(services.keys.sorted().prefix(5)),
                       weight: 1.0, because: "Managed services win when effort matters."),
        PreferenceRule(id: "avoid-batch", when: ["real-time"], penalize: Array(services.keys.sorted().suffix(5)),
                       weight: 1.0, because: "Batch components cannot serve real time."),
    ]
    return KnowledgeBase(tags: tags, services: services, rules: rules)
}

/// A need of `count` tags: capabilities across the flow's stages, plus an objective and a
/// constraint from 10 tags on, the way a long scenario states them.
func need(count: Int, seed: UInt64) -> [String] {
    var random = SeededGenerator(seed: seed)
    var result: [String] = []
    if count >= 10 { result += ["least-effort", "no-infra-management"] }
    // A pipeline touches a few stages, not all of them.
    var stages: [String] = []
    while stages.count < 4 {
        let stage = flowStages[Int(random.next() % UInt64(flowStages.count))]
        if !stages.contains(stage) { stages.append(stage) }
    }
    var turn = 0
    while result.count < count {
        let tag = "\(stages[turn % stages.count])-cap-\(Int(random.next() % UInt64(capabilitiesPerStage / 2)))"
        turn += 1
        if !result.contains(tag) { result.append(tag) }
    }
    return result
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// Unbuffered, so a long run shows each row as it is measured.
func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
func value(after flag: String) -> Int? { arguments.firstIndex(of: flag).flatMap { Int(arguments[safe: $0 + 1] ?? "") } }
extension Array { subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil } }
let sizes = value(after: "--services").map { [$0] } ?? (quick ? [300, 3_000] : [300, 3_000, 30_000])
let tagCounts = value(after: "--tags").map { [$0] } ?? [5, 10, 20]
let needsPerCell = quick ? 3 : 9
let clock = ContinuousClock()

emit("| services | tags | median ms | max ms | index ms | candidates after dominance | nodes (mean) | met every need | budget hit |")
emit("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for size in sizes {
    let knowledge = catalog(size: size, seed: 42 &+ UInt64(size))
    var generator: ArchitectureGenerator!
    let indexTime = clock.measure { generator = ArchitectureGenerator(knowledge: knowledge) }
    for count in tagCounts {
        var times: [Double] = []
        var candidates = 0, nodes = 0, complete = 0, exhausted = 0
        for query in 0..<needsPerCell {
            let requirements = generator.requirements(forTags: need(count: count, seed: 7 &+ UInt64(query * 1000 + count)))
            var result: ArchitectureResult!
            let request = ArchitectureRequest(top: 5, maxComponents: value(after: "--max-components") ?? 12)
            let elapsed = clock.measure { result = generator.generate(requirements: requirements, provider: nil, request: request) }
            times.append(milliseconds(elapsed))
            candidates += result.statistics.candidatesAfterDominance
            nodes += result.statistics.nodes
            if let best = result.architectures.first, best.uncovered.isEmpty { complete += 1 }
            if result.statistics.budgetExhausted { exhausted += 1 }
            if arguments.contains("--verbose") {
                emit("  need \(query): \(String(format: "%.1f", milliseconds(elapsed))) ms, \(result.statistics), top: \(result.architectures.map { "\($0.score) \($0.services.joined(separator: "+"))" })")
            }
        }
        times.sort()
        emit(String(format: "| %d | %d | %.1f | %.1f | %.1f | %d | %d | %d/%d | %d |", size, count, times[times.count / 2], times.last!,
                     milliseconds(indexTime), candidates / needsPerCell, nodes / needsPerCell, complete, needsPerCell, exhausted))
    }
}
