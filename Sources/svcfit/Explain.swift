import ArgumentParser
import Foundation
import ServiceFit

/// Finds a service by id or by any of its names, as a person would type it.
func resolveService(_ query: String, in knowledge: KnowledgeBase) throws -> Service {
    if let service = knowledge.services[query] { return service }
    let wanted = TextNormalizer.normalize(query)
    if let service = knowledge.services.values.sorted(by: { $0.id < $1.id })
        .first(where: { $0.allNames.contains { TextNormalizer.normalize($0) == wanted } }) {
        return service
    }
    throw ValidationError("unknown service `\(query)`")
}

/// A tag's phrases in both languages: `en “read aloud”, “tts” · ja 「読み上げ」`.
func describe(_ signals: TagSignals) -> String {
    var parts: [String] = []
    if !signals.english.isEmpty { parts.append("en " + signals.english.map { "“\($0)”" }.joined(separator: ", ")) }
    if !signals.japanese.isEmpty { parts.append("ja " + signals.japanese.map { "「\($0)」" }.joined()) }
    return parts.joined(separator: " · ")
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "What a service is for: its tags, limits and confusable neighbours.")

    @Argument(help: "A service id or name, e.g. aws.data-firehose or \"Kinesis Data Firehose\".")
    var service: String

    @OptionGroup var rulesOptions: RulesOptions

    func run() throws {
        let engine = try rulesOptions.loadEngine()
        let knowledge = engine.knowledge
        let entry = try resolveService(service, in: knowledge)
        var lines = [Terminal.bold("\(entry.name)") + "  \(entry.id) · \(entry.provider.displayName) · \(entry.category)"]
        if !entry.formerNames.isEmpty { lines.append("Formerly: \(entry.formerNames.joined(separator: ", "))") }
        if !entry.aliases.isEmpty { lines.append("Also called: \(entry.aliases.joined(separator: ", "))") }
        if let date = entry.retired {
            lines.append(Terminal.yellow("Retired \(date): still recognised in answer options, no longer a right answer for new work."))
        }
        if let date = entry.closedToNewCustomers {
            lines.append(Terminal.yellow("Closed to new customers since \(date): existing customers keep using it; svcfit proposes it for no new architecture."))
        }
        lines.append("Provides:")
        for (tag, strength) in entry.provides.sorted(by: { $0.key < $1.key }) {
            lines.append("  + \(tag)\(strength == .partial ? " (partly)" : ""): \(knowledge.tags[tag]?.meaning ?? "")")
            let signals = TagSignals(tag: tag, knowledge: knowledge)
            if !signals.isEmpty { lines.append("      signalled by " + describe(signals)) }
        }
        if !entry.violates.isEmpty || !entry.weakAt.isEmpty { lines.append("Not for:") }
        for shortcoming in entry.violates { lines.append("  − \(shortcoming.tag): \(shortcoming.because)") }
        for shortcoming in entry.weakAt { lines.append("  ~ \(shortcoming.tag): \(shortcoming.because)") }
        for note in entry.notes { lines.append("• \(note)") }
        let neighbours = ServiceComparison.neighbours(of: entry, in: knowledge, limit: 5)
        if !neighbours.isEmpty {
            lines.append("Often confused with: " + neighbours.map { "\($0.name) (\($0.id))" }.joined(separator: ", "))
        }
        print(lines.joined(separator: "\n"))
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "How two confusable services differ, and the phrases that decide between them.")

    @Argument(help: "The first service (id or name).")
    var first: String

    @Argument(help: "The second service (id or name).")
    var second: String

    @OptionGroup var rulesOptions: RulesOptions

    func run() throws {
        let engine = try rulesOptions.loadEngine()
        let knowledge = engine.knowledge
        let a = try resolveService(first, in: knowledge), b = try resolveService(second, in: knowledge)
        let comparison = ServiceComparison(a, b, knowledge: knowledge)
        var lines = [Terminal.bold("\(a.name) vs \(b.name)")]
        let same = comparison.shared.filter { tag in !comparison.separating.contains { $0.tag == tag } }
        if !same.isEmpty { lines.append("Both: \(same.joined(separator: ", "))") }
        if !comparison.separating.isEmpty { lines.append("What separates them:") }
        for separation in comparison.separating {
            func side(_ service: Service, _ strength: Strength?, _ shortfall: String?) -> String {
                let meets = strength.map { $0 == .full ? "meets it" : "meets it partly" } ?? "does not meet it"
                // A partial fit with a reason is a limit, not a refusal.
                let limit = strength == nil ? " — not for it: " : " — but: "
                return "\(service.name) \(meets)" + (shortfall.map { limit + $0 } ?? "")
            }
            lines.append("  \(separation.tag): \(side(a, separation.first, separation.firstShortfall)); \(side(b, separation.second, separation.secondShortfall))")
            if !separation.signals.isEmpty { lines.append("      signalled by " + describe(separation.signals)) }
        }
        print(lines.joined(separator: "\n"))
    }
}
