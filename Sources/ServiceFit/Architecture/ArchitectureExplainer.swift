import Foundation

/// Turns ranked architectures, their trade-offs and a why-not into sentences.
struct ArchitectureExplainer {
    let knowledge: KnowledgeBase

    private func label(_ tag: String) -> String { knowledge.tags[tag]?.label ?? tag }
    private func name(_ id: String) -> String { knowledge.displayName(of: id) }

    func explain(_ architectures: [Architecture], tradeOff: ArchitectureTradeOff?, whyNot: WhyNot?) -> [String] {
        var sentences: [String] = []
        for architecture in architectures {
            sentences.append(sentence(for: architecture))
        }
        if let tradeOff, architectures.count > 1 {
            sentences.append(sentence(for: tradeOff, runnerUp: architectures[1]))
        }
        if let whyNot {
            sentences.append(sentence(for: whyNot))
        }
        return sentences
    }

    func sentence(for architecture: Architecture) -> String {
        let title = architecture.services.map(name).joined(separator: " + ")
        var clauses: [String] = []
        for component in architecture.components {
            let met = component.meets.map { $0.strength == .full ? label($0.tag) : "\(label($0.tag)) (partly)" }
            clauses.append(met.isEmpty ? "\(component.name) meets nothing asked" : "\(component.name) meets \(list(met))")
        }
        for shortfall in architecture.assessment.violated.sorted(by: { ($0.penalty, $1.by) > ($1.penalty, $0.by) }).prefix(3) {
            let verb = shortfall.severity == .violates ? "rules out" : "is a poor fit for"
            clauses.append("\(name(shortfall.by)) \(verb) \(label(shortfall.tag)) — \(body(shortfall.because))")
        }
        for rule in architecture.assessment.firedRules {
            clauses.append("rule \(rule.id) \(rule.weight > 0 ? "favours" : "counts against") \(name(rule.target))")
        }
        if !architecture.uncovered.isEmpty {
            clauses.append("it leaves \(list(architecture.uncovered.map(label))) unmet")
        }
        let head = "#\(architecture.rank) \(title) (\(architecture.provider.displayName), score \(architecture.score.twoDecimals))"
        return head + ": " + clauses.joined(separator: "; ") + "."
    }

    func sentence(for tradeOff: ArchitectureTradeOff, runnerUp: Architecture) -> String {
        var clauses: [String] = []
        if !tradeOff.winnerOnly.isEmpty || !tradeOff.runnerUpOnly.isEmpty {
            let ours = tradeOff.winnerOnly.isEmpty ? "nothing" : list(tradeOff.winnerOnly.map(name))
            let theirs = tradeOff.runnerUpOnly.isEmpty ? "nothing" : list(tradeOff.runnerUpOnly.map(name))
            clauses.append("#1 uses \(ours) where #2 uses \(theirs)")
        }
        if !tradeOff.betterInWinner.isEmpty {
            clauses.append("#1 meets \(list(tradeOff.betterInWinner.map { difference($0, better: \.winner) })) better")
        }
        if !tradeOff.betterInRunnerUp.isEmpty {
            clauses.append("#2 meets \(list(tradeOff.betterInRunnerUp.map { difference($0, better: \.runnerUp) })) better")
        }
        for shortfall in tradeOff.runnerUpShortfalls.prefix(2) {
            clauses.append("in #2 \(name(shortfall.by)) \(shortfall.severity == .violates ? "rules out" : "is a poor fit for") \(label(shortfall.tag)) — \(body(shortfall.because))")
        }
        for shortfall in tradeOff.winnerShortfalls.prefix(2) {
            clauses.append("#1 accepts that \(name(shortfall.by)) \(shortfall.severity == .violates ? "rules out" : "is a poor fit for") \(label(shortfall.tag))")
        }
        if clauses.isEmpty { clauses.append("the two differ only in details the requirements do not weigh") }
        return "Against #2 (\(runnerUp.services.map(name).joined(separator: " + "))), "
            + String(format: "by %.2f: ", tradeOff.scoreDifference) + clauses.joined(separator: "; ") + "."
    }

    private func difference(_ difference: ArchitectureTradeOff.TagDifference, better: KeyPath<ArchitectureTradeOff.TagDifference, MetRequirement?>) -> String {
        guard let met = difference[keyPath: better] else { return label(difference.tag) }
        return "\(label(difference.tag)) (\(name(met.by)))"
    }

    func sentence(for whyNot: WhyNot) -> String {
        let head = "Why not \(name(whyNot.service))"
        guard !whyNot.reasons.isEmpty else { return head + ": svcfit finds no reason; it may simply score lower." }
        return head + ": " + whyNot.reasons.map { body($0.because) }.joined(separator: "; ") + "."
    }

    private func body(_ text: String) -> String {
        var body = text.trimmingWhitespace()
        while body.hasSuffix(".") || body.hasSuffix("。") { body.removeLast() }
        return body
    }

    private func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        case 2: "\(items[0]) and \(items[1])"
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
