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
func describe(_ wording: TagWording) -> String {
    var parts: [String] = []
    if !wording.english.isEmpty { parts.append("en " + wording.english.map { "“\($0)”" }.joined(separator: ", ")) }
    if !wording.japanese.isEmpty { parts.append("ja " + wording.japanese.map { "「\($0)」" }.joined()) }
    return parts.joined(separator: " · ")
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "What a service is for (its tags, limits and confusable neighbours), or what meets a tag.")

    @Argument(help: "A service id or name, e.g. aws.data-firehose or \"Kinesis Data Firehose\"; or a tag id, e.g. overfitting.")
    var service: String

    @Option(help: "How many services and modifiers to list for a tag.")
    var limit: Int = 12

    @OptionGroup var rulesOptions: RulesOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let engine = try rulesOptions.loadEngine()
        let knowledge = engine.knowledge
        // A name is looked up as a service first: a few tags share their id with a product's word.
        guard let entry = try? resolveService(service, in: knowledge) else {
            guard let overview = TagOverview(tag: service, knowledge: knowledge) else {
                throw ValidationError("unknown service or tag `\(service)`")
            }
            print(describe(overview, limit: limit))
            return
        }
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
            let wording = TagWording(tag: tag, knowledge: knowledge)
            if !wording.isEmpty { lines.append("      said as " + describe(wording)) }
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

/// A tag's overview: what it is, the words and signal sets that raise it, what meets it and what
/// falls short of it, and the rules it sets off.
func describe(_ overview: TagOverview, limit: Int) -> String {
    let tag = overview.tag
    var lines = [Terminal.bold(tag.label) + "  \(tag.id) · \(tag.kind.rawValue)", tag.meaning]
    if !overview.wording.isEmpty { lines.append("Said as: " + describe(overview.wording)) }
    for set in overview.raisedBy {
        lines.append("Also raised when a question says all of:")
        for signal in set { lines.append("  · \(signal.tag): " + describe(signal)) }
    }
    if !overview.impliedBy.isEmpty { lines.append("Implied by: " + overview.impliedBy.joined(separator: ", ")) }
    if !tag.implies.isEmpty { lines.append("Implies: " + tag.implies.joined(separator: ", ")) }
    func more(_ count: Int) -> [String] { count > limit ? ["  … and \(count - limit) more"] : [] }
    if tag.kind == .signal {
        lines.append("A signal is no need of its own: it counts only beside the rest of its set.")
        for (raised, set) in overview.raises {
            lines.append("  raises \(raised) together with " + set.filter { $0 != tag.id }.joined(separator: " and "))
        }
    } else if overview.metBy.isEmpty {
        lines.append("Nothing in the knowledge base meets it.")
    } else {
        lines.append(tag.kind == .problem ? "Addressed by:" : "Met by:")
        for meeting in overview.metBy.prefix(limit) {
            lines.append("  + \(meeting.name)\(meeting.strength == .partial ? " (partly)" : "")  \(meeting.id)\(meeting.isModifier ? " · modifier" : "")")
        }
        lines += more(overview.metBy.count)
    }
    if !overview.fallingShort.isEmpty {
        lines.append(tag.kind == .problem ? "Made worse by, or no answer to it:" : "Not for it:")
        for short in overview.fallingShort.prefix(limit) {
            lines.append("  \(short.rulesOut ? "−" : "~") \(short.name): \(short.because)")
        }
        lines += more(overview.fallingShort.count)
    }
    if !overview.rules.isEmpty {
        lines.append("Rules it sets off:")
        for rule in overview.rules.prefix(limit) { lines.append("  \(rule.id): \(rule.because)") }
        lines += more(overview.rules.count)
    }
    return lines.joined(separator: "\n")
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
            if !separation.wording.isEmpty { lines.append("      said as " + describe(separation.wording)) }
        }
        print(lines.joined(separator: "\n"))
    }
}
