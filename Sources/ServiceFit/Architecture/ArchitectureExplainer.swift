import Foundation

/// Turns ranked architectures, their trade-offs and a why-not into sentences, in the language of
/// the explainer it is given: names, tag labels and the rules' facts come from it, so an
/// architecture reads like an option's explanation in either language.
struct ArchitectureExplainer {
    let explainer: Explainer

    private var japanese: Bool { explainer.language == .ja }
    private func label(_ tag: String) -> String { explainer.label(tag) }
    private func name(_ id: String) -> String { explainer.name(id) }

    func explain(_ architectures: [Architecture], tradeOff: ArchitectureTradeOff?, whyNot: WhyNot?) -> [String] {
        var sentences: [String] = []
        var explainedRules = Set<String>()
        for architecture in architectures {
            sentences.append(sentence(for: architecture, explainedRules: &explainedRules))
        }
        if let tradeOff, let winner = architectures.first {
            let variants = architectures.filter { $0.rank > winner.rank && $0.rank < tradeOff.runnerUpRank }
            if !variants.isEmpty { sentences.append(variantsSentence(variants)) }
            sentences.append(sentence(for: tradeOff))
        }
        if let whyNot {
            sentences.append(sentence(for: whyNot))
        }
        return sentences
    }

    /// A rule's reason is given the first time it fires (in rank order), as an option answer
    /// gives it; after that, the rule is named with its reason said to be above.
    func sentence(for architecture: Architecture, explainedRules: inout Set<String>) -> String {
        let title = architecture.services.map(name).joined(separator: " + ")
        var clauses: [String] = []
        for component in architecture.components {
            // A problem (hallucinations, a hot partition) is addressed, not met, as option answers say.
            let met = component.meets.filter { !explainer.isProblem($0.tag) }
            let addressed = component.meets.filter { explainer.isProblem($0.tag) }
            let subject = name(component.id)
            if met.isEmpty && addressed.isEmpty {
                clauses.append(japanese ? "\(subject) は要件に何も寄与しません" : "\(subject) meets nothing asked")
                continue
            }
            if !met.isEmpty { clauses.append(explainer.words.meets(subject, explainer.metList(met))) }
            if !addressed.isEmpty { clauses.append(explainer.words.addresses(subject, explainer.metList(addressed))) }
        }
        let shortfalls = architecture.assessment.violated.sorted(by: { ($0.penalty, $1.by) > ($1.penalty, $0.by) }).prefix(3)
        for shortfall in shortfalls {
            clauses.append(shortfallSentence(shortfall))
        }
        for rule in architecture.assessment.firedRules {
            clauses.append(explainer.ruleClause(rule, targets: name(rule.target), explainedRules: &explainedRules))
        }
        // A need a shortfall above already speaks of is not said again to be unmet.
        let uncovered = architecture.uncovered.filter { tag in !shortfalls.contains { $0.tag == tag } }
        if !uncovered.isEmpty {
            let unmet = list(uncovered.map(label))
            clauses.append(japanese ? "\(unmet) は満たされません" : "it leaves \(unmet) unmet")
        }
        let score = architecture.score.twoDecimals
        if japanese {
            return "#\(architecture.rank) \(title)(\(architecture.provider.displayName)、スコア \(score)): " + clauses.joined(separator: "。") + "。"
        }
        return "#\(architecture.rank) \(title) (\(architecture.provider.displayName), score \(score)): " + clauses.joined(separator: "; ") + "."
    }

    /// Architectures ranked between the winner and its rival differ from the winner only in
    /// features of the same services (`ArchitectureGenerator.isVariant`).
    func variantsSentence(_ variants: [Architecture]) -> String {
        let ranks = list(variants.map { "#\($0.rank)" })
        if japanese { return "\(ranks) と #1 の違いは同じサービスの機能の有無だけで、要件にそれを選ぶ理由はありません。" }
        return "\(ranks) \(variants.count == 1 ? "differs" : "differ") from #1 only in features of the same services; the need gives no reason to prefer \(variants.count == 1 ? "it" : "them")."
    }

