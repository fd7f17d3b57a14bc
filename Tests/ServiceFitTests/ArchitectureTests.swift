import Foundation
import Testing
@testable import ServiceFit

/// A need in our own words, the service the top architecture must contain, and a service that
/// must lose for a stated kind of reason.
struct ArchitectureNeed: CustomTestStringConvertible, Sendable {
    var text: String
    var provider: Provider?
    var top: String
    var whyNot: String
    var reason: WhyNot.Reason.Kind
    var testDescription: String { text }
}

@Suite struct ArchitectureTests {
    let engine = Bundled.engine

    static let needs: [ArchitectureNeed] = [
        .init(text: "Read news articles aloud to listeners in a natural voice.", provider: .aws, top: "aws.polly", whyNot: "aws.lex", reason: .sameNeedMetBy),
        .init(text: "Read news articles aloud to listeners in a natural voice.", provider: .gcp, top: "gcp.text-to-speech", whyNot: "aws.polly", reason: .otherProvider),
        .init(text: "記事を自然な声で読み上げたい。", provider: nil, top: "aws.polly", whyNot: "aws.transcribe", reason: .violates),
        // Lookout for Vision, the AWS answer these needs once had, is retired: the search proposes
        // its successors (a SageMaker-trained model on Greengrass at the edge; Custom Labels), and
        // asking about it says it is retired.
        .init(text: "オフライン環境の工場でカメラ映像から不良品を検出したい", provider: nil, top: "aws.greengrass", whyNot: "aws.kinesis-video-streams", reason: .moreComponents),
        .init(text: "オフライン環境の工場でカメラ映像から不良品を検出したい", provider: nil, top: "aws.sagemaker.object-detection", whyNot: "aws.lookout-for-vision", reason: .retired),
        .init(text: "Detect defective parts on a factory line from camera images.", provider: nil, top: "aws.rekognition.custom-labels", whyNot: "aws.rekognition", reason: .sameNeedMetBy),
        .init(text: "スキャンした請求書から文字を抽出したい", provider: nil, top: "aws.textract", whyNot: "aws.comprehend", reason: .meetsNoNeed),
        .init(text: "Extract text from scanned documents with OCR on Google Cloud.", provider: .gcp, top: "gcp.document-ai", whyNot: "gcp.natural-language", reason: .moreComponents),
        .init(text: "Recommend products to shoppers based on their browsing history.", provider: .aws, top: "aws.personalize", whyNot: "aws.forecast", reason: .meetsNoNeed),
        .init(text: "Recommend products to users based on past purchases.", provider: .gcp, top: "gcp.bigquery.ml", whyNot: "gcp.vision-api", reason: .meetsNoNeed),
        // Amazon Forecast is closed to new customers; SageMaker Canvas is the path AWS points to.
        .init(text: "Forecast product demand from historical sales time series.", provider: .aws, top: "aws.sagemaker.canvas", whyNot: "aws.personalize", reason: .meetsNoNeed),
        .init(text: "Forecast product demand from historical sales time series.", provider: .aws, top: "aws.sagemaker.canvas", whyNot: "aws.forecast", reason: .closedToNewCustomers),
        // Amazon Fraud Detector takes no new customers either: a model trained in SageMaker AI.
        .init(text: "決済時に不正な取引をリアルタイムで検知したい", provider: nil, top: "aws.sagemaker.autogluon-tabular", whyNot: "aws.fraud-detector", reason: .closedToNewCustomers),
        .init(text: "Detect anomalies in streaming sensor data in real time.", provider: .aws, top: "aws.sagemaker.random-cut-forest", whyNot: "aws.polly", reason: .moreComponents),
        .init(text: "Find unusual spikes in business metrics automatically.", provider: .aws, top: "aws.sagemaker.random-cut-forest", whyNot: "aws.lookout-for-metrics", reason: .retired),
        .init(text: "Run inference for traffic that is intermittent with long idle periods, paying nothing when idle.", provider: .aws,
              top: "aws.sagemaker.serverless-inference", whyNot: "aws.sagemaker.real-time-inference", reason: .lowerScore),
        .init(text: "推論リクエストが断続的で、アイドル時にはコストをかけたくない", provider: .aws,
              top: "aws.sagemaker.serverless-inference", whyNot: "aws.sagemaker.real-time-inference", reason: .lowerScore),
        .init(text: "Transcribe customer support calls into text.", provider: .aws, top: "aws.transcribe", whyNot: "aws.polly", reason: .moreComponents),
        .init(text: "Translate product reviews from Japanese into English.", provider: .gcp, top: "gcp.translation", whyNot: "gcp.natural-language", reason: .moreComponents),
        .init(text: "Detect the sentiment of customer reviews.", provider: .aws, top: "aws.comprehend", whyNot: "aws.translate", reason: .moreComponents),
        .init(text: "Build a chatbot that answers questions by voice and text.", provider: .aws, top: "aws.lex", whyNot: "aws.polly", reason: .moreComponents),
        .init(text: "Identify celebrities in uploaded photos with the least effort.", provider: .aws, top: "aws.rekognition", whyNot: "aws.sagemaker.image-classification", reason: .lowerScore),
        .init(text: "有名人を写真から最小限の労力で識別したい", provider: nil, top: "aws.rekognition", whyNot: "gcp.vision-api", reason: .lowerScore),
        .init(text: "顧客の通話を文字起こししたい", provider: .gcp, top: "gcp.speech-to-text", whyNot: "gcp.text-to-speech", reason: .addsNothing),
    ]

