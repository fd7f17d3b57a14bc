import Testing
@testable import ServiceFit

/// What an explanation says once, it does not say again; and it quotes the question's words as
/// written, not as the question happened to wrap them.
@Suite struct ExplanationWordingTests {
    let engine = Bundled.engine

    static func options(_ texts: [String]) -> [OptionText] { EngineTests.options(texts) }

    @Test(arguments: [
        ("リアル\nタイムで取り込む", "リアルタイムで取り込む"),
        ("サーバーの管理\n  は不要", "サーバーの管理は不要"),
        ("real\ntime ingest", "real time ingest"),
        ("least  \n effort", "least effort"),
        ("no break at all", "no break at all"),
    ])
    func quotedEvidenceFoldsLineBreaks(_ text: String, _ folded: String) {
        #expect(Explainer.foldingLineBreaks(text) == folded)
    }

    @Test func evidenceInTheExplanationHasNoLineBreak() {
        let decision = engine.decide(Question(id: "t", text: "リアルタイムで取り込み、サーバーの管理\nは不要にしたい。"))
        let requirements = decision.explanation.first ?? ""
        #expect(requirements.contains("「サーバーの管理は不要」"), "\(requirements)")
    }

    /// A need the question's own service already meets is credited to that service as the
    /// question names it: a former name is quoted before the current one, not swapped for it.
    @Test(arguments: [("We already store the features in Old Store. Predictions must be served online.", "“Old Store” (New Store)"),
                      ("特徴量はすでに Old Store に保存している。予測はオンラインで返す必要がある。", "「Old Store」 (New Store)")])
    func aGivenNeedQuotesTheQuestionsNameForItsService(_ text: String, _ named: String) {
        let engine = Bundled.engine([
            "tags.yaml": """
            tags:
              - id: feature-storage
                kind: requirement
                meaning: Keep features in one place.
                phrases: {en: [store the features], ja: [特徴量はすでに]}
              - id: online-prediction
                kind: requirement
                meaning: Serve predictions online.
                phrases: {en: [served online], ja: [オンラインで返す]}
            """,
            "services.yaml": """
            provider: gcp
            services:
              - id: gcp.store
                name: New Store
                formerNames: [Old Store]
                category: ml
                provides: {feature-storage: full}
              - id: gcp.endpoint
                name: Endpoint
                category: ml
                provides: {online-prediction: full}
            """,
        ])
        let decision = engine.decide(Question(id: "t", text: text, options: Self.options(["Endpoint", "New Store"])))
        #expect(decision.requirements.first { $0.tag == "feature-storage" }?.givenByWords == "Old Store")
        #expect(decision.explanation.first?.contains(named) == true, "\(decision.explanation)")
    }

    /// "AWS Batch is a poor fit for streaming ingest — …; it does not provide … streaming ingest"
    /// said the same thing twice.
    @Test func aNeedAShortfallSpeaksOfIsNotListedAgainAsMissing() throws {
        let decision = engine.decide(Question(id: "t", text: "Stream clickstream events into S3 as they arrive with the least effort.",
                                              options: Self.options(["AWS Batch", "Amazon Data Firehose"])))
        let batch = try #require(decision.explanation.first { $0.hasPrefix("A ") })
        #expect(batch.contains("poor fit for streaming ingest"), "\(batch)")
        #expect(batch.components(separatedBy: "streaming ingest").count == 2, "said once: \(batch)")
    }

    /// Options of one score tie: none "fits best" while another "is weaker" at the same score,
    /// each says what it lacks, and no lean is offered, as it would only be the letter order.
    @Test(arguments: [("Read news articles aloud to listeners in a natural voice.", "ties for best (score ", "leans towards"),
                      ("ニュース記事を自然な音声で読み上げたい。", "が同点で最上位(スコア ", "強いて選ぶなら")])
    func optionsOfOneScoreTie(text: String, tied: String, lean: String) throws {
        let decision = engine.decide(Question(id: "t", text: text, options: Self.options(["Amazon Polly", "Amazon Polly", "Amazon Lex"])))
        #expect(decision.abstention?.reason == .thinMargin)
        let sentences = decision.explanation
        #expect(sentences.filter { $0.contains(tied) }.count == 2, "\(sentences)")
        #expect(!sentences.contains { $0.hasPrefix("A fits best") || $0.hasPrefix("A が最適") }, "\(sentences)")
        #expect(!sentences.contains { $0.contains(lean) }, "\(sentences)")
        let lex = try #require(sentences.first { $0.hasPrefix("C ") })
        #expect(lex.contains("is weaker") || lex.contains("が劣ります"), "\(lex)")
    }

    /// "does not provide X and Y" reads as "not both"; the option provides neither.
    @Test func aNegatedListOfNeedsReadsEitherOr() throws {
        let decision = engine.decide(Question(id: "t", text: "Deploy compute inside a 5G carrier network with real time responses.",
                                              options: Self.options(["Amazon S3", "AWS Wavelength"])))
        let s3 = try #require(decision.explanation.first { $0.hasPrefix("A ") })
        #expect(s3.contains("does not provide compute inside a 5G carrier network or real time"), "\(s3)")
    }

