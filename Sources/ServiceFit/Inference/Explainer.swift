import Foundation

/// Turns a decision's trace into sentences a learner can follow, in English or Japanese.
/// Facts quoted from the rules (`because:`, `violates:`, `weakAt:`) are given in the explanation's
/// language when the rules have it (`because_ja:` …), else in English.
///
/// A class: an engine keeps one per language and a batch asks it for a sentence per question, so
/// handing it on must not copy the knowledge base and the frames.
final class Explainer: Sendable {
    let knowledge: KnowledgeBase
    let index: KnowledgeIndex
    let language: Language
    /// Chosen once: the frames are many closures, and copying them for every clause added up.
    let words: Wording

    init(knowledge: KnowledgeBase, index: KnowledgeIndex, language: Language = .en) {
        self.knowledge = knowledge
        self.index = index
        self.language = language
        self.words = language == .ja ? .japanese : .english
    }

    func explain(_ decision: Decision) -> [String] {
        var sentences: [String] = []
        sentences.append(requirementsSentence(decision.requirements))
        if let abstention = decision.abstention {
            var sentence = words.abstains(message(for: abstention, architecture: decision.architectures != nil))
            // A lean between options of one score would only be their letter order.
            if !decision.leaning.isEmpty && abstention.reason == .thinMargin && tiedLeadingScore(decision) == nil {
                sentence += words.leans(decision.leaning.joined(separator: ", "))
            }
            sentences.append(sentence)
        }
        return sentences + candidateSentences(decision, limit: Int.max)
    }

    /// The score, as shown, of the one option leant towards when another option shows the same
    /// score: the options that show it tie. Nil when the lead stands alone, or the pick is a set
    /// (a choose-two pick names two leaders of its own).
    private func tiedLeadingScore(_ decision: Decision) -> String? {
        guard decision.leaning.count == 1, let lead = decision.candidates.first(where: { $0.letter == decision.leaning[0] }) else { return nil }
        let shown = lead.score.twoDecimals
        return decision.candidates.contains { $0.letter != lead.letter && $0.score.twoDecimals == shown } ? shown : nil
    }

    /// The sentence about the pick (or the picked set together) that `explain` writes first after
    /// the requirements when the engine does not abstain; nil when there is no candidate.
    func pickSentence(_ decision: Decision) -> String? {
        candidateSentences(decision, limit: 1).first
    }

    /// The pick first (the set together, then each member, when several are picked), then the
    /// others by score.
    private func candidateSentences(_ decision: Decision, limit: Int) -> [String] {
        var sentences: [String] = []
        let chosen = decision.leaning
        // Only a losing option's sentence lists what it lacks; the pick's alone needs no set.
        var wantedTags: Set<String>?
        func wanted() -> Set<String> {
            if let wantedTags { return wantedTags }
            let tags = Set(decision.requirements.filter { $0.kind != .modality }.map(\.tag))
            wantedTags = tags
            return tags
        }
        // A rule's reason is given in the first sentence that quotes it; later options name it.
        var explainedRules = Set<String>()
        if let combination = decision.combination {
            sentences.append(sentence(for: combination, standing: .best, wanted: wanted, explainedRules: &explainedRules,
                                      subject: words.together(decision.leaning),
                                      members: decision.candidates.filter { decision.leaning.contains($0.letter) }))
        }
        guard sentences.count < limit else { return sentences }
        // Positions, not the candidates: an assessment is many arrays, and copying one retains each.
        let candidates = decision.candidates
        func rank(_ position: Int) -> (Int, Double, String) {
            (chosen.contains(candidates[position].letter) ? 0 : 1, -candidates[position].score, candidates[position].letter)
        }
        func precedes(_ left: Int, _ right: Int) -> Bool { rank(left) < rank(right) }
        let ordered = limit == 1 ? candidates.indices.min(by: precedes).map { [$0] } ?? [] : candidates.indices.sorted(by: precedes)
        // Options whose scores read the same (to the two decimals shown) tie: "A fits best" and
        // "B is weaker" at one score would contradict the numbers beside them.
        let tiedScore = tiedLeadingScore(decision)
        func tiesWithTheLead(_ position: Int) -> Bool { tiedScore.map { candidates[position].score.twoDecimals == $0 } ?? false }
        for position in ordered.prefix(limit - sentences.count) {
            let withoutOptions = candidates.count == 1 && candidates[position].letter.contains(".")
            let standing: Standing = tiesWithTheLead(position) ? .tiedForBest : chosen.contains(candidates[position].letter) ? .best : .weaker
            sentences.append(sentence(for: candidates[position], standing: standing, wanted: wanted,
                                      explainedRules: &explainedRules,
                                      subject: withoutOptions ? candidates[position].text : candidates[position].letter))
        }
        return sentences
    }