    func sentence(for tradeOff: ArchitectureTradeOff) -> String {
        let rival = "#\(tradeOff.runnerUpRank)"
        var clauses: [String] = []
        if !tradeOff.winnerOnly.isEmpty || !tradeOff.runnerUpOnly.isEmpty {
            let nothing = japanese ? "何も" : "nothing"
            let ours = tradeOff.winnerOnly.isEmpty ? nothing : list(tradeOff.winnerOnly.map(name))
            let theirs = tradeOff.runnerUpOnly.isEmpty ? nothing : list(tradeOff.runnerUpOnly.map(name))
            clauses.append(japanese ? "#1 は \(ours) を、\(rival) は \(theirs) を使います" : "#1 uses \(ours) where \(rival) uses \(theirs)")
        }
        if !tradeOff.betterInWinner.isEmpty {
            let better = list(tradeOff.betterInWinner.map { difference($0, better: \.winner) })
            clauses.append(japanese ? "#1 のほうが \(better) をよく満たします" : "#1 meets \(better) better")
        }
        if !tradeOff.betterInRunnerUp.isEmpty {
            let better = list(tradeOff.betterInRunnerUp.map { difference($0, better: \.runnerUp) })
            clauses.append(japanese ? "\(rival) のほうが \(better) をよく満たします" : "\(rival) meets \(better) better")
        }
        for shortfall in tradeOff.runnerUpShortfalls.prefix(2) {
            clauses.append((japanese ? "\(rival) では " : "in \(rival) ") + shortfallSentence(shortfall))
        }
        for shortfall in tradeOff.winnerShortfalls.prefix(2) {
            let ruledOut = shortfall.severity == .violates, problem = explainer.isProblem(shortfall.tag)
            let english = problem ? (ruledOut ? "makes \(label(shortfall.tag)) worse" : "does little for \(label(shortfall.tag))")
                                  : (ruledOut ? "rules out" : "is a poor fit for") + " \(label(shortfall.tag))"
            let japaneseVerb = problem ? (ruledOut ? "を悪化させる" : "への対処に向かない") : (ruledOut ? "を満たせない" : "に不向きな")
            clauses.append(japanese ? "#1 は \(name(shortfall.by)) が \(label(shortfall.tag)) \(japaneseVerb)点を受け入れています"
                                    : "#1 accepts that \(name(shortfall.by)) \(english)")
        }
        if clauses.isEmpty {
            clauses.append(japanese ? "両者の違いは、要件が重視しない細部だけです" : "the two differ only in details the requirements do not weigh")
        }
        let runnerUpTitle = tradeOff.runnerUpServices.map(name).joined(separator: " + ")
        let margin = String(format: "%.2f", tradeOff.scoreDifference)
        if japanese { return "\(rival)(\(runnerUpTitle))との差 \(margin): " + clauses.joined(separator: "。") + "。" }
        return "Against \(rival) (\(runnerUpTitle)), by \(margin): " + clauses.joined(separator: "; ") + "."
    }

    /// "X rules out Y — fact" in the explainer's frame for a shortfall, with the fact in its
    /// language; for a problem tag (overfitting, a hot partition) "X makes Y worse", as option
    /// answers say: a component cannot "rule out" a problem it aggravates.
    private func shortfallSentence(_ shortfall: Shortfall) -> String {
        explainer.words.shortfall(name(shortfall.by), label(shortfall.tag), ruledOut: shortfall.severity == .violates,
                                  problem: explainer.isProblem(shortfall.tag),
                                  because: explainer.sentenceBody(explainer.because(of: shortfall)))
    }

