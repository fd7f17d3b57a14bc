import ArgumentParser
import Foundation
import ServiceFit

struct Ask: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Which service fits a scenario: pick among options, or name services when there are none.")

    @Argument(help: "The scenario text, in English or Japanese.")
    var text: String

    @Option(name: .customLong("option"), help: "An answer option as LETTER=TEXT; repeat for each option.")
    var options: [String] = []

    @Option(help: "Extra requirement tags, comma-separated.")
    var tags: String?

    @Option(help: "Only consider one provider: aws, gcp or any.")
    var provider: String?

    @Option(help: "Without options: how many ranked architectures to show.")
    var top: Int = 3

    @Option(help: "Without options: a service never to use (id or name); repeat for more.")
    var avoid: [String] = []

    @Option(name: .customLong("require"), help: "Without options: a service every architecture must contain; repeat for more.")
    var required: [String] = []

    @Option(name: .customLong("why-not"), help: "Without options: explain why this service is not in the top architecture.")
    var whyNot: String?

    @Option(help: "Output format: text, json, mermaid or dot (mermaid and dot draw the top architecture).")
    var format: AskFormat = .text

    @Option(name: .customLong("explain-in"), help: "Language of the explanation: en or ja (default: the question's language).")
    var explainIn: String?

    @OptionGroup var rulesOptions: RulesOptions

    func validate() throws {
        if let explainIn, Language(rawValue: explainIn) == nil {
            throw ValidationError("--explain-in must be en or ja, not `\(explainIn)`")
        }
        for option in options where !option.contains("=") {
            throw ValidationError("--option must look like A=text, not `\(option)`")
        }
        if let provider, provider != "any", Provider(rawValue: provider) == nil {
            throw ValidationError("--provider must be aws, gcp or any, not `\(provider)`")
        }
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if !options.isEmpty && (!avoid.isEmpty || !required.isEmpty || whyNot != nil || format == .mermaid || format == .dot) {
            throw ValidationError("--avoid, --require, --why-not and --format mermaid|dot apply only without --option")
        }
    }

    func run() throws {
        let engine = try rulesOptions.loadEngine()
        let parsedOptions = options.map { option -> OptionText in
            let parts = option.split(separator: "=", maxSplits: 1)
            return OptionText(letter: parts[0].trimmingCharacters(in: .whitespaces).uppercased(), text: String(parts[1]))
        }
        let extraTags = (tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if let unknown = extraTags.first(where: { engine.knowledge.tags[$0] == nil }) {
            throw ValidationError("unknown tag `\(unknown)` in --tags")
        }
        if let signal = extraTags.first(where: { engine.knowledge.tags[$0]?.kind == .signal }) {
            throw ValidationError("`\(signal)` in --tags is a signal, no need of its own: give the tag it raises (svcfit explain \(signal))")
        }
        let question = Question(id: "ask", text: text, options: parsedOptions)
        var decisionOptions = DecisionOptions(extraTags: extraTags, provider: provider.flatMap(Provider.init))
        let knowledge = engine.knowledge
        decisionOptions.architecture = ArchitectureRequest(
            top: top, avoid: try avoid.map { try resolveService($0, in: knowledge).id },
            require: try required.map { try resolveService($0, in: knowledge).id },
            whyNot: try whyNot.map { try resolveService($0, in: knowledge).id })
        // `--provider any`: both clouds even when the text names one.
        decisionOptions.architecture.anyProvider = provider == "any"
        decisionOptions.explanationLanguage = explainIn.flatMap(Language.init)
        let decision = engine.decide(question, options: decisionOptions)
        switch format {
        case .json: print(Terminal.json(decision))
        case .text: print(render(decision, knowledge: knowledge,
                                  language: engine.explanationLanguage(for: question, options: decisionOptions)))
        case .mermaid, .dot:
            guard let best = decision.architectures?.first, !decision.picked.isEmpty else {
                Terminal.printError("svcfit: nothing to draw: " + (decision.abstention?.message ?? "no architecture"))
                throw ExitCode(1)
            }
            let diagram: any ArchitectureDiagram = format == .mermaid ? MermaidDiagram() : DOTDiagram()
            print(diagram.render(best, knowledge: knowledge))
        }
    }

    /// The headline follows the explanation's language too; a Japanese abstention's reason is the
    /// explanation's own sentence below it, in Japanese.
    private func render(_ decision: Decision, knowledge: KnowledgeBase, language: Language) -> String {
        var lines: [String] = []
        let japanese = language == .ja
        if decision.picked.isEmpty {
            lines.append(japanese ? Terminal.yellow("回答を保留") : Terminal.yellow("Abstain") + ": " + (decision.abstention?.message ?? ""))
        } else {
            let names = decision.picked.map { pick in
                knowledge.services[pick]?.name ?? decision.candidates.first { $0.letter == pick }.map { "\(pick) — \($0.text)" } ?? pick
            }
            // An architecture that ties with a different choice is the first of equals, and says so.
            let tie = decision.tradeOff.flatMap { $0.scoreDifference == 0 ? $0.runnerUpRank : nil }
                .map { japanese ? "、#\($0) と同点" : ", tied with #\($0)" } ?? ""
            lines.append(Terminal.bold(Terminal.green(japanese ? "選択: " : "Pick: ")) + Terminal.bold(names.joined(separator: "; "))
                         + Terminal.dim(String(format: japanese ? "  (確信度 %.2f" : "  (confidence %.2f", decision.confidence) + tie + ")"))
        }
        lines.append("")
        // The why-not sentence closes the explanation; the block below lists its reasons one by one.
        let sentences = decision.whyNot == nil ? decision.explanation : Array(decision.explanation.dropLast())
        for sentence in sentences { lines.append("• " + sentence) }
        if let whyNot = decision.whyNot { lines += renderWhyNot(whyNot, knowledge: knowledge, japanese: language == .ja) }
        return lines.joined(separator: "\n")
    }

    /// The reasons come in the explanation's language; the headings follow it.
    private func renderWhyNot(_ whyNot: WhyNot, knowledge: KnowledgeBase, japanese: Bool) -> [String] {
        let service = knowledge.displayName(of: whyNot.service)
        var lines = ["", Terminal.bold(japanese ? "\(service) を選ばない理由:" : "Why not \(service):")]
        for reason in whyNot.reasons {
            let price = reason.penalty.map { String(format: " (−%.2f)", $0) } ?? ""
            lines.append("  − [\(reason.kind.rawValue)] \(reason.because)\(Terminal.dim(price))")
        }
        if let with = whyNot.bestWith {
            lines.append((japanese ? "  これを含む最良の構成: " : "  Best architecture with it: ") + with.services.map(knowledge.displayName).joined(separator: " + ")
                         + String(format: japanese ? "(スコア %.2f)" : " (score %.2f)", with.score))
        }
        return lines
    }
}

enum AskFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, mermaid, dot
}