    static let shortfallsShown = 4

    /// How a tag is named: its label in English, its first Japanese phrase in Japanese.
    func label(_ tag: String) -> String {
        guard let entry = index.tags[tag] else { return tag }
        return language == .ja ? entry.japaneseLabel : entry.label
    }

    /// Problems are addressed or made worse; other needs are met or not.
    func isProblem(_ tag: String) -> Bool { index.tags[tag]?.kind == .problem }

    func name(_ id: String) -> String {
        guard let component = index.component(id) else { return id }
        return language == .ja ? component.japaneseName : component.displayName
    }

    /// Without options nothing is "an option": an architecture that fits nothing is no service.
    private func message(for abstention: Abstention, architecture: Bool) -> String {
        guard language == .ja else { return abstention.message }
        if architecture, abstention.reason == .nothingFits { return Wording.japaneseNoServiceFits }
        if architecture, abstention.reason == .noRequirements { return Wording.japaneseNoRequirementsInText }
        return Wording.japaneseAbstentions[abstention.reason] ?? abstention.message
    }

    /// Evidence is quoted with the question's words, not its line wrapping: a break between two
    /// characters of a script written without spaces (「リアル⏎タイム」) is dropped, any other
    /// break (with the spaces around it) becomes one space.
    static func foldingLineBreaks(_ text: String) -> String {
        guard text.hasLineBreak else { return text }
        var folded = ""
        var pendingBreak = false
        for character in text {
            if character.isNewline {
                pendingBreak = true
                while folded.last == " " { folded.removeLast() }
                continue
            }
            if pendingBreak {
                if character == " " { continue }
                if let previous = folded.last, previous.isASCII || character.isASCII { folded.append(" ") }
                pendingBreak = false
            }
            folded.append(character)
        }
        return folded
    }

    private func requirementsSentence(_ requirements: [Requirement]) -> String {
        guard !requirements.isEmpty else { return words.noRequirements }
        func quoted(_ requirement: Requirement) -> String {
            words.evidence(label(requirement.tag), Self.foldingLineBreaks(requirement.evidence!),
                           context: requirement.givenBy.map { named($0, as: requirement.givenByWords) })
        }
        let stated = requirements.filter { $0.evidence != nil && $0.kind != .problem }.map(quoted)
        let problems = requirements.filter { $0.evidence != nil && $0.kind == .problem }.map(quoted)
        let implied = requirements.filter { $0.evidence == nil && $0.impliedBy != nil }
            .map { words.impliedFrom(label($0.tag), label($0.impliedBy!)) }
        let given = requirements.filter { $0.evidence == nil && $0.impliedBy == nil && !$0.sharedByOptions }.map { label($0.tag) }
        let shared = requirements.filter(\.sharedByOptions).map { label($0.tag) }
        return words.requirements(stated: list(stated), problems: list(problems), given: list(given), implied: list(implied),
                                  shared: list(shared))
    }

    /// The needs a component meets, named, with "(partly)" where it meets them in part.
    func metList(_ met: [MetRequirement]) -> String {
        list(met.map { $0.strength == .full ? label($0.tag) : words.partly(label($0.tag)) })
    }

    /// `members` are the options of a set judged together, each as judged alone.
    /// Where an option stands among the others, as its sentence's verb says.
    enum Standing {
        case best, tiedForBest, weaker
    }

