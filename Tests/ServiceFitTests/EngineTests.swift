import Testing
@testable import ServiceFit

/// The three scenarios the engine was designed around, in both languages.
@Suite struct EngineTests {
    let engine = Bundled.engine

    static let duplicateInquiries: [(String, [OptionText])] = [
        ("A support team wants to spot customer inquiries that duplicate earlier ones by how similar their content is. Which SageMaker built-in algorithm fits?",
         options(["SageMaker BlazingText", "SageMaker Object2Vec", "SageMaker K-means", "SageMaker DeepAR"])),
        ("サポート窓口に届く問い合わせのうち、内容の類似度から重複しているものを見つけたい。どのSageMaker組み込みアルゴリズムが適切か。",
         options(["SageMaker BlazingText", "SageMaker Object2Vec", "SageMaker K-means", "SageMaker DeepAR"])),
    ]

    static func options(_ texts: [String]) -> [OptionText] {
        zip(["A", "B", "C", "D", "E"], texts).map { OptionText(letter: $0, text: $1) }
    }

    @Test(arguments: duplicateInquiries)
    func duplicateInquiriesNeedObject2Vec(_ text: String, _ options: [OptionText]) {
        let decision = engine.decide(Question(id: "t", text: text, options: options))
        #expect(decision.picked == ["B"], "\(decision.text)")
    }

    /// A question that names no provider is about the one its options name: a name both
    /// providers use reads as that provider's, in every option and in the question itself.
    @Test func aNameBothProvidersUseReadsAsTheOptionsProvider() throws {
        let natOptions = Self.options(["Cloud NAT", "A NAT gateway on a VM the team builds", "Private Google Access"])
        let nat = engine.decide(Question(id: "t", text: "VMs without external IP addresses must download OS updates from the internet.",
                                         options: natOptions))
        #expect(nat.candidates[1].services.contains("gcp.cloud-nat"), "\(nat.candidates[1].services)")
        #expect(!nat.candidates[1].services.contains("aws.vpc.nat-gateway"))

        let iamOptions = Self.options(["均一なバケットレベルのアクセス", "オブジェクトのバージョニング", "署名付き URL"])
        let iam = engine.decide(Question(id: "t", text: "バケットへのアクセスは IAM ポリシーだけで管理し、オブジェクト単位の ACL は使わない。",
                                         options: iamOptions))
        let given = iam.requirements.compactMap(\.givenBy)
        #expect(given.contains("gcp.cloud-iam"), "\(iam.requirements)")
        #expect(!given.contains("aws.iam"))
    }

    /// A service whose name is also a tag phrase ("BigQuery dataset") still tells which provider
    /// the question is about: the tag on the same words comes first in the reading and once took
    /// the place's vote, so the question had no provider.
    @Test func aNameThatIsAlsoATagPhraseVotesForItsProvider() {
        let decision = engine.decide(Question(id: "t", text: "Analysts query a BigQuery dataset every morning and the reports are slow.",
                                              options: Self.options(["Partition the table by date", "Add more analysts"])))
        #expect(decision.requirements.contains { $0.tag == "data-in-warehouse" && $0.evidence == "BigQuery dataset" })
        #expect(decision.provider == .gcp)
    }

    /// A modifier that only takes words sets aside the service its words name: "without a
    /// placement group" chooses no placement group, though the name is found inside it.
    /// Named again outside those words, the service is still chosen.
    @Test(arguments: [("Launch the instances without a placement group across three Availability Zones.", [String]()),
                      ("プレイスメントグループは使わず、3 つのアベイラビリティーゾーンに分散して起動する。", []),
                      ("Put the HPC nodes in a cluster placement group and run the web tier without a placement group.",
                       ["aws.ec2.cluster-placement-group"])])
    func anOptionThatSetsAServiceAsideDoesNotChooseIt(option: String, services: [String]) throws {
        let decision = engine.decide(Question(id: "t", text: "Web servers must survive the loss of one Availability Zone.",
                                              options: Self.options([option, "Use a cluster placement group."])))
        #expect(decision.candidates[0].services == services, "\(decision.candidates[0].services)")
        #expect(decision.candidates[0].modifiers.contains("placement-group-set-aside"))
        #expect(decision.candidates[1].services == ["aws.ec2.cluster-placement-group"])
    }

