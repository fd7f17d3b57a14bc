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
        #expect(TextNormalizer.normalize("Amazon S3 バケット に 保存") == "amazon s3バケット に 保存")
    }

    @Test func englishPhrasesNeedWordBoundaries() {
        #expect(found(["lex"], in: "a complex lexicon") == [])
        #expect(found(["lex"], in: "use Lex, then") == ["Lex"])
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