    private func sentence(for candidate: CandidateAssessment, standing: Standing, wanted: () -> Set<String>,
                          explainedRules: inout Set<String>, subject: String, members: [CandidateAssessment] = []) -> String {
        var clauses: [String] = []
        if !candidate.unknown.isEmpty {
            clauses.append(words.unknown(list(candidate.unknown.map(words.quote))))
        }
        for id in candidate.services {
            // A service closed to new customers is explained by the rule that penalizes it (lint
            // asks for one), which also names what to use instead.
            if let service = index.services[id], let date = service.retired { clauses.append(words.retired(service.displayName, date)) }
        }
        for component in candidate.services + candidate.modifiers {
            var met: [MetRequirement] = [], addressed: [MetRequirement] = []
            for requirement in candidate.met where requirement.by == component {
                if isProblem(requirement.tag) { addressed.append(requirement) } else { met.append(requirement) }
            }
            if !met.isEmpty { clauses.append(words.meets(name(component), metList(met))) }
            if !addressed.isEmpty { clauses.append(words.addresses(name(component), metList(addressed))) }
        }
        // The costliest reasons first; a long tail of small ones would bury them.
        let shortfalls = candidate.violated.sorted { ($0.penalty, $1.by) > ($1.penalty, $0.by) }
        let shown = shortfalls.prefix(Self.shortfallsShown)
        for shortfall in shown {
            clauses.append(words.shortfall(source(of: shortfall), label(shortfall.tag), ruledOut: shortfall.severity == .violates,
                                           problem: isProblem(shortfall.tag), because: sentenceBody(because(of: shortfall))))
        }
        if shortfalls.count > Self.shortfallsShown {
            clauses.append(words.more(shortfalls.count - Self.shortfallsShown))
        }
        // A rule that counts for (or against) several components of one option is one clause that
        // names them all: its reason, repeated per component, buried the rest of the sentence.
        var rules: [(rule: FiredRule, targets: [String])] = []
        for rule in candidate.firedRules {
            if let index = rules.firstIndex(where: { $0.rule.id == rule.id && ($0.rule.weight > 0) == (rule.weight > 0) }) {
                rules[index].targets.append(name(rule.target))
            } else {
                rules.append((rule, [name(rule.target)]))
            }
        }
        for (rule, targets) in rules {
            clauses.append(ruleClause(rule, targets: list(targets), explainedRules: &explainedRules))
        }
        // A need a shortfall clause above already speaks of is not listed again as not provided.
        // The pick is judged the same way when nothing else could be said of it (every option
        // fell short, it least): "A fits best" alone would explain nothing.
        if (standing != .best || clauses.isEmpty), candidate.unknown.isEmpty {
            let missing = wanted().subtracting(candidate.met.map(\.tag)).subtracting(shown.map(\.tag)).sorted()
            let needs = missing.filter { !isProblem($0) }, problems = missing.filter(isProblem)
            if !needs.isEmpty { clauses.append(words.lacks(words.alternatives(needs.map(label)))) }
            if !problems.isEmpty { clauses.append(words.leavesUnaddressed(words.alternatives(problems.map(label)))) }
        }
        if !candidate.idle.isEmpty && !candidate.services.isEmpty && !candidate.met.isEmpty {
            // In a set, a member whose needs another member already meets is no idle part when it
            // meets them on its own: "choose two" often asks for two ways to do one thing.
            var idle: [String] = []
            // Not said of a component a shortfall clause has just spoken of, nor of the product
            // whose feature meets a need ("BigQuery" beside "BigQuery ML"): both read as noise.
            let criticised = Set(shown.map(\.by))
            let parentsOfMeeting = Set(candidate.met.compactMap { index.component($0.by)?.parent })
            for component in candidate.idle where !criticised.contains(component) && !parentsOfMeeting.contains(component) {
                let alone = members.flatMap { $0.met.filter { $0.by == component } }
                if alone.isEmpty {
                    idle.append(component)
                } else {
                    clauses.append(words.alsoMeets(name(component), metList(alone)))
                }
            }
            if !idle.isEmpty { clauses.append(words.idle(list(idle.map(name)), plural: idle.count > 1)) }
        }
        if candidate.services.isEmpty && candidate.modifiers.isEmpty && candidate.unknown.isEmpty {
            clauses.append(candidate.otherProducts.isEmpty ? words.namesNothing : words.onlyByName(list(candidate.otherProducts)))
        }
        return words.head(subject, standing: standing, score: candidate.score.twoDecimals, clauses: clauses)
    }

    /// The words of the option when they say more than the component's name.
    private func source(of shortfall: Shortfall) -> String { named(shortfall.by, as: shortfall.evidence) }

    /// A component by its name, after the words the text used for it when they are something else
    /// (a former name, an alias, a loose spelling): “EMR クラスター” (Amazon EMR).
    private func named(_ id: String, as words: String?) -> String {
        let componentName = name(id)
        guard let words, TextNormalizer.normalize(words) != TextNormalizer.normalize(componentName) else { return componentName }
        return "\(self.words.quote(words)) (\(componentName))"
    }