    private func decide(_ need: ArchitectureNeed) -> Decision {
        var options = DecisionOptions(provider: need.provider)
        options.architecture = ArchitectureRequest(top: 3, whyNot: need.whyNot)
        return engine.decide(Question(id: "need", text: need.text), options: options)
    }

    @Test(arguments: needs) func topArchitectureAndWhyNot(_ need: ArchitectureNeed) throws {
        let decision = decide(need)
        let best = try #require(decision.architectures?.first, "\(decision.text)")
        #expect(best.services.contains(need.top), "\(decision.text)")
        #expect(decision.picked == best.services)
        let whyNot = try #require(decision.whyNot)
        #expect(whyNot.reasons.contains { $0.kind == need.reason }, "\(whyNot.reasons.map { "\($0.kind): \($0.because)" })")
        #expect(!whyNot.reasons.contains { $0.kind == .chosen })
        // In the question's language, reasons included.
        if Engine.language(of: need.text) == .ja {
            #expect(decision.text.contains("を選ばない理由") && !decision.text.contains("Why not"), "\(decision.text)")
            #expect(!whyNot.reasons.contains { $0.because.contains(" the ") }, "\(whyNot.reasons.map(\.because))")
        } else {
            #expect(decision.text.contains("Why not"))
        }
    }

    /// Every architecture's score is the scorer's, the list is ranked by it, and no component is idle.
    @Test(arguments: needs) func rankedByTheOptionScorer(_ need: ArchitectureNeed) {
        let decision = decide(need)
        let generator = ArchitectureGenerator(knowledge: engine.knowledge)
        let architectures = decision.architectures ?? []
        for architecture in architectures {
            #expect(architecture.score == generator.assess(architecture.services, requirements: decision.requirements).score)
            #expect(architecture.assessment.idle.isEmpty, "\(architecture.services)")
        }
        #expect(architectures.map(\.score) == architectures.map(\.score).sorted(by: >))
        #expect(decision.candidates == architectures.map(\.assessment))
    }

    /// `ask` with options naming the top two architectures agrees with `ask` without options.
    @Test func optionsAndArchitecturesAgree() throws {
        for need in Self.needs.prefix(12) {
            let decision = decide(need)
            guard let architectures = decision.architectures, architectures.count > 1,
                  architectures[0].score > architectures[1].score else { continue }
            let names = architectures.prefix(2).map { $0.services.compactMap { engine.knowledge.services[$0]?.name }.joined(separator: " and ") }
            let question = Question(id: "agree", text: need.text,
                                    options: [OptionText(letter: "A", text: names[1]), OptionText(letter: "B", text: names[0])])
            let withOptions = engine.decide(question, options: DecisionOptions(provider: need.provider))
            let a = try #require(withOptions.candidates.first { $0.letter == "A" })
            let b = try #require(withOptions.candidates.first { $0.letter == "B" })
            #expect(b.score > a.score, "\(need.text): \(names)")
        }
    }

