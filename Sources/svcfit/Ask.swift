import ArgumentParser
import Foundation
import ServiceFit

struct Ask: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which service fits a scenario: pick among options, or name services when there are none.")

    @Argument(help: "The scenario text, in English or Japanese.")
    var text: String

    @Option(name: .customLong("option"), help: "An answer option as LETTER=TEXT; repeat for each option.")
    var options: [String] = []

    @Option(help: "Extra requirement tags, comma-separated.")
    var tags: String?

    @Option(help: "Only consider one provider: aws or gcp.")
    var provider: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var rulesOptions: RulesOptions

    func validate() throws {
        for option in options where !option.contains("=") {
            throw ValidationError("--option must look like A=text, not `\(option)`")
        }
        if let provider, Provider(rawValue: provider) == nil {
            throw ValidationError("--provider must be aws or gcp, not `\(provider)`")
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
        let question = Question(id: "ask", text: text, options: parsedOptions)
        let decision = engine.decide(question, options: DecisionOptions(extraTags: extraTags, provider: provider.flatMap(Provider.init)))
        switch format {
        case .json: print(Terminal.json(decision))
        case .text: print(render(decision, knowledge: engine.knowledge))
        }
    }

    private func render(_ decision: Decision, knowledge: KnowledgeBase) -> String {
        var lines: [String] = []
        if decision.picked.isEmpty {
            lines.append(Terminal.yellow("Abstain") + ": " + (decision.abstention?.message ?? ""))
        } else {
            let names = decision.picked.map { pick in
                knowledge.services[pick]?.name ?? decision.candidates.first { $0.letter == pick }.map { "\(pick) — \($0.text)" } ?? pick
            }
            lines.append(Terminal.bold(Terminal.green("Pick: ")) + Terminal.bold(names.joined(separator: "; "))
                         + Terminal.dim(String(format: "  (confidence %.2f)", decision.confidence)))
        }
        lines.append("")
        for sentence in decision.explanation { lines.append("• " + sentence) }
        return lines.joined(separator: "\n")
    }
}