    private func difference(_ difference: ArchitectureTradeOff.TagDifference, better: KeyPath<ArchitectureTradeOff.TagDifference, MetRequirement?>) -> String {
        guard let met = difference[keyPath: better] else { return label(difference.tag) }
        return japanese ? "\(label(difference.tag))(\(name(met.by)))" : "\(label(difference.tag)) (\(name(met.by)))"
    }

    /// The search writes its why-not reasons in English; in Japanese each is written again from
    /// what the reason records (its kind, tag, the other service, the rule, the scores), with the
    /// rules' facts in Japanese where they have them.
    func localized(_ whyNot: WhyNot, winner: Architecture?) -> WhyNot {
        guard japanese else { return whyNot }
        var localized = whyNot
        let service = name(whyNot.service)
        localized.reasons = whyNot.reasons.map { reason in
            var reason = reason
            switch reason.kind {
            case .chosen: reason.because = "\(service) は最適な構成に含まれています。"
            case .otherProvider: reason.because = "\(service) は問題文とは別のクラウドのサービスです。"
            case .avoided: reason.because = "\(service) は --avoid で除外されています。"
            case .retired: reason.because = "\(service) は提供終了しています(\(explainer.knowledge.services[whyNot.service]?.retired ?? ""))。構成の提案には現在利用できるサービスだけを使います。"
            case .closedToNewCustomers: reason.because = "\(service) は新規のお客様の受け付けを終了しています(\(explainer.knowledge.services[whyNot.service]?.closedToNewCustomers ?? "") 以降)。構成の提案には新しく使い始められるサービスだけを使います。"
            case .meetsNoNeed: reason.because = "\(service) は問題文のどの要件も満たしません。"
            case .violates, .weak:
                if let tag = reason.tag {
                    let shortfall = Shortfall(tag: tag, by: whyNot.service, severity: reason.kind == .violates ? .violates : .weak,
                                              because: reason.because, evidence: nil, penalty: reason.penalty ?? 0)
                    reason.because = shortfallSentence(shortfall) + "。"
                }
            case .ruleAgainst:
                if let id = reason.other {
                    let fired = FiredRule(id: id, target: whyNot.service, weight: -(reason.penalty ?? 0), because: reason.because)
                    reason.because = "ルール \(id) が \(service) に不利に働きます — " + explainer.sentenceBody(explainer.because(of: fired)) + "。"
                }
            case .sameNeedMetBy:
                if let tag = reason.tag, let other = reason.other {
                    reason.because = "\(name(other)) がすでに \(label(tag)) を同等以上に満たしています。"
                }
            case .addsNothing: reason.because = "\(service) が満たせる要件は、それを含む最良の構成の他の要素がすべて同等以上に満たしています。"
            case .moreComponents:
                if let with = whyNot.bestWith, let winner {
                    reason.because = "\(service) を含めると、最良の構成でも要素が \(with.services.count) 個(\(with.services.map(name).joined(separator: " + ")))"
                        + "になり、最適な構成の \(winner.services.count) 個より多くなります。"
                }
            case .lowerScore:
                if let with = whyNot.bestWith, let winner {
                    reason.because = String(format: "%@ を含む最良の構成のスコアは %.2f で、最適な構成の %.2f を下回ります。", service, with.score, winner.score)
                }
            }
            return reason
        }
        return localized
    }

    func sentence(for whyNot: WhyNot) -> String {
        let head = japanese ? "\(name(whyNot.service)) を選ばない理由" : "Why not \(name(whyNot.service))"
        guard !whyNot.reasons.isEmpty else {
            return head + (japanese ? ": svcfit には見当たりません。単にスコアが低いだけかもしれません。"
                                    : ": svcfit finds no reason; it may simply score lower.")
        }
        return head + ": " + whyNot.reasons.map { explainer.sentenceBody($0.because) }.joined(separator: japanese ? "。" : "; ")
            + (japanese ? "。" : ".")
    }

    private func list(_ items: [String]) -> String { explainer.list(items) }
}