    /// An architecture addresses a problem it mitigates, as an option answer does; it does not
    /// "meet" hallucinations.
    @Test func anArchitectureAddressesAProblem() throws {
        let decision = engine.decide(Question(id: "t", text: "A support chatbot must answer only from our product manuals and must not make things up."),
                                     options: DecisionOptions(provider: .gcp))
        let top = try #require(decision.explanation.first { $0.hasPrefix("#1 ") })
        #expect(top.contains("addresses hallucination"), "\(top)")
        #expect(!top.contains("meets hallucination") && !top.contains(", hallucination"), "\(top)")
    }

    /// A need a component falls short of is said once: the shortfall with its reason, not again
    /// as one the architecture leaves unmet.
    @Test func anArchitecturesShortfallIsNotRepeatedAsUnmet() throws {
        let decision = engine.decide(Question(id: "t", text: "自社のデータセンターが Google の接続拠点から遠く、専用線を直接引き込めない。通信事業者を経由して Google Cloud とプライベートに接続したい。"),
                                     options: DecisionOptions(provider: .gcp))
        let dedicated = try #require(decision.explanation.first { $0.contains("Dedicated Interconnect は") && $0.contains("を満たせません") })
        #expect(!dedicated.contains("は満たされません"), "\(dedicated)")
    }

    /// When every option falls short, the one the engine leans to still says why.
    @Test func aLeadingOptionThatMeetsNothingSaysWhatItLacks() throws {
        let decision = engine.decide(Question(id: "t", text: "Read news articles aloud in a natural voice.",
                                              options: Self.options(["Amazon S3", "Amazon EC2"])))
        #expect(decision.abstention?.reason == .nothingFits)
        let first = try #require(decision.explanation.first { $0.hasPrefix("A ") })
        #expect(first.contains("does not provide text to speech"), "\(first)")
    }

    /// A rule that touches several options gives its reason once, in the first sentence that quotes it.
    @Test func aRuleTouchingSeveralOptionsGivesItsReasonOnce() {
        let text = "MLチームは、データ検証、再トレーニング、評価、デプロイという一連の手順を自動化したい。各実行で使用したデータセットとモデルのリネージを記録し、サーバーレスで運用したい。どのサービスを使用すべきですか。"
        let decision = engine.decide(Question(id: "t", text: text, options: Self.options(
            ["Vertex AI Pipelines", "GKE 上にセルフホストした Kubeflow Pipelines", "Compute Engine の cron ジョブ", "Cloud Composer"])))
        let quoting = decision.explanation.filter { $0.contains("gcp-managed-ml-pipelines-over-self-hosted") }
        #expect(quoting.count >= 2, "\(decision.explanation)")
        #expect(quoting.filter { $0.contains("gcp-managed-ml-pipelines-over-self-hosted が Vertex AI Pipelines に有利に働きます — ") }.count == 1)
        #expect(quoting.dropFirst().allSatisfy { $0.contains("(理由は前述)") }, "\(quoting)")
    }

    /// A modifier's written label names it, where its id spelt as words would read "l1 regularization".
    @Test func aModifierIsNamedByItsLabel() throws {
        #expect(Bundled.knowledge.modifiers["l1-regularization"]?.label == "L1 regularization")
        let decision = engine.decide(Question(id: "t", text: "The model has hundreds of features and many are irrelevant; the team wants a sparse model.",
                                              options: Self.options(["Apply L1 regularization", "Increase the learning rate"])))
        let explanation = decision.explanation.joined(separator: " ")
        #expect(explanation.contains("L1 regularization meets") && !explanation.contains("l1 regularization"), "\(explanation)")
    }

    /// In architecture mode a rule's reason is given where it first fires, as in option answers;
    /// the lower-ranked architectures name it without repeating the reason.
    @Test func anArchitectureRuleIsExplainedOnce() throws {
        let decision = engine.decide(Question(id: "t", text: "注文イベントがストリームで届くので、1 件ずつ自社で学習したモデルで判定し、その結果を低レイテンシで読み出せるデータベースに保存したい。"),
                                     options: DecisionOptions(provider: .aws))
        let ranked = decision.explanation.filter { $0.hasPrefix("#") }
        let mentioning = ranked.filter { $0.contains("single-model-plain-endpoint") }
        #expect(mentioning.count >= 2, "\(ranked)")
        // Named as Japanese explanations name the feature (its name_ja, else its name).
        let endpoint = try #require(Bundled.knowledge.services["aws.sagemaker.real-time-inference"])
        let named = endpoint.japaneseName ?? endpoint.name
        #expect(mentioning.filter { $0.contains("single-model-plain-endpoint が \(named) に有利に働きます — ") }.count == 1,
                "\(mentioning)")
        #expect(mentioning.dropFirst().allSatisfy { $0.contains("(理由は前述)") }, "the option answers' frame: \(mentioning)")
    }
}
