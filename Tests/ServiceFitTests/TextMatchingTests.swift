import Testing
@testable import ServiceFit

@Suite struct TextNormalizerTests {
    @Test func foldsWidthCaseAndWhitespace() {
        #expect(TextNormalizer.normalize("  Ｋｉｎｅｓｉｓ\tData\n\nFIREHOSE  ") == "kinesis data firehose")
        #expect(TextNormalizer.normalize("ﾘｱﾙﾀｲﾑ") == "リアルタイム")
        #expect(TextNormalizer.normalize("doesn’t — need") == "doesn't - need")
    }

    @Test func keepsTheWayBackToTheOriginalText() {
        let text = TextNormalizer.normalizeWithOrigins("Use  ＡＷＳ Glue now")
        let bytes = String(decoding: text.bytes, as: UTF8.self)
        let range = bytes.range(of: "aws glue")!
        let start = bytes.utf8.distance(from: bytes.startIndex, to: range.lowerBound)
        #expect(text.originalText(start..<start + 8) == "ＡＷＳ Glue")
    }
}

@Suite struct PhraseMatcherTests {
    private func found(_ phrases: [String], in text: String) -> [String] {
        let matcher = PhraseMatcher(phrases: phrases)
        let normalized = TextNormalizer.normalizeWithOrigins(text)
        return matcher.matches(in: normalized.bytes).map { normalized.originalText($0.range) }
    }

    /// 「SQL クエリ」 and 「SQLクエリ」 are the same words: a phrase written either way finds both,
    /// and the evidence is quoted as the text wrote it.
    @Test func aSpaceBetweenLatinAndJapaneseDoesNotMatter() {
        #expect(found(["SQL クエリ"], in: "標準SQLクエリで分析する") == ["SQLクエリ"])
        #expect(found(["SQLクエリ"], in: "標準 SQL クエリで分析する") == ["SQL クエリ"])
        #expect(found(["Lambda 関数"], in: "既存のLambda関数を呼ぶ") == ["Lambda関数"])
        #expect(found(["15 分ごと"], in: "15分ごとに実行") == ["15分ごと"])
        // English words still need their boundaries, and spaces between Latin words stay.
        #expect(found(["nat"], in: "NAT ゲートウェイ") == ["NAT"])
        #expect(found(["data firehose"], in: "Data Firehose で配信") == ["Data Firehose"])
        #expect(TextNormalizer.normalize("Amazon S3 バケット に 保存") == "amazon s3バケットに保存")
        // A sentence wrapped across lines is one sentence.
        #expect(found(["リアルタイム"], in: "データをリアル\nタイムで処理する") == ["リアル\nタイム"])
        #expect(found(["リアルタイム"], in: "データをリアル\r\n  タイムで処理する") == ["リアル\r\n  タイム"])
    }

    @Test func englishPhrasesNeedWordBoundaries() {
        #expect(found(["lex"], in: "a complex lexicon") == [])
        #expect(found(["lex"], in: "use Lex, then") == ["Lex"])
        // A word starts after a space, punctuation or Japanese, and inside a phrase as in the text.
        #expect(found(["s3"], in: "データをS3に置く") == ["S3"])
        #expect(found(["amazon s3"], in: "(Amazon S3) but not xamazon s3") == ["Amazon S3"])
        #expect(found(["pub/sub", "sub"], in: "Pub/Sub, or a subtopic") == ["Pub/Sub", "Sub"])
        #expect(found(["3"], in: "S3 or 3") == ["3"])
    }

    @Test func toleratesPlurals() {
        #expect(found(["stream"], in: "two streams") == ["streams"])
        #expect(found(["class"], in: "many classes") == ["classes"])
    }

    @Test func japaneseMatchesWithoutTokenizer() {
        #expect(found(["リアルタイム"], in: "データをリアルタイムで処理する") == ["リアルタイム"])
    }

    @Test func numberPlaceholderMatchesAnyNumberButLiteralDigitsMustAgree() {
        #expect(found(["every {n} minutes"], in: "run every 15 minutes and every 5 minutes") == ["every 15 minutes", "every 5 minutes"])
        #expect(found(["{n}分ごと"], in: "15分ごとに実行") == ["15分ごと"])
        #expect(found(["s3"], in: "Amazon S3 and S4") == ["S3"])
    }