    static let analytics: [String] = [
        "A social game sends player usage analytics as JSON. The team does not want to manage infrastructure, needs the data available for analysis right away, and wants a cost-effective, scalable design.",
        "ソーシャルゲームの利用状況データをJSONで収集している。インフラを管理したくない。データはすぐに分析できるようにしたい。コスト効率が高くスケーラブルな構成が求められる。",
    ]
    static let analyticsOptions = options([
        "Kinesis Data Streams, then an AWS Lambda function that writes the records to Amazon S3, then an AWS Glue ETL job every 15 minutes that converts the JSON to Parquet, then a Glue crawler and Amazon Athena",
        "Kinesis Data Firehose that converts the records to Parquet while delivering them to Amazon S3, then a Glue crawler and Amazon Athena",
    ])

    @Test(arguments: analytics)
    func managedConversionBeatsScheduledCustomCode(_ text: String) {
        let decision = engine.decide(Question(id: "t", text: text, options: Self.analyticsOptions))
        #expect(decision.picked == ["B"], "\(decision.text)")
        let japanese = Engine.language(of: text) == .ja
        let loser = decision.explanation.first { $0.hasPrefix("A ") } ?? ""
        #expect(loser.contains("every 15 minutes"), "\(loser)")
        #expect(loser.contains(japanese ? "カスタムコード" : "custom code"), "\(loser)")
        let winner = decision.explanation.first { $0.hasPrefix("B ") } ?? ""
        #expect(winner.contains(japanese ? "Firehose が" : "Firehose meets") && winner.contains(japanese ? "Parquet" : "conversion to Parquet"), "\(winner)")
    }

    static let celebrities = [
        "A photo-sharing app must recognise well-known celebrities in users' face photos with the least effort.",
        "写真共有アプリで、ユーザーの顔写真に写っている著名人を最小限の労力で識別したい。",
    ]

    @Test(arguments: celebrities)
    func celebritiesNeedRekognitionAndPredictIsABluff(_ text: String) {
        let options = Self.options(["Amazon Predict", "Amazon Rekognition", "Amazon Polly", "Amazon Comprehend"])
        let decision = engine.decide(Question(id: "t", text: text, options: options))
        #expect(decision.picked == ["B"], "\(decision.text)")
        #expect(decision.candidates[0].unknown == ["Amazon Predict"])
        #expect(decision.text.contains(Engine.language(of: text) == .ja ? "実在する AWS / Google Cloud の製品ではない" : "no real AWS or Google Cloud product"))
        #expect(decision.requirements.contains { $0.tag == "least-effort" })
    }

    @Test(arguments: [
        ("Use Amazon RandomCut Forest on the metrics", "aws.sagemaker.random-cut-forest"),
        ("Catalog the files with the AWS GlueData Catalog", "aws.glue.data-catalog"),
    ])
    func looselyWrittenNamesAreKnownNotBluffs(_ option: String, _ service: String) {
        let decision = engine.decide(Question(id: "t", text: "Find unusual spikes.", options: Self.options([option, "Amazon Polly"])))
        #expect(decision.candidates[0].unknown.isEmpty)
        #expect(decision.candidates[0].services.contains(service), "\(decision.candidates[0].services)")
    }

    @Test func oneEditAwayIsLinearAndExact() {
        func check(_ a: String, _ b: String) -> Bool { TextReader.withinOneEdit(Array(a.utf8), Array(b.utf8)) }
        #expect(check("amazonsqs", "amazonsos"))
        #expect(check("kinesis", "kinesiss"))
        #expect(check("kinesis", "kinesi"))
        #expect(!check("kinesis", "kenisys"))
        #expect(!check("abc", "abcde"))
    }

    /// The index of loose names against comparing every name: every name one edit from a
    /// misspelling of a shipped name (each byte changed, dropped or doubled, and a byte added at
    /// each end), among names that mostly begin alike.
    @Test func nearNamesIndexFindsWhatComparingEveryNameFinds() {
        let names = Bundled.engine.knowledge.services.values.flatMap { service in service.allNames.map(TextReader.squeeze) }
            .filter { !$0.isEmpty }
        let sorted = Set(names).sorted().map { (key: $0, value: PhraseMeaning.service($0)) }
        let index = TextReader.SqueezedNameIndex(sorted)
        let all = sorted.map { Array($0.key.utf8) }
        var compared = 0
        for name in stride(from: 0, to: all.count, by: 6).map({ all[$0] }) {
            var misspellings: [[UInt8]] = [[0x78] + name, name + [0x78]]
            for position in name.indices {
                var changed = name
                changed[position] = changed[position] == 0x71 ? 0x7A : 0x71
                var dropped = name
                dropped.remove(at: position)
                var doubled = name
                doubled.insert(name[position], at: position)
                misspellings += [changed, dropped, doubled]
            }
            for query in misspellings where !query.isEmpty {
                var viaIndex = Set<[UInt8]>()
                index.forEachName(near: query) { if TextReader.withinOneEdit($0.name, query) { viaIndex.insert($0.name) } }
                let byComparing = Set(all.filter { TextReader.withinOneEdit($0, query) })
                #expect(viaIndex == byComparing, "\(String(decoding: query, as: UTF8.self))")
                compared += 1
            }
        }
        #expect(compared > 3_000)
    }

