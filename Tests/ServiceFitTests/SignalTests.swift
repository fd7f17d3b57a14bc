import Testing
@testable import ServiceFit

/// A problem said as two observations in two clauses ("training accuracy keeps rising, but
/// validation accuracy falls") is raised by the set of signals it lists in `raisedBy`; a signal
/// alone is never a requirement, and an option cannot meet or echo it.
@Suite struct SignalTests {
    static let rules = [
        "tags.yaml": """
        tags:
          - id: training-improves
            kind: signal
            meaning: Training accuracy rises.
            phrases: {en: [training accuracy rises], ja: [学習精度は上が]}
          - id: validation-worsens
            kind: signal
            meaning: Validation accuracy falls.
            phrases: {en: [validation accuracy falls], ja: [検証精度は下が]}
          - id: overfitting
            kind: problem
            meaning: The model fits its training data but not new data.
            phrases: {en: [overfitting], ja: [過学習]}
            raisedBy: [[training-improves, validation-worsens]]
          - id: accuracy-drop
            kind: problem
            meaning: Accuracy is falling.
            phrases: {en: [accuracy falls], ja: [精度は下が]}
        """,
        "modifiers.yaml": """
        modifiers:
          - id: dropout
            meaning: Drop units at random while training.
            phrases: {en: [dropout], ja: [ドロップアウト]}
            provides: {overfitting: full}
          - id: retrain
            meaning: Train the model again on recent data.
            phrases: {en: [retrain], ja: [再学習]}
            provides: {accuracy-drop: full}
        """,
    ]
    static let engine: Engine = {
        let (knowledge, diagnostics) = Bundled.knowledge(rules)
        precondition(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)")
        return Engine(knowledge: knowledge)
    }()

    @Test(arguments: [
        ("Training accuracy rises every epoch, but validation accuracy falls after the tenth.", "training accuracy rises … validation accuracy falls"),
        ("学習精度は上がり続けるが、検証精度は下がっている。", "学習精度は上が … 検証精度は下が"),
        // The evidence follows the text's order, not the set's.
        ("Validation accuracy falls while training accuracy rises.", "validation accuracy falls … training accuracy rises"),
    ])
    func theWholeSetRaisesTheProblemQuotingEachSignal(_ text: String, _ evidence: String) throws {
        let requirements = Self.engine.requirements(in: text)
        let quoted = try #require(requirements.first { $0.tag == "overfitting" }?.evidence)
        #expect(TextNormalizer.normalize(quoted) == TextNormalizer.normalize(evidence))
    }

    @Test(arguments: [
        "Training accuracy rises every epoch.",
        "検証精度は下がっている。",
        "Training accuracy rises, and validation accuracy does not fall.",
    ])
    func partOfTheSetRaisesNothing(_ text: String) {
        #expect(!Self.engine.requirements(in: text).contains { $0.tag == "overfitting" })
    }

    /// Signals read in a layer of their own: a need's shorter phrase inside a signal's longer one
    /// keeps its words, and the signal still counts towards its set.
    @Test func aSignalTakesNoWordsFromANeed() {
        let tags = Self.engine.requirements(in: "Training accuracy rises, but validation accuracy falls.").map(\.tag)
        #expect(Set(tags) == ["overfitting", "accuracy-drop"])
    }

    @Test func aSignalInAnOptionIsNoClaimTheOptionMakes() {
        let question = Question(id: "q", text: "Training accuracy rises, but validation accuracy falls. What should the team do?",
                                options: [OptionText(letter: "A", text: "Add dropout"),
                                          OptionText(letter: "B", text: "Keep training until validation accuracy falls")])
        let decision = Self.engine.decide(question)
        #expect(decision.picked == ["A"])
        #expect(decision.candidates.first { $0.letter == "B" }?.met.isEmpty == true)
    }

    @Test func signalExamplesAreCheckedAgainstTheirOwnWords() {
        let example = KnowledgeExample(text: "Training accuracy rises.", raises: true, options: [], answer: [],
                                       location: SourceLocation(file: "tags.yaml", line: 1, column: 1))
        let unread = KnowledgeExample(text: "Accuracy rises.", raises: true, options: [], answer: [],
                                      location: SourceLocation(file: "tags.yaml", line: 2, column: 1))
        #expect(KnowledgeExampleCheck.failure(of: .init(owner: .tag("training-improves"), example: example), engine: Self.engine) == nil)
        #expect(KnowledgeExampleCheck.failure(of: .init(owner: .tag("training-improves"), example: unread), engine: Self.engine) != nil)
    }

    /// The bundled knowledge reads overfitting from its two sides in either language.
    @Test(arguments: [
        "Training accuracy keeps rising while validation accuracy falls after epoch 10. What should the team do?",
        "学習精度はエポックごとに上がり続けているが、検証データに対する精度は 8 エポック目以降低下している。どうすべきか。",
        "訓練損失はラウンドを重ねるごとに下がり続けている。一方で、テストデータでの精度は低いままである。",
    ])
    func bundledKnowledgeReadsOverfittingFromBothSides(_ text: String) {
        #expect(Bundled.engine.requirements(in: text).contains { $0.tag == "overfitting" && $0.evidence?.contains("…") == true })
    }
}
