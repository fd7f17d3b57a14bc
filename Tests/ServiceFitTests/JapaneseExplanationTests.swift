import Testing
@testable import ServiceFit

/// Facts quoted in explanations (`because`, `violates`, `weakAt`) have Japanese counterparts
/// (`because_ja`, `violates_ja`, `weakAt_ja`); a Japanese question is explained with them, and
/// falls back to the English fact where none is written yet.
@Suite struct JapaneseExplanationTests {
    static let files = [
        "tags.yaml": """
        tags:
          - id: sub-second-latency
            kind: constraint
            meaning: Results within a second.
            phrases: {en: [sub-second], ja: [1秒未満]}
          - id: least-effort
            kind: objective
            meaning: As little work as possible.
            phrases: {en: [least effort], ja: [最小限の労力]}
        """,
        "services.yaml": """
        provider: aws
        services:
          - id: aws.data-firehose
            name: Amazon Data Firehose
            category: streaming
            provides: {least-effort: full}
            violates: {sub-second-latency: Firehose buffers records for at least 60 seconds.}
            violates_ja: {sub-second-latency: Firehose は最低60秒バッファしてから配信する。}
          - id: aws.kinesis-data-streams
            name: Amazon Kinesis Data Streams
            category: streaming
            provides: {sub-second-latency: full}
            weakAt: {least-effort: Consumers are code the team writes.}
        """,
        "rules.yaml": """
        rules:
          - id: translated-rule
            when: [sub-second-latency]
            prefer: [aws.kinesis-data-streams]
            weight: 1.0
            because: Streams hands records to consumers within a second.
            because_ja: Streams は1秒以内にレコードをコンシューマーへ渡す。
          - id: untranslated-rule
            when: [sub-second-latency]
            penalize: [aws.data-firehose]
            weight: 1.0
            because: This reason has not been translated yet.
        """,
    ]
    static let options = [OptionText(letter: "A", text: "Amazon Data Firehose"),
                          OptionText(letter: "B", text: "Amazon Kinesis Data Streams")]

    @Test func japaneseQuestionCitesJapaneseFactsAndFallsBackToEnglish() {
        let (knowledge, _) = Bundled.knowledge(Self.files)
        let decision = Engine(knowledge: knowledge).decide(
            Question(id: "t", text: "クリックを1秒未満で処理したい。最小限の労力で構築したい。", options: Self.options))
        let text = decision.text
        #expect(text.contains("Streams は1秒以内にレコードをコンシューマーへ渡す"), "\(text)")
        #expect(text.contains("Firehose は最低60秒バッファしてから配信する"), "\(text)")
        #expect(!text.contains("within a second") && !text.contains("at least 60 seconds"), "\(text)")
        // Not translated: the English fact stands in rather than nothing.
        #expect(text.contains("This reason has not been translated yet"), "\(text)")
        #expect(text.contains("Consumers are code the team writes"), "\(text)")
    }

    /// Every candidate's sentence and the pick's sentence alone (an agreement's reason in a batch
    /// report) close with the language's full stop, with clauses and without.
    @Test(arguments: [("Process clicks with sub-second latency and the least effort.", "."),
                      ("クリックを1秒未満で処理したい。最小限の労力で構築したい。", "。"),
                      ("Which one?", ".")])
    func pickSentenceEndsItsSentence(text: String, fullStop: String) throws {
        let (knowledge, _) = Bundled.knowledge(Self.files)
        let engine = Engine(knowledge: knowledge)
        let question = Question(id: "t", text: text, options: Self.options)
        let decision = engine.decide(question)
        let candidateSentences = decision.explanation.filter { $0.hasPrefix("A ") || $0.hasPrefix("B ") }
        #expect(candidateSentences.count == 2, "\(decision.explanation)")
        for sentence in candidateSentences { #expect(sentence.hasSuffix(fullStop), "\(sentence)") }
        let pick = try #require(engine.pickSentence(of: decision, for: question))
        #expect(pick.hasSuffix(fullStop) && candidateSentences.contains(pick), "\(pick)")
    }

    /// Without options the engine builds the architectures itself; a Japanese question reads
    /// them back in Japanese too: frames, names, labels and the rules' facts.
    @Test func architecturesForAJapaneseQuestionAreExplainedInJapanese() throws {
        var options = DecisionOptions(provider: .aws)
        options.architecture = ArchitectureRequest(top: 3, whyNot: "aws.kinesis-video-streams")
        let decision = Bundled.engine.decide(Question(id: "t", text: "オフライン環境の工場でカメラ映像から不良品を検出したい"), options: options)
        let architectures = decision.explanation.filter { $0.hasPrefix("#") }
        #expect(architectures.count >= 2, "\(decision.explanation)")
        for sentence in architectures {
            #expect(sentence.hasSuffix("。") && !sentence.contains(" meets ") && !sentence.contains("score"), "\(sentence)")
        }
        #expect(architectures.contains { $0.hasPrefix("#1 ") && $0.contains("スコア") && $0.contains("を満たします") }, "\(architectures)")
        #expect(architectures.contains { $0.hasPrefix("#2(") && $0.contains("との差") }, "\(architectures)")
        let whyNot = try #require(decision.whyNot)
        // The fact comes from the rules' `violates_ja`, the rest from the reasons' own records.
        #expect(whyNot.reasons.contains { $0.kind == .violates && $0.because.contains("オフライン") && $0.because.hasSuffix("。") },
                "\(whyNot.reasons.map(\.because))")
        #expect(decision.explanation.last?.hasPrefix("Amazon Kinesis Video Streams を選ばない理由: ") ?? false, "\(decision.explanation)")
    }

