import Foundation

/// Turns a decision's trace into sentences a learner can follow.
struct Explainer {
    let knowledge: KnowledgeBase

    func explain(_ decision: Decision) -> [String] {
        var sentences: [String] = []
        sentences.append(requirementsSentence(decision.requirements))
        if let abstention = decision.abstention {
            var sentence = "svcfit abstains: \(abstention.message)."
            if !decision.leaning.isEmpty && abstention.reason == .thinMargin {
                sentence += " It leans towards \(decision.leaning.joined(separator: ", "))."
            }
            sentences.append(sentence)
        }
        let chosen = Set(decision.leaning)
        let ordered = decision.candidates.sorted { lhs, rhs in
            (chosen.contains(lhs.letter) ? 0 : 1, -lhs.score, lhs.letter) < (chosen.contains(rhs.letter) ? 0 : 1, -rhs.score, rhs.letter)
        }
        let wanted = Set(decision.requirements.filter { $0.kind != .modality }.map(\.tag))
        if let combination = decision.combination {
            var together = sentence(for: combination, winning: true, wanted: wanted, withoutOptions: false)
            together = "Together, " + together.replacingOccurrences(of: "\(combination.letter) fits best", with: "\(decision.leaning.joined(separator: " and ")) fit best")
            sentences.append(together)
        }
        for candidate in ordered {
            sentences.append(sentence(for: candidate, winning: chosen.contains(candidate.letter), wanted: wanted,
                                      withoutOptions: decision.candidates.count == 1 && candidate.letter.contains(".")))
        }
        return sentences
    }

    static let shortfallsShown = 4

    private func label(_ tag: String) -> String { knowledge.tags[tag]?.label ?? tag }

    private func name(_ id: String) -> String { knowledge.displayName(of: id) }

    private func requirementsSentence(_ requirements: [Requirement]) -> String {
        guard !requirements.isEmpty else { return "The question states no requirement svcfit recognises." }
        let stated = requirements.filter { $0.evidence != nil }.map { requirement in
            let context = requirement.givenBy.map { ", already given by \(name($0)) named in the question" } ?? ""
            return "\(label(requirement.tag)) (“\(requirement.evidence!)”\(context))"
        }
        let implied = requirements.filter { $0.evidence == nil && $0.impliedBy != nil }
            .map { "\(label($0.tag)) (from \(label($0.impliedBy!)))" }
        let given = requirements.filter { $0.evidence == nil && $0.impliedBy == nil && !$0.sharedByOptions }.map { label($0.tag) }
        let shared = requirements.filter(\.sharedByOptions).map { label($0.tag) }
        var parts: [String] = []
        if !stated.isEmpty { parts.append("The question asks for " + list(stated)) }
        if !given.isEmpty { parts.append((parts.isEmpty ? "The question is given " : "is given ") + list(given)) }
        if !implied.isEmpty { parts.append((parts.isEmpty ? "The question implies " : "which implies ") + list(implied)) }
        if !shared.isEmpty { parts.append((parts.isEmpty ? "The options" : "the options") + " all involve " + list(shared)) }
        return parts.joined(separator: "; ") + "."
    }

    private func sentence(for candidate: CandidateAssessment, winning: Bool, wanted: Set<String>, withoutOptions: Bool) -> String {
        let subject = withoutOptions ? candidate.text : candidate.letter
        var clauses: [String] = []
        if !candidate.unknown.isEmpty {
            clauses.append("it names \(list(candidate.unknown.map { "“\($0)”" })), which is no real AWS or Google Cloud product, so it cannot be right")
        }
        let byComponent = Dictionary(grouping: candidate.met, by: \.by)
        for component in candidate.services + candidate.modifiers {
            guard let met = byComponent[component], !met.isEmpty else { continue }
            clauses.append("\(name(component)) meets \(list(met.map { $0.strength == .full ? label($0.tag) : "\(label($0.tag)) (partly)" }))")
        }
        // The costliest reasons first; a long tail of small ones would bury them.
        let shortfalls = candidate.violated.sorted { ($0.penalty, $1.by) > ($1.penalty, $0.by) }
        for shortfall in shortfalls.prefix(Self.shortfallsShown) {
            let verb = shortfall.severity == .violates ? "rules out" : "is a poor fit for"
            clauses.append("\(source(of: shortfall)) \(verb) \(label(shortfall.tag)) — \(sentenceBody(shortfall.because))")
        }
        if shortfalls.count > Self.shortfallsShown {
            clauses.append("and \(shortfalls.count - Self.shortfallsShown) smaller shortcomings")
        }
        for rule in candidate.firedRules {
            let direction = rule.weight > 0 ? "favours" : "counts against"
            clauses.append("rule \(rule.id) \(direction) \(name(rule.target)) — \(sentenceBody(rule.because))")
        }
        let missing = wanted.subtracting(candidate.met.map(\.tag)).sorted()
        if !winning, !missing.isEmpty, candidate.unknown.isEmpty {
            clauses.append("it does not provide \(list(missing.map(label)))")
        }
        if !candidate.idle.isEmpty && !(candidate.services.isEmpty) && candidate.met.isEmpty == false {
            clauses.append("\(list(candidate.idle.map(name))) add\(candidate.idle.count == 1 ? "s" : "") nothing the question asks for")
        }
        if candidate.services.isEmpty && candidate.modifiers.isEmpty && candidate.unknown.isEmpty {
            clauses.append(candidate.otherProducts.isEmpty
                ? "it names no service svcfit knows"
                : "it names only \(list(candidate.otherProducts)), which svcfit knows by name but not by what it is for")
        }
        let head = winning
            ? "\(subject) fits best (score \(format(candidate.score)))"
            : "\(subject) is weaker (score \(format(candidate.score)))"
        return head + (clauses.isEmpty ? "." : ": " + clauses.joined(separator: "; ") + ".")
    }

    /// The words of the option when they say more than the component's name.
    private func source(of shortfall: Shortfall) -> String {
        let componentName = name(shortfall.by)
        guard let evidence = shortfall.evidence,
              TextNormalizer.normalize(evidence) != TextNormalizer.normalize(componentName) else { return componentName }
        return "“\(evidence)” (\(componentName))"
    }

    /// A `because:` sentence inside a longer one: no final full stop.
    private func sentenceBody(_ text: String) -> String {
        var body = text.trimmingWhitespace()
        while body.hasSuffix(".") || body.hasSuffix("。") { body.removeLast() }
        return body
    }

    private func format(_ score: Double) -> String { String(format: "%.2f", score) }

    private func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        case 2: "\(items[0]) and \(items[1])"
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
