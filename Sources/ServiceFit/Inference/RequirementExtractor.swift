/// Turns what the reader found in a question into requirements: negation applied, `implies` closed.
struct RequirementExtractor {
    let knowledge: KnowledgeBase
    let index: KnowledgeIndex

    func requirements(from reading: TextReading, extraTags: [String] = []) -> [Requirement] {
        // A question states a handful of needs: arrays searched in a line beat hashing here.
        var direct: [(id: String, evidence: String)] = []
        // Signals by where they were read: most never complete a set, so their words are quoted
        // only for one that does.
        var signals: [(id: String, at: Int)] = []
        for (position, occurrence) in reading.occurrences.enumerated() {
            guard case let .tag(id) = occurrence.meaning, !direct.contains(where: { $0.id == id }),
                  !signals.contains(where: { $0.id == id }) else { continue }
            if index.tags[id]?.kind == .signal {
                signals.append((id, position))
            } else {
                direct.append((id, occurrence.evidence))
            }
        }
        // A tag its own words did not raise may still be said as a set of observations; the
        // evidence quotes each, in the order the text says them.
        if !signals.isEmpty {
            for (id, sets) in index.raisedBySignals where !direct.contains(where: { $0.id == id }) {
                for set in sets {
                    let said = signals.filter { set.contains($0.id) }
                    guard said.count == set.count else { continue }
                    direct.append((id, said.map { reading.occurrences[$0.at].evidence }.joined(separator: " … ")))
                    break
                }
            }
        }
        var order: [(id: String, evidence: String?)] = direct.map { ($0.id, $0.evidence) }
        // Tags given on the command line have no evidence in the text.
        for id in extraTags where !direct.contains(where: { $0.id == id }) && index.tags[id] != nil { order.append((id, nil)) }
        var result: [Requirement] = []
        var seen: [String] = []
        for (id, evidence) in order where !seen.contains(id) {
            seen.append(id)
            guard let tag = index.tags[id] else { continue }
            result.append(Requirement(tag: id, kind: tag.kind, evidence: evidence, impliedBy: nil,
                                      weight: index.weights.weight(for: tag.kind)))
        }
        // Breadth-first so each implied tag names the nearest stated one.
        var frontier = result.map(\.tag)
        while !frontier.isEmpty {
            var next: [String] = []
            for source in frontier {
                for implied in index.tags[source]?.implies ?? [] where !seen.contains(implied) {
                    seen.append(implied)
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