    /// Every phrase tried at every position, with the rules for digits, word boundaries and
    /// plurals written out plainly: what the automaton must find, in the order it must find it
    /// (by end, longer first, then by pattern).
    static func tryingEveryPhrase(_ patterns: [[UInt8]], in text: [UInt8]) -> [PhraseMatcher.Match] {
        var raw: [(end: Int, length: Int, pattern: Int)] = []
        for (index, pattern) in patterns.enumerated() {
            for variant in PhraseMatcher.expandNumbers(pattern) where !variant.isEmpty && variant.count <= text.count {
                let folded = variant.map(PhraseMatcher.fold)
                for end in folded.count...text.count where text[(end - folded.count)..<end].map(PhraseMatcher.fold) == folded {
                    raw.append((end, folded.count, index))
                }
            }
        }
        raw.sort { ($0.end, -$0.length, $0.pattern) < ($1.end, -$1.length, $1.pattern) }
        let word = PhraseMatcher.isWordByte
        return raw.compactMap { end, length, pattern in
            let start = end - length, bytes = patterns[pattern]
            if bytes.contains(where: { (0x30...0x39).contains($0) }), length == bytes.count, Array(text[start..<end]) != bytes { return nil }
            if start > 0, word(text[start]), word(text[start - 1]) { return nil }
            guard end < text.count, word(text[end - 1]), word(text[end]) else { return .init(pattern: pattern, range: start..<end) }
            let rest = text[end...].prefix { word($0) }
            if rest.elementsEqual("s".utf8) || rest.elementsEqual("es".utf8) { return .init(pattern: pattern, range: start..<(end + rest.count)) }
            return nil
        }
    }

    /// The automaton (full rows near the root, sparse edges and failure links below) against
    /// trying every phrase everywhere, on text cut from the shipped phrases so matches overlap,
    /// nest and break off at every depth.
    @Test func findsWhatTryingEveryPhraseEverywhereFinds() {
        let shipped = Bundled.engine.reader.normalizedPhrases
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let phrases = (0..<300).map { _ in shipped[next(shipped.count)] }
            + ["every {n} minutes", "{n}分ごと", "s3", "ec2", "a", "amazon", "amazon s3", "{n}{n}", "99.9%", "x"]
        let patterns = phrases.map { Array(TextNormalizer.normalize($0).utf8) }
        let matcher = PhraseMatcher(phrases: phrases)
        for _ in 0..<400 {
            var text: [UInt8] = []
            for _ in 0..<next(14) {
                let phrase = patterns[next(patterns.count)]
                switch next(7) {
                case 0, 1: text += phrase
                case 2: text += phrase.prefix(next(phrase.count + 1))
                case 3: text += phrase.suffix(next(phrase.count + 1))
                case 4: text += Array(String(next(2000)).utf8)
                case 5: text += Array(["s", "es", "-", "の", "amazon "][next(5)].utf8)
                default: text.append(0x20)
                }
            }
            #expect(matcher.matches(in: text) == Self.tryingEveryPhrase(patterns, in: text), "\(String(decoding: text, as: UTF8.self))")
        }
    }

    /// A phrase that begins with a word starts only where a word starts: at the text's start,
    /// after a space, punctuation or Japanese. Inside a word the automaton stays at its root, from
    /// where only phrases that begin otherwise (Japanese, punctuation) can start.
    @Test func aWordPhraseStartsOnlyWhereAWordStarts() {
        let matcher = PhraseMatcher(phrases: ["ai", "s3", ".net", "の"])
        func starts(_ text: String) -> [Int] { matcher.matches(in: Array(text.utf8)).map(\.range.lowerBound) }
        #expect(starts("ai") == [0])
        #expect(starts("maintain") == [])
        #expect(starts("use ai") == [4])
        #expect(starts("(ai)") == [1])
        #expect(starts("生成ai") == [6])
        #expect(starts("aws3") == [])
        #expect(starts("asp.net") == [3])
        #expect(starts("xの") == [1])
        // Upper case never reaches the matcher, and no phrase uses it; it is still a word byte.
        #expect(starts("Xs3 x-s3") == [6])
    }

    @Test func overlappingPhrasesAreAllReported() {
        #expect(Set(found(["kinesis data firehose", "data firehose", "firehose"], in: "Kinesis Data Firehose"))
            == ["Kinesis Data Firehose", "Data Firehose", "Firehose"])
    }
}

@Suite struct TextReaderTests {
    private let knowledge = Bundled.knowledge(["tags.yaml": """
        tags:
          - id: real-time
            kind: constraint
            meaning: now
            phrases: {en: [real time], ja: [リアルタイム]}
        """, "language.yaml": """
        language:
          negation: {en: ["does not need to be {}"], ja: ["{}である必要はない"]}
        """, "services.yaml": """
        provider: aws
        services:
          - id: aws.kinesis-data-streams
            name: Amazon Kinesis Data Streams
            aliases: [Kinesis Data Streams, Kinesis]
            category: streaming
            provides: {real-time: full}
          - id: aws.data-firehose
            name: Amazon Data Firehose
            aliases: [Kinesis Data Firehose]
            category: streaming
            provides: {real-time: partial}
        """]).0

    @Test func longestNameWins() {
        let reading = TextReader(knowledge: knowledge).read("Send it to Kinesis Data Firehose.")
        #expect(reading.occurrences(in: .names).map(\.meaning) == [.service("aws.data-firehose")])
    }