    /// The shortfall's fact in the explanation's language, from the component that has it.
    func because(of shortfall: Shortfall) -> String {
        guard language != .en else { return shortfall.because }
        let component = index.component(shortfall.by)
        let shortcomings = shortfall.severity == .violates ? component?.violates : component?.weakAt
        if let shortcoming = shortcomings?.first(where: { $0.tag == shortfall.tag }) { return shortcoming.because(in: language) }
        // Not a written fact: the component is built for a tag that `conflicts` with the need.
        let provides = component?.provides ?? [:]
        if let opposite = provides.filter({ $0.value == .full }).map(\.key).sorted()
            .first(where: { index.tags[$0]?.conflicts.contains(shortfall.tag) ?? false }) {
            return words.builtForOpposite(label(opposite), label(shortfall.tag))
        }
        return shortfall.because
    }

    /// A fired rule's clause: with its reason the first time an explanation quotes the rule, and
    /// pointing back to it after that (options and architectures alike).
    func ruleClause(_ rule: FiredRule, targets: String, explainedRules: inout Set<String>) -> String {
        explainedRules.insert(rule.id).inserted
            ? words.rule(rule.id, targets, favours: rule.weight > 0, because: sentenceBody(because(of: rule)))
            : words.ruleAgain(rule.id, targets, rule.weight > 0)
    }

    func because(of fired: FiredRule) -> String {
        guard language != .en else { return fired.because }
        return knowledge.rules.first { $0.id == fired.id }?.because(in: language) ?? fired.because
    }

    /// A `because:` sentence inside a longer one: no final full stop.
    func sentenceBody(_ text: String) -> String {
        var body = text.trimmingWhitespace()
        while body.hasSuffix(".") || body.hasSuffix("。") { body.removeLast() }
        return body
    }

    func list(_ items: [String]) -> String { words.list(items) }
}

/// The sentence frames of one language.
struct Wording: Sendable {
    var quote: @Sendable (String) -> String
    var list: @Sendable ([String]) -> String
    /// A list that a negation governs: "does not provide X or Y", where "X and Y" would read as
    /// "not both".
    var alternatives: @Sendable ([String]) -> String
    var noRequirements: String
    var evidence: @Sendable (_ label: String, _ text: String, _ context: String?) -> String
    var impliedFrom: @Sendable (_ label: String, _ source: String) -> String
    var requirements: @Sendable (_ stated: String, _ problems: String, _ given: String, _ implied: String, _ shared: String) -> String
    var abstains: @Sendable (String) -> String
    var leans: @Sendable (String) -> String
    var together: @Sendable ([String]) -> String
    var unknown: @Sendable (String) -> String
    var meets: @Sendable (_ component: String, _ tags: String) -> String
    var addresses: @Sendable (_ component: String, _ problems: String) -> String
    var partly: @Sendable (String) -> String
    var shortfall: @Sendable (_ source: String, _ tag: String, _ ruledOut: Bool, _ problem: Bool, _ because: String) -> String
    var more: @Sendable (Int) -> String
    var rule: @Sendable (_ id: String, _ target: String, _ favours: Bool, _ because: String) -> String
    /// The same rule in a later option of the same explanation, its reason already given.
    var ruleAgain: @Sendable (_ id: String, _ target: String, _ favours: Bool) -> String
    var lacks: @Sendable (String) -> String
    var leavesUnaddressed: @Sendable (String) -> String
    var idle: @Sendable (_ components: String, _ plural: Bool) -> String
    var alsoMeets: @Sendable (_ component: String, _ tags: String) -> String
    var retired: @Sendable (_ service: String, _ date: String) -> String
    var namesNothing: String
    var builtForOpposite: @Sendable (_ builtFor: String, _ need: String) -> String
    var onlyByName: @Sendable (String) -> String
    var head: @Sendable (_ subject: String, _ standing: Explainer.Standing, _ score: String, _ clauses: [String]) -> String

    func shortfall(_ source: String, _ tag: String, ruledOut: Bool, problem: Bool, because: String) -> String {
        shortfall(source, tag, ruledOut, problem, because)
    }
    func rule(_ id: String, _ target: String, favours: Bool, because: String) -> String { rule(id, target, favours, because) }
    func evidence(_ label: String, _ text: String, context: String?) -> String { evidence(label, text, context) }
    func requirements(stated: String, problems: String, given: String, implied: String, shared: String) -> String {
        requirements(stated, problems, given, implied, shared)
    }
    func idle(_ components: String, plural: Bool) -> String { idle(components, plural) }
    func head(_ subject: String, standing: Explainer.Standing, score: String, clauses: [String]) -> String { head(subject, standing, score, clauses) }