    /// A tag's `label:` names it in English explanations; without one, its id with spaces does.
    @Test func aWrittenLabelNamesTheTag() {
        var files = Self.files
        files["tags.yaml"] = files["tags.yaml"]!.replacingOccurrences(of: "kind: constraint", with: "kind: constraint\n    label: sub-second latency (under 1 s)")
        let (knowledge, diagnostics) = Bundled.knowledge(files)
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)")
        #expect(knowledge.tags["sub-second-latency"]?.label == "sub-second latency (under 1 s)")
        #expect(knowledge.tags["least-effort"]?.label == "least effort")
        let decision = Engine(knowledge: knowledge).decide(
            Question(id: "t", text: "Process clicks with sub-second latency and the least effort.", options: Self.options))
        #expect(decision.text.contains("sub-second latency (under 1 s)"), "\(decision.text)")
    }

    /// A tag's `label_ja:` names it in Japanese explanations; without one, its first Japanese
    /// phrase that reads as a name does. Both survive a snapshot.
    @Test func aWrittenJapaneseLabelNamesTheTag() throws {
        var files = Self.files
        files["tags.yaml"] = files["tags.yaml"]!.replacingOccurrences(of: "kind: constraint", with: "kind: constraint\n    label_ja: 1秒未満の応答")
        let (knowledge, diagnostics) = Bundled.knowledge(files)
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)")
        let question = Question(id: "t", text: "クリックを1秒未満で、最小限の労力で処理したい。", options: Self.options)
        let decision = Engine(knowledge: knowledge).decide(question)
        #expect(decision.text.contains("1秒未満の応答"), "\(decision.text)")
        let restored = try KnowledgeSnapshot.decode(KnowledgeSnapshot.encode(Engine(knowledge: knowledge), fingerprint: 0), fingerprint: 0)
        #expect(restored.knowledge.tags["sub-second-latency"]?.writtenJapaneseLabel == "1秒未満の応答")
        let (_, empty) = Bundled.knowledge(files.mapValues { $0.replacingOccurrences(of: "label_ja: 1秒未満の応答", with: "label_ja: \"\"") })
        #expect(empty.contains { $0.severity == .error && $0.message.contains("label_ja") }, "\(empty)")
    }

    @Test func englishQuestionKeepsEnglishFacts() {
        let (knowledge, _) = Bundled.knowledge(Self.files)
        let decision = Engine(knowledge: knowledge).decide(
            Question(id: "t", text: "Process clicks with sub-second latency and the least effort.", options: Self.options))
        #expect(decision.text.contains("Streams hands records to consumers within a second"), "\(decision.text)")
        #expect(decision.text.contains("Firehose buffers records for at least 60 seconds"), "\(decision.text)")
        #expect(!decision.text.contains("1秒以内"), "\(decision.text)")
    }

    @Test func explainInJapaneseOverridesAnEnglishQuestion() {
        let (knowledge, _) = Bundled.knowledge(Self.files)
        let decision = Engine(knowledge: knowledge).decide(
            Question(id: "t", text: "Process clicks with sub-second latency and the least effort.", options: Self.options, language: .ja))
        #expect(decision.text.contains("Streams は1秒以内にレコードをコンシューマーへ渡す"), "\(decision.text)")
    }

    @Test func lintWarnsAboutAReasonWithoutJapanese() {
        let (_, diagnostics) = Bundled.knowledge(Self.files)
        let warnings = diagnostics.filter { $0.severity == .warning }.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("rules.yaml:") && $0.contains("rule `untranslated-rule` has `because` but no `because_ja`") },
                "\(warnings)")
        #expect(!warnings.contains { $0.contains("`translated-rule`") && $0.contains("because_ja") }, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("services.yaml:13:") && $0.contains("`aws.kinesis-data-streams`")
                && $0.contains("`weakAt` of `least-effort` has no `weakAt_ja`") }, "\(warnings)")
        #expect(!warnings.contains { $0.contains("`aws.data-firehose`") && $0.contains("_ja") }, "\(warnings)")
    }

    @Test func aJapaneseReasonForATagTheEnglishLacksIsAnError() {
        var files = Self.files
        files["services.yaml"] = """
        provider: aws
        services:
          - id: aws.data-firehose
            name: Amazon Data Firehose
            category: streaming
            provides: {least-effort: full}
            violates: {sub-second-latency: Firehose buffers records.}
            violates_ja: {least-effort: 誤ったタグに書かれた理由。}
        """
        let (_, diagnostics) = Bundled.knowledge(files)
        let errors = diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.contains { $0.hasPrefix("services.yaml:8:") && $0.contains("`violates_ja` has `least-effort`, which `violates` does not") },
                "\(errors)")
    }

    /// A shortfall no rule file words (a component built for a tag that `conflicts` with the need)
    /// is still said in Japanese.
    @Test func builtForTheOppositeIsSaidInJapanese() {
        let (knowledge, _) = Bundled.knowledge([
            "tags.yaml": """
            tags:
              - id: real-time
                kind: constraint
                meaning: Now.
                phrases: {en: [real time], ja: [リアルタイム]}
              - id: batch
                kind: requirement
                meaning: Later, in bulk.
                conflicts: [real-time]
                phrases: {en: [nightly batch], ja: [夜間バッチ]}
            """,
            "services.yaml": """
            provider: aws
            services:
              - id: aws.batch
                name: AWS Batch
                category: compute
                provides: {batch: full}
              - id: aws.kinesis-data-streams
                name: Amazon Kinesis Data Streams
                category: streaming
                provides: {real-time: full}
            """,
        ])
        let options = [OptionText(letter: "A", text: "AWS Batch"), OptionText(letter: "B", text: "Amazon Kinesis Data Streams")]
        let decision = Engine(knowledge: knowledge).decide(Question(id: "t", text: "イベントをリアルタイムに処理したい。", options: options))
        #expect(decision.text.contains("夜間バッチ 向けに作られており、リアルタイム とは正反対"), "\(decision.text)")
        #expect(!decision.text.contains("the opposite of"), "\(decision.text)")
    }

    /// The bundled rules: every fact an explanation can quote has its Japanese.
    @Test func bundledKnowledgeIsTranslated() {
        let missing = Bundled.loaded.1.filter { $0.message.contains("_ja`") }.map(\.description)
        #expect(missing.isEmpty, "\(missing.count) untranslated:\n\(missing.prefix(10).joined(separator: "\n"))")
    }

    /// A Japanese question on the bundled rules cites the rule's and the modifier's Japanese reasons.
    @Test func bundledJapaneseQuestionCitesTheJapaneseReason() throws {
        let rule = try #require(Bundled.knowledge.rules.first { $0.id == "managed-feature-over-custom-code" })
        let japanese = try #require(rule.becauseJa)
        let decision = Bundled.engine.decide(Question(id: "t", text: EngineTests.analytics[1], options: EngineTests.analyticsOptions))
        #expect(decision.text.contains(String(japanese.dropLast())), "\(decision.text)")
        #expect(!decision.text.contains(rule.because.dropLast()), "\(decision.text)")
        // So does a modifier's shortcoming: option A's schedule leaves data waiting.
        let schedule = try #require(Bundled.knowledge.modifiers["scheduled-run"]?.violates.first { $0.tag == "data-available-immediately" })
        #expect(decision.text.contains(String(try #require(schedule.becauseJa).dropLast())), "\(decision.text)")
    }

    /// A feature whose official name is an English description is named by its `name_ja` in a
    /// Japanese explanation, and by its name in an English one.
    @Test func aFeatureIsNamedByItsJapaneseNameInJapanese() throws {
        let engine = Bundled.engine([
            "tags.yaml": """
            tags:
              - id: scheduled-peak
                kind: requirement
                meaning: Load peaks at known times.
                phrases: {en: [every morning at nine], ja: [毎朝9時]}
            """,
            "services.yaml": """
            provider: aws
            services:
              - id: aws.scaler.scheduled
                name: Scaler scheduled scaling
                name_ja: Scaler のスケジュールされたスケーリング
                aliases: [scheduled scaling, スケジュールされたスケーリング]
                category: compute
                provides: {scheduled-peak: full}
            """,
        ])
        let japanese = engine.decide(Question(id: "ja", text: "毎朝9時に負荷が上がる。", options: [OptionText(letter: "A", text: "スケジュールされたスケーリング")]))
        #expect(japanese.explanation.joined().contains("Scaler のスケジュールされたスケーリング が"), "\(japanese.explanation)")
        let english = engine.decide(Question(id: "en", text: "Load rises every morning at nine.", options: [OptionText(letter: "A", text: "scheduled scaling")]))
        #expect(english.explanation.joined().contains("Scaler scheduled scaling meets"), "\(english.explanation)")
    }
}