    @Test func avoidAndRequireSteerTheSearch() throws {
        var options = DecisionOptions(provider: .aws)
        options.architecture = ArchitectureRequest(top: 3, avoid: ["aws.polly"])
        let avoided = engine.decide(Question(id: "t", text: "Read news articles aloud in a natural voice."), options: options)
        #expect(!(avoided.architectures ?? []).contains { $0.services.contains("aws.polly") })
        options.architecture = ArchitectureRequest(top: 3, require: ["aws.s3"])
        let required = engine.decide(Question(id: "t", text: "Read news articles aloud in a natural voice."), options: options)
        let best = try #require(required.architectures?.first)
        #expect(best.services.contains("aws.s3") && best.services.contains("aws.polly"), "\(best.services)")
    }

    /// Options may name a retired service; an architecture the engine proposes never uses one,
    /// and asking why not says it is retired.
    @Test func retiredServicesAreNeverProposed() throws {
        let retired = Set(engine.knowledge.services.values.filter { $0.retired != nil }.map(\.id))
        #expect(!retired.isEmpty)
        for need in Self.needs.map(\.text) + ["Migrate an on-premises Oracle database to AWS with minimal downtime.",
                                              "Detect defects in product photos on the factory floor."] {
            let decision = engine.decide(Question(id: "need", text: need), options: DecisionOptions())
            for architecture in decision.architectures ?? [] {
                #expect(retired.isDisjoint(with: architecture.services), "\(need): \(architecture.services)")
            }
        }
        let id = try #require(retired.sorted().first)
        var options = DecisionOptions()
        options.architecture = ArchitectureRequest(top: 1, whyNot: id)
        let decision = engine.decide(Question(id: "need", text: "Detect defects in product photos on the factory floor."), options: options)
        #expect(decision.whyNot?.reasons.contains { $0.kind == .retired } ?? false, "\(decision.whyNot?.reasons.map(\.because) ?? [])")
    }

    /// The same for services closed to new customers: existing users keep them and options may
    /// name them, but new work cannot start on them.
    @Test func servicesClosedToNewCustomersAreNeverProposed() throws {
        let closed = Set(engine.knowledge.services.values.filter { $0.closedToNewCustomers != nil }.map(\.id))
        #expect(closed.isSuperset(of: ["aws.forecast", "aws.fraud-detector"]))
        for need in Self.needs.map(\.text) + ["Score every card payment for fraud in real time as it happens.",
                                              "過去の販売実績から来月の需要を予測したい"] {
            let decision = engine.decide(Question(id: "need", text: need), options: DecisionOptions())
            for architecture in decision.architectures ?? [] {
                #expect(closed.isDisjoint(with: architecture.services), "\(need): \(architecture.services)")
            }
        }
        var options = DecisionOptions()
        options.architecture = ArchitectureRequest(top: 1, require: ["aws.fraud-detector"])
        let required = engine.decide(Question(id: "need", text: "Score every card payment for fraud in real time."), options: options)
        #expect(required.architectures?.first?.services.contains("aws.fraud-detector") ?? false, "--require still adds a closed service")
    }

    /// A component weak at a problem tag "does little for" it (Japanese: への対処に向きません): an
    /// architecture's reasons speak of problems as option answers do, not as needs to meet.
    @Test func shortfallsOnAProblemSpeakOfTheProblem() throws {
        var options = DecisionOptions()
        options.architecture = ArchitectureRequest(top: 1, whyNot: "gcp.vertex-ai.gemini-tuning")
        options.provider = .gcp
        let text = "ラベル付きデータが少ないが、Google Cloud で基盤モデルをサポートチケットの分類に適応させたい。"
        let decision = engine.decide(Question(id: "problem", text: text), options: options)
        let weak = try #require(decision.whyNot?.reasons.first { $0.kind == .weak && $0.tag == "small-labeled-dataset" })
        #expect(weak.because.contains("への対処に向きません"), "\(weak.because)")
        #expect(!weak.because.contains("に不向きです"), "\(weak.because)")
    }

