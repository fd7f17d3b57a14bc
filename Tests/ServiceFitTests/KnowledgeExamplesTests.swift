import Testing
@testable import ServiceFit

extension KnowledgeExampleCheck.Case: CustomTestStringConvertible {
    public var testDescription: String { "\(example.location) \(owner)" }
}

/// Every example in Rules/ is a test: the knowledge documents itself and proves it (SwiftLint-style).
/// `lint` runs the same check; here each example is a test case of its own.
@Suite struct KnowledgeExamplesTests {
    static let cases = KnowledgeExampleCheck.cases(in: Bundled.knowledge)

    @Test func bundledRulesLoadWithoutErrors() {
        let errors = Bundled.loaded.1.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: cases)
    func example(_ check: KnowledgeExampleCheck.Case) {
        let failure = KnowledgeExampleCheck.failure(of: check, engine: Bundled.engine)
        #expect(failure == nil, Comment(rawValue: "example at \(check.example.location): \(failure ?? "")"))
    }

    /// An example the engine no longer bears out is an error at the example's own place, with
    /// what the engine did instead.
    @Test func aFailingExampleIsAnErrorWhereItIsWritten() throws {
        var knowledge = Bundled.knowledge
        let place = SourceLocation(file: "Rules/tags/core.yaml", line: 7, column: 9)
        let tag = try #require(knowledge.tags["streaming-ingest"])
        knowledge.tags["streaming-ingest"]?.examples = tag.examples + [
            KnowledgeExample(text: "Print the monthly invoice once a year.", raises: true, options: [], answer: [], location: place),
            KnowledgeExample(text: "Sensor readings arrive as a continuous stream.", raises: false, options: [], answer: [], location: place),
        ]
        let diagnostics = KnowledgeExampleCheck.diagnostics(of: knowledge, engine: Engine(knowledge: knowledge))
        #expect(diagnostics.count == 2)
        #expect(diagnostics.allSatisfy { $0.severity == .error && $0.location == place })
        #expect(diagnostics.first?.message.contains("does not raise streaming-ingest") == true)
        #expect(diagnostics.last?.message.contains("raises streaming-ingest from its own words") == true)
    }
}