    @Test(arguments: ["The report does not need to be real time.", "レポートはリアルタイムである必要はない。"])
    func negatedFormsDoNotRaiseTheTag(_ text: String) {
        let reading = TextReader(knowledge: knowledge).read(text)
        #expect(reading.occurrences(in: .requirements).map(\.meaning) == [.negatedTag("real-time")])
    }

    @Test(arguments: ["Alerts must fire in real time.", "アラートはリアルタイムで通知する。"])
    func plainFormsRaiseTheTag(_ text: String) {
        let reading = TextReader(knowledge: knowledge).read(text)
        #expect(reading.occurrences(in: .requirements).map(\.meaning) == [.tag("real-time")])
    }
}

/// Phrases with `…` between their parts: the parts in order, close together, within one clause.
@Suite struct GappedPhraseTests {
    static let knowledge = Bundled.knowledge(["tags.yaml": """
        tags:
          - id: least-effort
            kind: objective
            meaning: little work
            phrases: {en: [least effort, "effort … minimal"], ja: [最小限の労力, 手間…少な]}
          - id: no-infra-management
            kind: constraint
            meaning: no servers to run
            phrases: {en: [serverless], ja: [サーバーレス, サーバー…管理…不要]}
          - id: cost
            kind: objective
            meaning: cheap
            phrases: {en: [low cost], ja: [コストが少な]}
          - id: bias
            kind: requirement
            meaning: unfair outcomes
            phrases: {en: [bias], ja: [バイアス]}
          - id: bias-drift
            kind: requirement
            meaning: bias that shifts after deployment
            phrases: {en: ["bias metrics … change"], ja: [バイアス指標…変化]}
        """, "language.yaml": """
        language:
          negation: {en: ["does not need to be {}"], ja: ["{}である必要はない"]}
        """]).0
    static let reader = TextReader(knowledge: knowledge)

    static func requirements(_ text: String) -> [String] {
        reader.read(text).occurrences(in: .requirements).map { occurrence in
            switch occurrence.meaning {
            case let .tag(id): "\(id)=\(occurrence.evidence)"
            case let .negatedTag(id): "not \(id)=\(occurrence.evidence)"
            default: "?"
            }
        }
    }

    @Test(arguments: [
        ("最も手間が少ない方法", ["least-effort=手間が少な"]),
        ("手間ができるだけ少なくなる", ["least-effort=手間ができるだけ少な"]),
        ("サーバーの管理が不要な構成", ["no-infra-management=サーバーの管理が不要"]),
        ("Keep the effort truly minimal.", ["least-effort=effort truly minimal"]),
        // 、 after a particle that closes a noun phrase pauses inside the clause.
        ("手間は、極力少なくしたい", ["least-effort=手間は、極力少な"]),
        ("サーバーの管理を、まったく不要にしたい", ["no-infra-management=サーバーの管理を、まったく不要"]),
    ])
    func partsCloseTogetherRaiseTheTag(_ text: String, _ expected: [String]) {
        #expect(Self.requirements(text) == expected)
    }

    @Test(arguments: [
        "少ない手間で済ませる",                     // out of order
        "手間がかかるけれども、費用は少ない",          // a clause break between the parts
        // Near enough for a gap, but 、 after ので or a verb ends the clause, as after けれども.
        "手間なので、少ない",
        "手間がかかり、少ない",
        "手間がかかってしまうので結局のところ少ない",    // farther apart than a clause allows
        "管理が不要なサーバー",                      // the first part after the others
        "Effort. Minimal.",                        // a sentence break
    ])
    func partsApartOrOutOfOrderRaiseNothing(_ text: String) {
        #expect(Self.requirements(text).allSatisfy { !$0.hasPrefix("least-effort") && !$0.hasPrefix("no-infra-management") })
    }

    /// A phrase written out in the gap or over a later part keeps its own meaning, and the
    /// gapped phrase still counts.
    @Test func wordsAfterTheFirstPartStayFreeForOtherPhrases() {
        #expect(Self.requirements("手間とコストが少ない") == ["least-effort=手間とコストが少な", "cost=コストが少な"])
    }

    /// A first part that a phrase written out covers belongs to that phrase.
    @Test func aPhraseWrittenOutOverTheFirstPartWins() {
        #expect(Self.requirements("最小限の労力") == ["least-effort=最小限の労力"])
        #expect(Self.requirements("サーバーレスで管理不要") == ["no-infra-management=サーバーレス"])
    }

    /// The reverse: a shorter phrase inside the first part is one word of the gapped phrase.
    @Test func aShorterPhraseInsideTheFirstPartGivesWay() {
        #expect(Self.requirements("The bias metrics may change over time.") == ["bias-drift=bias metrics may change"])
        #expect(Self.requirements("Check the data for bias.") == ["bias=bias"])
        #expect(Self.requirements("バイアス指標が大きく変化する") == ["bias-drift=バイアス指標が大きく変化"])
    }

