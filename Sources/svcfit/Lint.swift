import ArgumentParser
import Foundation
import ServiceFit

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Validate the knowledge base and print an inventory.",
        discussion: "Exit status: 0 when there are no errors (warnings allowed), 2 when there are.")

    @OptionGroup var rulesOptions: RulesOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(inversion: .prefixedNo, help: "Run every example written in Rules/ through the engine; a failing one is an error.")
    var examples = true

    struct Inventory: Encodable {
        var tags: Int
        var services: [String: Int]
        var modifiers: Int
        var rules: Int
        var catalogProducts: Int
        var examples: Int
        var errors: Int
        var warnings: Int
        var diagnostics: [Diagnostic]
    }

    func run() throws {
        var (knowledge, diagnostics) = KnowledgeBaseLoader.load(try rulesOptions.sourceFiles(), limits: rulesOptions.limits.inputLimits)
        // Examples only mean something once the knowledge holds together.
        let runsExamples = examples && !diagnostics.hasErrors
        if runsExamples {
            diagnostics += KnowledgeExampleCheck.diagnostics(of: knowledge, engine: Engine(knowledge: knowledge))
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        let exampleCount = KnowledgeExampleCheck.cases(in: knowledge).count
        let perProvider = Dictionary(grouping: knowledge.services.values, by: { $0.provider.rawValue }).mapValues(\.count)
        let inventory = Inventory(
            tags: knowledge.tags.count, services: perProvider, modifiers: knowledge.modifiers.count,
            rules: knowledge.rules.count, catalogProducts: knowledge.catalog.count, examples: exampleCount,
            errors: errors, warnings: warnings, diagnostics: diagnostics)
        switch format {
        case .json:
            print(Terminal.json(inventory))
        case .text:
            for diagnostic in diagnostics { print(diagnostic.description) }
            let providers = perProvider.sorted { $0.key < $1.key }.map { "\($0.value) \(Provider(rawValue: $0.key)?.displayName ?? $0.key)" }
            print("\(knowledge.tags.count) tags, \(knowledge.services.count) services and features (\(providers.joined(separator: ", "))), "
                  + "\(knowledge.modifiers.count) modifiers, \(knowledge.rules.count) rules, \(knowledge.catalog.count) catalog products, "
                  + "\(exampleCount) examples\(runsExamples ? " run" : " (not run)"); \(errors) errors, \(warnings) warnings")
        }
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(2) }
    }
}
