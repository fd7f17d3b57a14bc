import Testing
@testable import ServiceFit

/// A scenario asked without options keys the architecture the engine proposes: what its top
/// architecture must contain (an entry of several services is met by any one) and must not.
@Suite struct ArchitectureScenarioTests {
    static func read(_ yaml: String) -> [BankItem] {
        ScenarioFile.read(SourceFile(path: "arch.yaml", text: yaml))
    }

    static func question(_ yaml: String) throws -> Question {
        let items = read(yaml)
        guard case let .question(question)? = items.first else {
            Issue.record("not read as a question: \(items)")
            throw CancellationError()
        }
        return question
    }

    @Test func anExpectationIsReadWithItsAlternatives() throws {
        let question = try Self.question("""
            scenarios:
              - id: arch-a
                lang: en
                provider: aws
                question: Read articles aloud.
                expectArchitecture:
                  includes: [aws.polly, [aws.s3, aws.efs]]
                  excludes: [aws.lex]
            """)
        #expect(question.provider == .aws)
        #expect(question.expectedArchitecture == ArchitectureExpectation(includes: [["aws.polly"], ["aws.s3", "aws.efs"]], excludes: ["aws.lex"]))
        #expect(question.expectedArchitecture?.key == ["aws.polly", "aws.s3|aws.efs"])
    }

    @Test(arguments: [
        ("    options: {A: Amazon Polly}\n    expectArchitecture: {includes: [aws.polly]}", "without `options` and `answer`"),
        ("    expectArchitecture: {excludes: [aws.lex]}", "needs `includes`"),
        ("    expectArchitecture: [aws.polly]", "must be a mapping"),
        ("    expectArchitecture: {includes: [aws.polly], contains: [aws.s3]}", "unknown key `contains`"),
        ("    provider: azure\n    expectArchitecture: {includes: [aws.polly]}", "unknown provider `azure`"),
        ("    expectArchitecture: {includes: [[aws.polly], aws.s3]}", "lists one alternative"),
    ])
    func aMalformedExpectationIsRejectedWithItsPlace(_ body: String, _ message: String) {
        let items = Self.read("scenarios:\n  - id: arch-bad\n    lang: en\n    question: Read articles aloud.\n" + body + "\n")
        guard case let .rejected(id, location, reason)? = items.first else {
            Issue.record("accepted: \(items)")
            return
        }
        #expect(id == "arch-bad")
        #expect(location.file == "arch.yaml" && location.line >= 2)
        #expect(reason.contains(message), "\(reason)")
    }

    @Test func shortfallsNameWhatIsMissingAndWhatIsUnwanted() {
        let expectation = ArchitectureExpectation(includes: [["aws.polly"], ["aws.s3", "aws.efs"]], excludes: ["aws.lex"])
        #expect(expectation.shortfall(of: ["aws.polly", "aws.efs"]) == nil)
        #expect(expectation.shortfall(of: ["aws.polly"]) == "it lacks aws.s3|aws.efs")
        #expect(expectation.shortfall(of: ["aws.polly", "aws.s3", "aws.lex"]) == "it contains aws.lex, which the scenario excludes")
    }

    @Test func checkJudgesTheTopArchitecture() throws {
        let checker = Checker(engine: Bundled.engine)
        func verdict(_ expectation: String) throws -> CheckResult {
            checker.check(try Self.question("""
                scenarios:
                  - id: arch-check
                    lang: en
                    provider: aws
                    question: A news site wants every article read aloud to its listeners in a natural-sounding voice.
                    expectArchitecture: \(expectation)
                """)).0
        }
        let agreed = try verdict("{includes: [[aws.polly, aws.transcribe]], excludes: [aws.lex]}")
        #expect(agreed.verdict == .agree && agreed.picked.contains("aws.polly"), "\(agreed)")
        #expect(agreed.key == ["aws.polly|aws.transcribe"])
        let disagreed = try verdict("{includes: [aws.polly], excludes: [aws.polly]}")
        #expect(disagreed.verdict == .disagree && disagreed.reason.contains("excludes"), "\(disagreed.reason)")
        let misspelt = try verdict("{includes: [aws.poly]}")
        #expect(misspelt.verdict == .rejected && misspelt.reason.contains("aws.poly"), "\(misspelt.reason)")
        #expect(misspelt.reason.hasPrefix("arch.yaml:2:"), "the place of the scenario: \(misspelt.reason)")
    }

    /// Without options, "no option meets the requirements" would name options that do not exist.
    @Test func aJapaneseArchitectureThatFitsNothingSpeaksOfServices() {
        // A modality alone is no need a service is added for: nothing fits.
        let decision = Bundled.engine.decide(Question(id: "t", text: "画像を扱いたい。", language: .ja))
        #expect(decision.abstention?.reason == .nothingFits)
        let explanation = decision.explanation.joined()
        #expect(explanation.contains("どのサービスも") && !explanation.contains("選択肢"), "\(explanation)")
    }
}

/// Options are keyed A to F: an option cut at a comma in an unquoted flow mapping leaves its tail
/// as a key of its own, which is refused at its place instead of judging the truncated head.
@Suite struct ScenarioOptionKeyTests {
    @Test(arguments: ["{A: Apply flips, rotations and crops, B: Add epochs}", "{A: Flips, a: Epochs}", "{A: Flips, G: Epochs}"])
    func anOptionKeyOutsideAToFIsRejected(_ options: String) {
        let items = ArchitectureScenarioTests.read("scenarios:\n  - id: cut\n    lang: en\n    question: Which technique?\n    options: \(options)\n    answer: [A]\n")
        guard case let .rejected(id, location, reason)? = items.first else {
            Issue.record("accepted: \(items)")
            return
        }
        #expect(id == "cut" && location.line == 5)
        #expect(reason.contains("is not a letter A to F"), "\(reason)")
    }
}