    @Test func tradeOffsNameTheRunnerUp() throws {
        let decision = engine.decide(Question(id: "t", text: "Read news articles aloud to listeners in a natural voice."))
        let tradeOff = try #require(decision.tradeOff)
        #expect(tradeOff.scoreDifference >= 0)
        #expect(decision.text.contains("Against #\(tradeOff.runnerUpRank) ("))
    }

    /// Zeta with its own feature Alpha ties with Zeta when nothing asks for Alpha; the winner is
    /// weighed against Zomega, the best different choice, however far down it ranks, and against
    /// nothing when only variants meet the need. Two features of a product neither set holds
    /// (Hub's One and Two) are different choices, not variants.
    @Test(arguments: [
        (["aws.zomega"], ["aws.zeta"], ["aws.zomega"], 3),
        (["aws.zomega", "aws.hub.one", "aws.hub.two"], ["aws.hub.one"], ["aws.hub.two"], 2),
        ([], ["aws.zeta"], nil, nil),
    ] as [([String], [String], [String]?, Int?)])
    func theWinnersRivalIsTheBestDifferentChoiceNotAVariantOfIt(others: [String], winner: [String], rival: [String]?, rivalRank: Int?) throws {
        var tags: [String: ServiceFit.Tag] = [:]
        tags["a"] = ServiceFit.Tag(id: "a", kind: .requirement)
        var services: [String: Service] = [:]
        for id in ["aws.zeta", "aws.zeta.alpha", "aws.hub"] + others {
            var service = Service(id: id, name: id, provider: .aws, category: "serve", stage: "serve",
                                  provides: id == "aws.hub" ? [:] : ["a": .full])
            service.parent = ["aws.zeta.alpha": "aws.zeta", "aws.hub.one": "aws.hub", "aws.hub.two": "aws.hub"][id]
            services[id] = service
        }
        let generator = ArchitectureGenerator(knowledge: KnowledgeBase(tags: tags, services: services))
        let result = generator.generate(requirements: generator.requirements(forTags: ["a"]), provider: .aws,
                                        request: ArchitectureRequest(top: 1))
        #expect(result.architectures.map(\.services) == [winner])
        #expect(result.rival?.services == rival)
        #expect(result.rival?.rank == rivalRank)
        #expect(result.rivalAtMost == nil)
        if let found = result.rival { #expect(!generator.isVariant(found, of: result.architectures[0])) }
    }

    // MARK: - The search against brute force, on a small generated catalog

    static func smallCatalog() -> KnowledgeBase {
        var tags: [String: ServiceFit.Tag] = [:]
        for id in ["a", "b", "c", "d"] { tags[id] = ServiceFit.Tag(id: id, kind: .requirement) }
        tags["cheap"] = ServiceFit.Tag(id: "cheap", kind: .objective)
        tags["offline"] = ServiceFit.Tag(id: "offline", kind: .constraint)
        let specs: [(String, String, [String: Strength], [Shortcoming])] = [
            ("aws.s1", "ingest", ["a": .full, "b": .partial], []),
            ("aws.s2", "store", ["b": .full], []),
            ("aws.s3", "store", ["b": .full, "c": .full], [Shortcoming(tag: "cheap", because: "It costs a lot.")]),
            ("aws.s4", "train", ["c": .full, "d": .partial, "cheap": .full], []),
            ("aws.s5", "serve", ["d": .full], []),
            ("aws.s6", "serve", ["d": .full, "a": .partial], []),
            ("aws.s7", "edge", ["offline": .full], []),
            ("aws.s8", "analyze", ["a": .full, "d": .full], [Shortcoming(tag: "offline", because: "It needs the cloud.")]),
            ("aws.s9", "transform", ["c": .partial, "cheap": .full], []),
        ]
        var services: [String: Service] = [:]
        for (id, stage, provides, violates) in specs {
            services[id] = Service(id: id, name: id, provider: .aws, category: stage, stage: stage, provides: provides, violates: violates)
        }
        return KnowledgeBase(tags: tags, services: services)
    }

    @Test(arguments: [["a", "b", "c", "d"], ["a", "c", "cheap"], ["b", "d", "offline"], ["a", "b", "c", "d", "offline", "cheap"]])
    func searchFindsTheBruteForceBest(_ tags: [String]) throws {
        let knowledge = Self.smallCatalog()
        let generator = ArchitectureGenerator(knowledge: knowledge)
        let requirements = generator.requirements(forTags: tags)
        let result = generator.generate(requirements: requirements, provider: .aws, request: ArchitectureRequest(top: 3))
        let best = try #require(result.architectures.first)
        // Every subset of up to 4 services, scored by the scorer.
        let ids = knowledge.services.keys.sorted()
        var bestScore = -Double.infinity
        for mask in 1..<(1 << ids.count) where mask.nonzeroBitCount <= 4 {
            let set = ids.indices.filter { mask & (1 << $0) != 0 }.map { ids[$0] }
            let assessment = generator.assess(set, requirements: requirements)
            // The search's architectures: every capability met at its best, no idle component.
            let metAtBest = requirements.filter { $0.kind == .requirement }.allSatisfy { requirement in
                let offered = knowledge.services.values.compactMap { $0.provides[requirement.tag]?.value }.max() ?? 0
                return (assessment.met.first { $0.tag == requirement.tag }?.strength.value ?? 0) >= offered
            }
            if metAtBest && assessment.idle.isEmpty { bestScore = max(bestScore, assessment.score) }
        }
        #expect(best.score >= bestScore, "\(best.services) \(best.score) vs \(bestScore)")
        #expect(result.statistics.nodes < 200)
    }

    /// "Prefer Y over W" says nothing when the search could never choose W for these needs, as
    /// between answer options that do not offer W; it counts once W is a choice.
    @Test(arguments: [("aws.w", "aws.x", false), ("aws.x", "aws.y", true)])
    func aRuleCountsOnlyWhenTheSearchCouldChooseTheOtherSide(penalized: String, expectedTop: String, fires: Bool) throws {
        var tags: [String: ServiceFit.Tag] = [:]
        for id in ["a", "c"] { tags[id] = ServiceFit.Tag(id: id, kind: .requirement) }
        var services: [String: Service] = [:]
        for (id, provides) in [("aws.x", ["a": Strength.full]), ("aws.y", ["a": .full]), ("aws.w", ["c": .full])] {
            services[id] = Service(id: id, name: id, provider: .aws, category: "serve", stage: "serve", provides: provides)
        }
        let rule = PreferenceRule(id: "y-over-other", when: ["a"], prefer: ["aws.y"], penalize: [penalized], weight: 1, because: "Y is better.")
        let knowledge = KnowledgeBase(tags: tags, services: services, rules: [rule])
        let generator = ArchitectureGenerator(knowledge: knowledge)
        let requirements = generator.requirements(forTags: ["a"])
        let result = generator.generate(requirements: requirements, provider: .aws, request: ArchitectureRequest(top: 2))
        let best = try #require(result.architectures.first)
        #expect(best.services == [expectedTop])
        #expect(best.assessment.firedRules.contains { $0.id == "y-over-other" } == fires)
        for architecture in result.architectures {
            #expect(architecture.score == generator.assess(architecture.services, requirements: requirements).score)
        }
    }

    /// Two sets that score alike and differ only in a feature standing where its own product
    /// would do as well: the product is the answer, whatever the ids. A feature tied with some
    /// other product is ordered by id as any tie.
    @Test(arguments: [("aws.zeta", "aws.zeta"), ("aws.beta", "aws.alpha")])
    func aProductGoesBeforeItsFeatureWhenNothingTellsThemApart(rival: String, expectedTop: String) throws {
        var tags: [String: ServiceFit.Tag] = [:]
        tags["a"] = ServiceFit.Tag(id: "a", kind: .requirement)
        var services: [String: Service] = [:]
        services["aws.zeta"] = Service(id: "aws.zeta", name: "Zeta", provider: .aws, category: "serve", stage: "serve",
                                       provides: rival == "aws.zeta" ? ["a": .full] : [:])
        var feature = Service(id: "aws.alpha", name: "Zeta Alpha", provider: .aws, category: "serve", stage: "serve", provides: ["a": .full])
        feature.parent = "aws.zeta"
        services["aws.alpha"] = feature
        if rival != "aws.zeta" {
            services[rival] = Service(id: rival, name: rival, provider: .aws, category: "serve", stage: "serve", provides: ["a": .full])
        }
        let generator = ArchitectureGenerator(knowledge: KnowledgeBase(tags: tags, services: services))
        let result = generator.generate(requirements: generator.requirements(forTags: ["a"]), provider: .aws,
                                        request: ArchitectureRequest(top: 2))
        let ranked = result.architectures.map(\.services)
        #expect(ranked.count == 2)
        #expect(result.architectures[0].score == result.architectures[1].score)
        #expect(ranked.first == [expectedTop])
    }

    @Test func dominatedServicesAreDroppedBeforeTheSearch() {
        let knowledge = Self.smallCatalog()
        let generator = ArchitectureGenerator(knowledge: knowledge)
        let requirements = generator.requirements(forTags: ["b"])
        // keep 1: s2 (b) is dominated by s3 only when s3's costs are not counted; with "cheap" absent s3 dominates s2.
        let problem = generator.problem(requirements: requirements, provider: .aws, request: ArchitectureRequest(top: 1))!
        let kept = ArchitectureGenerator.removingDominated(problem.candidates, keep: 1, forced: [])
        #expect(kept.count < problem.candidates.count || problem.candidates.count <= 1)
    }

    // MARK: - Diagrams

    static let mermaidPattern = #"^(flowchart LR|  subgraph [A-Za-z0-9_]+\["[^"]*"\]|    [A-Za-z0-9_]+\["[^"]*"\]|  end|  [A-Za-z0-9_]+ (-->|-\.->) [A-Za-z0-9_]+)$"#

    @Test func mermaidFollowsTheFlowchartGrammar() throws {
        let decision = engine.decide(Question(id: "t", text: "オフライン環境の工場でカメラ映像から不良品を検出したい"))
        let best = try #require(decision.architectures?.first)
        let text = MermaidDiagram().render(best, knowledge: engine.knowledge)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        let grammar = try Regex(Self.mermaidPattern)
        for line in lines { #expect(line.wholeMatch(of: grammar) != nil, "\(line)") }
        #expect(lines.filter { $0.hasPrefix("  subgraph") }.count == lines.filter { $0 == "  end" }.count)
        // Stages left to right: the edge group comes before the training group, with a flow between.
        let edge = try #require(lines.firstIndex { $0.contains("stage_edge") })
        let train = try #require(lines.firstIndex { $0.contains("stage_train") })
        #expect(edge < train)
        #expect(text.contains("n_aws_greengrass --> n_aws_sagemaker_object_detection"))
        // Every node used in an edge is declared.
        let declared = Set(lines.compactMap { $0.hasPrefix("    ") ? String($0.dropFirst(4).prefix { $0 != "[" }) : nil })
        for line in lines where line.contains("-->") || line.contains("-.->") {
            for node in line.split(separator: " ").map(String.init) where node.hasPrefix("n_") { #expect(declared.contains(node)) }
        }
    }

    @Test func dotIsAcceptedByGraphviz() throws {
        let decision = engine.decide(Question(id: "t", text: "オフライン環境の工場でカメラ映像から不良品を検出したい"))
        let best = try #require(decision.architectures?.first)
        let text = DOTDiagram().render(best, knowledge: engine.knowledge)
        #expect(text.hasPrefix("digraph architecture {") && text.hasSuffix("}"))
        #expect(text.contains("\"aws.greengrass\" -> \"aws.sagemaker.object-detection\";"))
        guard let dot = ["/usr/bin/dot", "/usr/local/bin/dot"].first(where: FileManager.default.isExecutableFile(atPath:)) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: stderr, as: UTF8.self))")
        #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
    }
}