    @Test func aGappedTagCanBeNegated() {
        #expect(Self.requirements("effort minimal") == ["least-effort=effort minimal"])
        #expect(Self.requirements("It does not need to be effort minimal.") == ["not least-effort=does not need to be effort minimal"])
    }

    @Test func gappedPhrasesSurviveASnapshot() throws {
        let writer = SnapshotWriter()
        Self.reader.write(to: writer)
        let restored = try TextReader(snapshot: SnapshotReader(writer.bytes))
        for text in ["最も手間が少ない方法", "サーバーの管理が不要", "手間とコストが少ない"] {
            #expect(restored.read(text).occurrences == Self.reader.read(text).occurrences)
        }
    }

    @Test func aGapWithNothingOnOneSideIsAnError() {
        let (_, diagnostics) = Bundled.knowledge(["tags.yaml": """
            tags:
              - id: least-effort
                kind: objective
                meaning: little work
                phrases: {en: [least effort], ja: [手間…]}
                examples: [{text: least effort, raises: true}]
            """])
        #expect(diagnostics.contains { $0.message.contains("has a gap with no words on one side") })
    }

    @Test func aPhraseListedTwiceIsReported() {
        let (_, diagnostics) = Bundled.knowledge(["tags.yaml": """
            tags:
              - id: least-effort
                kind: objective
                meaning: little work
                phrases: {en: [least effort, "least effort"], ja: [最小限の労力]}
                examples: [{text: least effort, raises: true}]
            """])
        #expect(diagnostics.contains { $0.message.contains("lists the en phrase `least effort` twice") })
    }

    /// The Japanese label of a tag is its first phrase that reads as written.
    @Test func aGappedPhraseIsNoLabel() {
        let knowledge = Bundled.knowledge(["tags.yaml": """
            tags:
              - id: least-effort
                kind: objective
                meaning: little work
                phrases: {en: [least effort], ja: [手間…少な, 最小限の労力]}
            """]).0
        #expect(KnowledgeIndex(knowledge: knowledge).tags["least-effort"]?.japaneseLabel == "最小限の労力")
    }
}

/// A negation reaches the other phrases of a list joined by a coordinator, and no further.
@Suite struct CoordinatedNegationTests {
    static let knowledge = Bundled.knowledge(["tags.yaml": """
        tags:
          - id: real-time
            kind: constraint
            meaning: now
            phrases: {en: [real time], ja: [リアルタイム]}
          - id: gpu
            kind: requirement
            meaning: accelerators
            phrases: {en: [gpu], ja: [GPU]}
          - id: cost
            kind: objective
            meaning: cheap
            phrases: {en: [low cost], ja: [コストを抑え]}
        """, "language.yaml": """
        language:
          negation: {en: ["does not need {}", "neither {}"], ja: ["{}は不要"]}
          coordinators: {en: [or, ", or", nor], ja: [や, と]}
          articles: {en: [a, an, the]}
          nounEndingParticles: {ja: [を, が, は, に, で, の]}
        """]).0
    static let reader = TextReader(knowledge: knowledge)

    static func requirements(_ text: String) -> [String] {
        reader.read(text).occurrences(in: .requirements).map { occurrence in
            switch occurrence.meaning {
            case let .tag(id): id
            case let .negatedTag(id): "not \(id)"
            default: "?"
            }
        }
    }

    @Test(arguments: [
        ("リアルタイムやGPUは不要で、コストを抑えたい", ["not real-time", "not gpu", "cost"]),
        ("リアルタイム性とGPUは不要", ["not real-time", "not gpu"]),
        ("The job does not need real time or a GPU, only low cost.", ["not real-time", "not gpu", "cost"]),
        ("It does not need real time, or a GPU.", ["not real-time", "not gpu"]),
        ("It needs neither real time nor a GPU.", ["not real-time", "not gpu"]),
    ])
    func aNegatedListWaivesEveryMember(_ text: String, _ expected: [String]) {
        #expect(Self.requirements(text) == expected)
    }

    @Test(arguments: [
        ("リアルタイムで集計し、GPUは不要", ["real-time", "not gpu"]),           // a clause break, not a list
        ("リアルタイムの分析をしたいがGPUは不要", ["real-time", "not gpu"]),     // a particle ends the noun
        ("It must run in real time and does not need a GPU.", ["real-time", "not gpu"]),
        ("It does not need a GPU, real time is what matters.", ["not gpu", "real-time"]),  // a comma is no coordinator
    ])
    func aNegationStopsWhereTheListEnds(_ text: String, _ expected: [String]) {
        #expect(Self.requirements(text) == expected)
    }
}
