/// Turns what the reader found in a question into requirements: negation applied, `implies` closed.
struct RequirementExtractor {
    let knowledge: KnowledgeBase
    let index: KnowledgeIndex

    func requirements(from reading: TextReading, extraTags: [String] = []) -> [Requirement] {
        var direct: [String: String] = [:]
        var order: [String] = []
        for occurrence in reading.occurrences(in: .requirements) {
            guard case let .tag(id) = occurrence.meaning, direct[id] == nil else { continue }
            direct[id] = occurrence.evidence
            order.append(id)
        }
        // Tags given on the command line have no evidence in the text.
        order += extraTags.filter { direct[$0] == nil && index.tags[$0] != nil }
        var result: [Requirement] = []
        var seen = Set<String>()
        for id in order where seen.insert(id).inserted {
            guard let tag = index.tags[id] else { continue }
            result.append(Requirement(tag: id, kind: tag.kind, evidence: direct[id], impliedBy: nil,
                                      weight: index.weights.weight(for: tag.kind)))
        }
        // Breadth-first so each implied tag names the nearest stated one.
        var frontier = result.map(\.tag)
        while !frontier.isEmpty {
            var next: [String] = []
            for source in frontier {
                for implied in index.tags[source]?.implies ?? [] where seen.insert(implied).inserted {
                    guard let tag = index.tags[implied] else { continue }
                    result.append(Requirement(
                        tag: implied, kind: tag.kind, evidence: nil, impliedBy: source,
                        weight: index.weights.weight(for: tag.kind) * index.weights.implied))
                    next.append(implied)
                }
            }
            frontier = next
        }
        return result
    }

    /// "Choose two" → 2; defaults to 1.
    func selectCount(from reading: TextReading) -> Int? {
        reading.occurrences(in: .selectCount).compactMap {
            if case let .selectCount(count) = $0.meaning { return count }
            return nil
        }.max()
    }
}
