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

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What a service is for: its tags, limits and confusable neighbours.")

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
        lines.append("Provides:")
        for (tag, strength) in entry.provides.sorted(by: { $0.key < $1.key }) {
            lines.append("  + \(tag)\(strength == .partial ? " (partly)" : ""): \(knowledge.tags[tag]?.meaning ?? "")")
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
    static let configuration = CommandConfiguration(abstract: "How two confusable services differ, and the phrases that decide between them.")

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
        if !comparison.shared.isEmpty { lines.append("Both: \(comparison.shared.joined(separator: ", "))") }
        for (service, only) in [(a, comparison.onlyFirst), (b, comparison.onlySecond)] where !only.isEmpty {
            lines.append("Only \(service.name):")
            for tag in only {
                let phrases = knowledge.tags[tag].map { tag in
                    Language.allCases.map { tag.phrases[$0].prefix(3).map { "“\($0)”" }.joined(separator: " ") }
                        .filter { !$0.isEmpty }.joined(separator: " / ")
                } ?? ""
                lines.append("  + \(tag) — signalled by \(phrases)")
            }
        }
        for (service, shortcomings) in [(a, a.violates + a.weakAt), (b, b.violates + b.weakAt)] where !shortcomings.isEmpty {
            lines.append("\(service.name) is not for: " + shortcomings.map { "\($0.tag) (\($0.because))" }.joined(separator: "; "))
        }
        print(lines.joined(separator: "\n"))
    }
}