    static let english = Wording(
        quote: { "“\($0)”" },
        list: { Wording.series($0, " and ") },
        alternatives: { Wording.series($0, " or ") },
        noRequirements: "The question states no requirement svcfit recognises.",
        evidence: { label, text, context in "\(label) (“\(text)”\(context.map { ", already given by \($0) named in the question" } ?? ""))" },
        impliedFrom: { "\($0) (from \($1))" },
        requirements: { stated, problems, given, implied, shared in
            var parts: [String] = []
            if !stated.isEmpty { parts.append("The question asks for " + stated) }
            if !problems.isEmpty { parts.append((parts.isEmpty ? "The question describes " : "it describes ") + problems) }
            if !given.isEmpty { parts.append((parts.isEmpty ? "The question is given " : "is given ") + given) }
            if !implied.isEmpty { parts.append((parts.isEmpty ? "The question implies " : "which implies ") + implied) }
            if !shared.isEmpty { parts.append((parts.isEmpty ? "The options" : "the options") + " all involve " + shared) }
            return parts.joined(separator: "; ") + "."
        },
        abstains: { "svcfit abstains: \($0)." },
        leans: { " It leans towards \($0)." },
        together: { "Together, " + $0.joined(separator: " and ") },
        unknown: { "it names \($0), which is no real AWS or Google Cloud product, so it cannot be right" },
        meets: { Wording.concatenated($0, " meets ", $1) },
        addresses: { Wording.concatenated($0, " addresses ", $1) },
        partly: { Wording.concatenated($0, " (partly)") },
        shortfall: { source, tag, ruledOut, problem, because in
            let verb = problem ? (ruledOut ? "makes" : "does little for") : (ruledOut ? "rules out" : "is a poor fit for")
            return "\(source) \(verb) \(tag)\(problem && ruledOut ? " worse" : "") — \(because)"
        },
        more: { $0 == 1 ? "and 1 smaller shortcoming" : "and \($0) smaller shortcomings" },
        rule: { id, target, favours, because in "rule \(id) \(favours ? "favours" : "counts against") \(target) — \(because)" },
        ruleAgain: { id, target, favours in "rule \(id) \(favours ? "favours" : "counts against") \(target) (reason above)" },
        lacks: { "it does not provide \($0)" },
        leavesUnaddressed: { "it does not address \($0)" },
        idle: { components, plural in "\(components) add\(plural ? "" : "s") nothing the question asks for" },
        alsoMeets: { Wording.concatenated($0, " also meets ", $1, " on its own") },
        retired: { "\($0) was retired (\($1))" },
        namesNothing: "it names no service svcfit knows",
        builtForOpposite: { "it is built for \($0), the opposite of \($1)" },
        onlyByName: { "it names only \($0), which svcfit knows by name but not by what it is for" },
        head: { subject, standing, score, clauses in
            // Every agreement in a batch report gets this sentence: appended once into one buffer
            // rather than interpolated and concatenated piece by piece.
            let verb = switch standing {
            case .best: subject.hasPrefix("Together, ") ? " fit best (score " : " fits best (score "
            case .tiedForBest: " ties for best (score "
            case .weaker: " is weaker (score "
            }
            return Wording.sentence(subject, verb, score, clauses, opening: "): ", separator: "; ", closing: ".")
        })