    /// A problem in the scenario (a tag of kind `problem`) is addressed or made worse, not met
    /// or ruled out, and the question describes it rather than asks for it.
    @Test(arguments: [
        ("The model scores well on the training set but poorly on the validation set. What should the team do?",
         ["Apply L2 regularization", "Add more layers to the network", "Increase the learning rate"],
         ["The question describes overfitting", "addresses overfitting", "makes overfitting worse", "it does not address overfitting"]),
        ("モデルは訓練データでは精度が高いが、検証データでは精度が低い。どうすべきか。",
         ["L2正則化を適用する", "モデルの層を増やす", "学習率を上げる"],
         ["問題文の課題: 過学習", "過学習 に対処します", "過学習 を悪化させます", "過学習 に対処しません"]),
    ])
    func problemsAreAddressedOrMadeWorse(_ text: String, _ options: [String], _ phrases: [String]) {
        let decision = engine.decide(Question(id: "t", text: text, options: Self.options(options)))
        #expect(decision.picked == ["A"])
        for phrase in phrases { #expect(decision.text.contains(phrase), "\(phrase) in \(decision.text)") }
        #expect(!decision.text.contains("meets overfitting") && !decision.text.contains("過学習 を満たします"))
    }

    /// A name several services answer to stands for one of them. A feature name two products
    /// share stands for the feature of the product the option names in full, else the one the
    /// question names; a name of two providers ("VPC Flow Logs") for the provider the option names
    /// elsewhere, else the question's; with none of these, the first by id. The last element is
    /// what the sharing services' ids end with: exactly one of them is read.
    @Test(arguments: [
        ("On Google Cloud, the team must record the network flows of Compute Engine VMs.", "VPC Flow Logs", "gcp.vpc-flow-logs", "flow-logs"),
        ("On AWS, the team must record the network flows of EC2 instances.", "VPC Flow Logs", "aws.vpc.flow-logs", "flow-logs"),
        ("The team must record the network flows of its virtual machines.", "VPC Flow Logs exported to BigQuery", "gcp.vpc-flow-logs", "flow-logs"),
        ("The team must record the network flows of its virtual machines.", "VPC Flow Logs", "aws.vpc.flow-logs", "flow-logs"),
        ("A Kinesis Data Streams stream is throttled at every peak and nobody wants to manage shards.",
         "Switch to on-demand capacity mode", "aws.kinesis-data-streams.on-demand", "on-demand"),
        ("A DynamoDB table sees traffic nobody can predict and nobody wants to plan capacity.",
         "Switch to on-demand capacity mode", "aws.dynamodb.on-demand", "on-demand"),
        ("Kinesis Data Streams のストリームがピークのたびにスロットリングされる。",
         "オンデマンドキャパシティモードに切り替える", "aws.kinesis-data-streams.on-demand", "on-demand"),
        ("Reports overload the primary Cloud SQL for MySQL instance.", "Add a read replica", "gcp.cloud-sql.read-replicas", "read-replicas"),
        ("Reports overload the primary Amazon RDS for MySQL instance.", "Add a read replica", "aws.rds.read-replicas", "read-replicas"),
        ("Amazon RDS for PostgreSQL のデータベースを3年間使い続ける。", "リザーブドインスタンスを購入する", "aws.rds.reserved-instances", "reserved-instances"),
        ("A fleet of Amazon EC2 instances will run for three years.", "Buy Reserved Instances", "aws.ec2.reserved-instances", "reserved-instances"),
        ("The database will run steadily for three years.", "Amazon RDS for PostgreSQL with Reserved Instances",
         "aws.rds.reserved-instances", "reserved-instances"),
    ])
    func aSharedNameIsReadForWhatElseTheTextNames(_ text: String, _ option: String, _ service: String, _ family: String) {
        let decision = engine.decide(Question(id: "t", text: text, options: Self.options([option, "Amazon Polly"])))
        let named = decision.candidates[0].services
        #expect(named.contains(service), "\(named)")
        #expect(named.filter { $0.hasSuffix(family) }.count == 1, "\(named)")
    }

    /// A shared name after the option's full name of one of its services ("an RDS Read Replica …
    /// the Read Replica") is that service again, not another provider's.
    @Test func aSharedNameRepeatsTheServiceNamedInFull() {
        let option = "Launch an RDS Read Replica and send the report queries to the Read Replica"
        let decision = engine.decide(Question(id: "t", text: "Report queries slow down the web application's database.",
                                              options: Self.options([option, "Amazon Polly"])))
        #expect(decision.candidates[0].services.filter { $0.hasSuffix("read-replicas") } == ["aws.rds.read-replicas"])
    }

    @Test func abstainsWhenNoOptionNamesAService() {
        let options = Self.options(["86 percent", "90 percent", "80 percent"])
        let decision = engine.decide(Question(id: "t", text: "What share of the test images did the model label correctly?", options: options))
        #expect(decision.picked.isEmpty)
        #expect(decision.abstention?.reason == .noServiceNamed)
    }

    /// Metrics are ways of judging a model now (technique modifiers), so a question about a
    /// confusion matrix names something; with no need stated, it still does not guess.
    @Test func aMetricQuestionWithNoStatedNeedAbstains() {
        let options = Self.options(["Precision is 86%", "Recall is 90%", "Accuracy is 80%"])
        let decision = engine.decide(Question(id: "t", text: "Which number is shown in this confusion matrix?", options: options))
        #expect(decision.picked.isEmpty)
        #expect(decision.abstention != nil)
    }

    @Test func picksAsManyAsTheQuestionAsks() {
        let options = Self.options(["Amazon Polly", "Amazon Transcribe", "Amazon Rekognition", "Amazon Translate"])
        let decision = engine.decide(Question(
            id: "t", text: "A call center must turn recorded calls into text and then translate the transcripts into Spanish. (Choose two.)",
            options: options))
        #expect(decision.selectCount == 2)
        #expect(decision.picked == ["B", "D"], "\(decision.text)")
    }

    /// "Choose two" asking for two ways to do one thing: a set of one right option and a bystander
    /// must lose to a set of two that each fit, and the explanation says the second fits alone.
    @Test func choosingTwoWeighsEachMemberOnItsOwn() {
        let options = Self.options(["Amazon Lex", "Amazon Polly", "Amazon Comprehend", "Amazon Kendra", "Amazon Bedrock"])
        let decision = engine.decide(Question(
            id: "t", text: "Label every stored chat transcript as positive, neutral or negative. Which two services can do it? (Choose two.)",
            options: options))
        #expect(decision.leaning == ["C", "E"], "\(decision.text)")
        let together = decision.explanation.first { $0.hasPrefix("Together") } ?? ""
        #expect(together.contains("Amazon Bedrock also meets"), "\(together)")
        #expect(!together.contains("adds nothing"), "\(together)")
    }

    @Test func withoutOptionsNamesTheServicesThatCover() {
        let decision = engine.decide(Question(id: "t", text: "Read news articles aloud to listeners in a natural voice."))
        #expect(decision.picked.contains("aws.polly") || decision.picked.contains("gcp.text-to-speech"), "\(decision.text)")
        let gcp = engine.decide(Question(id: "t", text: "Read news articles aloud to listeners in a natural voice."),
                                options: DecisionOptions(provider: .gcp))
        #expect(gcp.picked.allSatisfy { $0.hasPrefix("gcp.") })
    }

    @Test func explanationsFollowTheQuestionsLanguageUnlessAsked() {
        let question = Question(id: "t", text: Self.analytics[1], options: Self.analyticsOptions)
        #expect(engine.decide(question).explanation[0].hasPrefix("問題文の要件"))
        var english = DecisionOptions()
        english.explanationLanguage = .en
        #expect(engine.decide(question, options: english).explanation[0].hasPrefix("The question asks for"))
        #expect(Engine.language(of: "Use Amazon S3.") == .en)
        #expect(Engine.language(of: "Amazon S3 を使ってデータを保存する。") == .ja)
    }

    @Test func decisionsAreDeterministic() {
        let question = Question(id: "t", text: Self.analytics[1], options: Self.analyticsOptions)
        #expect(engine.decide(question) == engine.decide(question))
    }
}

/// A rule that prefers X over Y compares two choices: it rewards X only when some option offers
/// Y, and charges Y only when some option offers X. With one side missing it says nothing about
/// the options there are.
@Suite struct ComparativeRuleTests {
    static let engine: Engine = {
        let (knowledge, _) = Bundled.knowledge([
            "tags.yaml": """
            tags:
              - id: streaming
                kind: requirement
                meaning: Events as they happen.
                phrases: {en: [event stream], ja: [イベントストリーム]}
            """,
            "services.yaml": """
            provider: aws
            services:
              - id: aws.kinesis-data-streams
                name: Amazon Kinesis Data Streams
                category: streaming
                provides: {streaming: full}
              - id: aws.sqs
                name: Amazon SQS
                category: messaging
                provides: {streaming: partial}
              - id: aws.sns
                name: Amazon SNS
                category: messaging
                provides: {streaming: partial}
            """,
            "rules.yaml": """
            rules:
              - id: streams-over-queues
                when: [streaming]
                prefer: [aws.kinesis-data-streams]
                penalize: [aws.sqs]
                weight: 1.0
                because: A stream keeps the order and lets many readers replay it.
                because_ja: ストリームは順序を保ち、複数の読み手が再生できる。
            """,
        ])
        return Engine(knowledge: knowledge)
    }()

