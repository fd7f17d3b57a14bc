import Testing
@testable import ServiceFit

/// One example written next to a tag, modifier, service or rule in Rules/.
struct KnowledgeExampleCase: Sendable, CustomTestStringConvertible {
    enum Owner: Sendable { case tag(String), modifier(String), service(String), rule(String) }
    var owner: Owner
    var example: KnowledgeExample

    var testDescription: String { "\(example.location) \(owner)" }

    static let all: [KnowledgeExampleCase] = {
        let knowledge = Bundled.knowledge
        var cases: [KnowledgeExampleCase] = []
        for tag in knowledge.tags.values { cases += tag.examples.map { .init(owner: .tag(tag.id), example: $0) } }
        for modifier in knowledge.modifiers.values { cases += modifier.examples.map { .init(owner: .modifier(modifier.id), example: $0) } }
        for service in knowledge.services.values { cases += service.examples.map { .init(owner: .service(service.id), example: $0) } }
        for rule in knowledge.rules { cases += rule.examples.map { .init(owner: .rule(rule.id), example: $0) } }
        return cases.sorted { ($0.example.location.file, $0.example.location.line) < ($1.example.location.file, $1.example.location.line) }
    }()
}

/// Every example in Rules/ is a test: the knowledge documents itself and proves it (SwiftLint-style).
@Suite struct KnowledgeExamplesTests {
    @Test func bundledRulesLoadWithoutErrors() {
        let errors = Bundled.loaded.1.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: KnowledgeExampleCase.all)
    func example(_ testCase: KnowledgeExampleCase) {
        let engine = Bundled.engine
        let example = testCase.example
        let place = Comment(rawValue: "example at \(example.location)")
        switch testCase.owner {
        case let .tag(id):
            let decision = engine.decide(Question(id: "example", text: example.text))
            let raised = Set(decision.requirements.map(\.tag))
            if example.raises == false {
                #expect(!decision.requirements.contains { $0.tag == id && $0.evidence != nil }, place)
            } else {
                #expect(raised.contains(id), place)
            }
        case let .modifier(id):
            let question = Question(id: "example", text: "", options: [OptionText(letter: "A", text: example.text)])
            let modifiers = engine.decide(question).candidates.first?.modifiers ?? []
            #expect(modifiers.contains(id) == (example.raises ?? true), place)
        case let .service(id):
            if example.options.isEmpty {
                let decision = engine.decide(Question(id: "example", text: example.text))
                #expect(decision.picked.contains(id), place)
            } else {
                let decision = engine.decide(Question(id: "example", text: example.text, options: example.options),
                                             options: DecisionOptions(defaultSelectCount: example.answer.count))
                #expect(decision.picked == example.answer, Comment(rawValue: "\(place.rawValue): \(decision.text)"))
            }
        case let .rule(id):
            let decision = engine.decide(Question(id: "example", text: example.text, options: example.options),
                                         options: DecisionOptions(defaultSelectCount: max(1, example.answer.count)))
            #expect(decision.picked == example.answer, Comment(rawValue: "\(place.rawValue): \(decision.text)"))
            #expect(decision.candidates.contains { $0.firedRules.contains { $0.id == id } }, place)
        }
    }
}