    static let japanese = Wording(
        quote: { "「\($0)」" },
        list: { $0.joined(separator: "、") },
        alternatives: { $0.joined(separator: "、") },
        noRequirements: "問題文から svcfit が認識できる要件はありません。",
        evidence: { label, text, context in "\(label)(「\(text)」\(context.map { "。問題文にある \($0) で既に満たされている" } ?? ""))" },
        impliedFrom: { "\($0)(\($1)から)" },
        requirements: { stated, problems, given, implied, shared in
            var parts: [String] = []
            if !stated.isEmpty { parts.append("問題文の要件: " + stated) }
            if !problems.isEmpty { parts.append("問題文の課題: " + problems) }
            if !given.isEmpty { parts.append("指定された要件: " + given) }
            if !implied.isEmpty { parts.append("そこから導かれる要件: " + implied) }
            if !shared.isEmpty { parts.append("選択肢に共通する処理: " + shared) }
            return parts.joined(separator: "。") + "。"
        },
        abstains: { "svcfit は回答を保留します: \($0)。" },
        leans: { " 強いて選ぶなら \($0) です。" },
        together: { $0.joined(separator: " と ") + " の組み合わせ" },
        unknown: { "\($0) は実在する AWS / Google Cloud の製品ではないため、正解になりえません" },
        meets: { Wording.concatenated($0, " が ", $1, " を満たします") },
        addresses: { Wording.concatenated($0, " が ", $1, " に対処します") },
        partly: { Wording.concatenated($0, "(一部)") },
        shortfall: { source, tag, ruledOut, problem, because in
            let verb = problem ? (ruledOut ? "を悪化させます" : "への対処に向きません") : (ruledOut ? "を満たせません" : "に不向きです")
            return "\(source) は \(tag) \(verb) — \(because)"
        },
        more: { "ほか軽微な欠点が \($0) 件" },
        rule: { id, target, favours, because in "ルール \(id) が \(target) に\(favours ? "有利" : "不利")に働きます — \(because)" },
        ruleAgain: { id, target, favours in "ルール \(id) が \(target) に\(favours ? "有利" : "不利")に働きます(理由は前述)" },
        lacks: { "\($0) を提供しません" },
        leavesUnaddressed: { "\($0) に対処しません" },
        idle: { components, _ in "\(components) は要件に何も寄与しません" },
        alsoMeets: { Wording.concatenated($0, " も単独で ", $1, " を満たします") },
        retired: { "\($0) は提供終了しています(\($1))" },
        namesNothing: "svcfit が知っているサービスを挙げていません",
        builtForOpposite: { "\($0) 向けに作られており、\($1) とは正反対" },
        onlyByName: { "\($0) は名前しか分からず、用途の知識がありません" },
        head: { subject, standing, score, clauses in
            let verb = switch standing {
            case .best: " が最適(スコア "
            case .tiedForBest: " が同点で最上位(スコア "
            case .weaker: " が劣ります(スコア "
            }
            return Wording.sentence(subject, verb, score, clauses, opening: "): ", separator: "。", closing: "。")
        })

    /// "a", "a and b", "a, b and c" with `conjunction` before the last.
    private static func series(_ items: [String], _ conjunction: String) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        case 2: concatenated(items[0], conjunction, items[1])
        default:
            // Not `dropLast().joined`: joining a slice goes through unspecialised generic code.
            items.indices.reduce(into: "") { text, position in
                if position > 0 { text += position == items.count - 1 ? conjunction : ", " }
                text += items[position]
            }
        }
    }

    /// The parts in one buffer: the pick's sentence of every agreement in a batch is made of these
    /// few words, and interpolating them cost several times more.
    private static func concatenated(_ parts: String...) -> String {
        var text = ""
        text.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count })
        for part in parts { text += part }
        return text
    }

    /// `subject verb score)` then the clauses, or `subject verb score)` and the closing mark alone.
    private static func sentence(_ subject: String, _ verb: String, _ score: String, _ clauses: [String],
                                 opening: String, separator: String, closing: String) -> String {
        var length = subject.utf8.count + verb.utf8.count + score.utf8.count + opening.utf8.count + closing.utf8.count
        for clause in clauses { length += clause.utf8.count + separator.utf8.count }
        var sentence = ""
        sentence.reserveCapacity(length)
        sentence += subject
        sentence += verb
        sentence += score
        // One exit: Swift 6.3's optimiser dropped the final `+= closing` in release builds when the
        // no-clause case returned early with its own. Tests run in debug, so `.ci/run` compares the
        // release build's reports with the debug build's.
        if clauses.isEmpty {
            sentence += ")"
        } else {
            sentence += opening
            for (number, clause) in clauses.enumerated() {
                if number > 0 { sentence += separator }
                sentence += clause
            }
        }
        sentence += closing
        return sentence
    }

    static let japaneseAbstentions: [Abstention.Reason: String] = [
        .noServiceNamed: "どの選択肢もサービスや構成方法を挙げていないため、サービス選択の問題ではありません",
        .outOfScope: "選択肢は svcfit が名前しか知らない製品だけを挙げています",
        .noRequirements: "問題文に svcfit の知識で認識できる要件がありません",
        .thinMargin: "上位の選択肢の差が小さすぎ、根拠が不十分です",
        .nothingFits: "どの選択肢も要件を満たしません",
    ]
    static let japaneseNoServiceFits = "知識ベースのどのサービスもこれらの要件を満たしません"
    static let japaneseNoRequirementsInText = "文章に svcfit の知識で認識できる要件がありません"
}
