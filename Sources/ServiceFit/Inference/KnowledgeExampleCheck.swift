/// The examples written next to tags, modifiers, services and rules, run through the engine. The
/// knowledge documents itself with them, and an example the engine no longer bears out is a
/// defect in the knowledge: a phrase edited away, a rule that stopped firing. `lint` reports each
/// at the example's own place, so whoever edits Rules/ learns it without running the test suite.
public enum KnowledgeExampleCheck {
    public enum Owner: Sendable, Hashable, CustomStringConvertible {
        case tag(String), modifier(String), service(String), rule(String)

        public var description: String {
            switch self {
            case let .tag(id): "tag \(id)"
            case let .modifier(id): "modifier \(id)"
            case let .service(id): "service \(id)"
            case let .rule(id): "rule \(id)"
            }
        }
    }

    public struct Case: Sendable, Hashable {
        public var owner: Owner
        public var example: KnowledgeExample
    }

    /// Every example in the knowledge base, in the order of the files and lines they are written on.
    public static func cases(in knowledge: KnowledgeBase) -> [Case] {
        var cases: [Case] = []
        for tag in knowledge.tags.values { cases += tag.examples.map { Case(owner: .tag(tag.id), example: $0) } }
        for modifier in knowledge.modifiers.values { cases += modifier.examples.map { Case(owner: .modifier(modifier.id), example: $0) } }
        for service in knowledge.services.values { cases += service.examples.map { Case(owner: .service(service.id), example: $0) } }
        for rule in knowledge.rules { cases += rule.examples.map { Case(owner: .rule(rule.id), example: $0) } }
        return cases.sorted { left, right in
            let a = left.example.location, b = right.example.location
            return (a.file, a.line, a.column) < (b.file, b.line, b.column)
        }
    }

    /// Nil when the engine bears the example out; else what it did instead, in a sentence.
    public static func failure(of check: Case, engine: Engine) -> String? {
        let example = check.example
        switch check.owner {
        case let .tag(id) where engine.knowledge.tags[id]?.kind == .signal:
            // A signal is never a requirement: its examples say whether its words are read.
            let read = engine.reader.read(example.text).occurrences.contains { $0.meaning == .tag(id) }
            guard read != (example.raises ?? true) else { return nil }
            return read ? "the example reads as signal \(id), which it says it must not" : "the example does not read as signal \(id)"
        case let .tag(id):
            let requirements = engine.requirements(in: example.text)
            if example.raises == false {
                // Implied by another requirement is fine; raised by its own words is not.
                guard requirements.contains(where: { $0.tag == id && $0.evidence != nil }) else { return nil }
                return "the example raises \(id) from its own words, which it says it must not"
            }
            guard !requirements.contains(where: { $0.tag == id }) else { return nil }
            return "the example does not raise \(id); it raises \(list(requirements.map(\.tag)))"
        case let .modifier(id):
            let question = Question(id: "example", text: "", options: [OptionText(letter: "A", text: example.text)])
            let modifiers = engine.decide(question).candidates.first?.modifiers ?? []
            let wanted = example.raises ?? true
            guard modifiers.contains(id) != wanted else { return nil }
            return wanted ? "the example does not read as \(id); it reads as \(list(modifiers))"
                : "the example reads as \(id), which it says it must not"
        case let .service(id):
            if example.options.isEmpty {
                let decision = engine.decide(Question(id: "example", text: example.text))
                guard !decision.picked.contains(id) else { return nil }
                return "the example's text does not pick \(id); the engine picks \(list(decision.picked))"
            }
            let decision = decisionWithOptions(example, engine: engine)
            return decision.picked == example.answer ? nil : pickMessage(decision, example)
        case let .rule(id):
            let decision = decisionWithOptions(example, engine: engine)
            if decision.picked != example.answer { return pickMessage(decision, example) }
            guard decision.candidates.contains(where: { $0.firedRules.contains { $0.id == id } }) else {
                return "the example picks \(list(example.answer)) but rule \(id) does not fire"
            }
            return nil
        }
    }

    /// An error at every example the engine does not bear out.
    public static func diagnostics(of knowledge: KnowledgeBase, engine: Engine) -> [Diagnostic] {
        cases(in: knowledge).compactMap { check in
            failure(of: check, engine: engine).map {
                Diagnostic(.error, at: check.example.location, "example of \(check.owner) fails: \($0)")
            }
        }
    }

    /// The example's question with its options, asked to pick as many as its answer holds.
    private static func decisionWithOptions(_ example: KnowledgeExample, engine: Engine) -> Decision {
        engine.decide(Question(id: "example", text: example.text, options: example.options),
                      options: DecisionOptions(defaultSelectCount: max(1, example.answer.count)))
    }

    private static func pickMessage(_ decision: Decision, _ example: KnowledgeExample) -> String {
        "the example expects \(list(example.answer)), the engine \(decision.picked.isEmpty ? "abstains" : "picks \(list(decision.picked))")"
            + " (\(decision.explanation.joined(separator: " ")))"
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "nothing" : items.joined(separator: ", ")
    }
}