    static func firedRules(_ options: [String]) -> [String: [String]] {
        let decision = engine.decide(Question(id: "t", text: "Read every event stream.", options: EngineTests.options(options)))
        return Dictionary(uniqueKeysWithValues: decision.candidates.map { ($0.letter, $0.firedRules.map(\.target)) })
    }

    @Test func bothSidesOfferedFireBothWays() {
        #expect(Self.firedRules(["Amazon Kinesis Data Streams", "Amazon SQS"]) == ["A": ["aws.kinesis-data-streams"], "B": ["aws.sqs"]])
    }

    @Test func aMissingSideLeavesTheOtherAlone() {
        #expect(Self.firedRules(["Amazon SQS", "Amazon SNS"]) == ["A": [], "B": []])
        #expect(Self.firedRules(["Amazon Kinesis Data Streams", "Amazon SNS"]) == ["A": [], "B": []])
    }
}

/// A need a service the question names already meets is context: an option weak at it loses
/// nothing for that (the Auto Scaling group need not balance load behind the company's load
/// balancer), while one that breaks it still pays in full.
@Suite struct ContextShortfallTests {
    static let engine: Engine = {
        let (knowledge, _) = Bundled.knowledge([
            "tags.yaml": """
            tags:
              - id: load-balancing
                kind: requirement
                meaning: Spread requests over servers.
                phrases: {en: [load balancer], ja: [ロードバランサー]}
              - id: scalable
                kind: objective
                meaning: Grow with the load.
                phrases: {en: [follow the load], ja: [負荷に合わせて]}
            """,
            "services.yaml": """
            provider: aws
            services:
              - id: aws.elb
                name: Elastic Load Balancing
                aliases: [Application Load Balancer]
                category: networking
                provides: {load-balancing: full}
              - id: aws.ec2-auto-scaling
                name: Amazon EC2 Auto Scaling
                category: compute
                provides: {scalable: full}
                weakAt: {load-balancing: It adds and removes instances; it does not spread requests over them.}
              - id: aws.route53
                name: Amazon Route 53
                category: networking
                provides: {scalable: partial}
                violates: {load-balancing: DNS answers are cached, so requests cannot be spread by load.}
            """,
        ])
        return Engine(knowledge: knowledge)
    }()

    @Test func weakAtContextCostsNothingBreakingItCostsInFull() {
        let question = Question(id: "t", text: "The web servers sit behind an Application Load Balancer, and capacity must follow the load.",
                                options: EngineTests.options(["Amazon EC2 Auto Scaling", "Amazon Route 53"]))
        let decision = Self.engine.decide(question)
        #expect(decision.requirements.first { $0.tag == "load-balancing" }?.givenBy == "aws.elb")
        let byLetter = Dictionary(uniqueKeysWithValues: decision.candidates.map { ($0.letter, $0) })
        #expect(byLetter["A"]?.violated.isEmpty == true, "\(decision.text)")
        #expect(byLetter["B"]?.violated.map(\.tag) == ["load-balancing"], "\(decision.text)")
        #expect(decision.picked == ["A"])
    }
}
