import Foundation
import Testing

/// `explain` and `compare` quote, for each requirement, the phrases that signal it in English and
/// in Japanese, so a reader learns which words in a question point at it. The fixture rules are a
/// service that speaks in real time and one that transcribes in batches.
@Suite struct ExplainCompareTests {
    static let rules = SVCFit.root.appendingPathComponent("Tests/Fixtures/ExplainCompareTests/rules").path

    @Test func explainQuotesBothLanguagesPerProvidedTag() throws {
        let result = try SVCFit.run(["explain", "aws.speaker", "--rules", Self.rules])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let tag = try #require(lines.firstIndex { $0.hasPrefix("  + text-to-speech") }, "\(result.stdout)")
        // A few each, in the order the rules list them.
        #expect(lines[tag + 1] == "      signalled by en “read aloud”, “text to speech”, “narration” · ja 「読み上げ」「音声合成」「ナレーション」")
        let constraint = try #require(lines.firstIndex { $0.hasPrefix("  + real-time") })
        #expect(lines[constraint + 1] == "      signalled by en “real time”, “immediately” · ja 「リアルタイム」「即座に」")
    }

    @Test func compareListsTheSeparatingRequirementsWithBothLanguagesPhrases() throws {
        let result = try SVCFit.run(["compare", "Speaker", "aws.listener", "--rules", Self.rules])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("What separates them:"))
        // Only one meets it.
        #expect(text.contains("  speech-to-text: Speaker does not meet it; Listener meets it\n      signalled by en “transcribe”, “speech to text”, “captions” · ja 「文字起こし」「音声認識」"), "\(text)")
        // Both meet it, one only partly.
        #expect(text.contains("  text-to-speech: Speaker meets it; Listener meets it partly\n"), "\(text)")
        // One meets it, the other falls short of it, with the reason.
        #expect(text.contains("  real-time: Speaker meets it; Listener does not meet it — not for it: It works on whole recordings in batches.\n      signalled by en “real time”, “immediately” · ja 「リアルタイム」「即座に」"), "\(text)")
        #expect(!text.contains("Both:"))
    }

    /// The most decisive difference comes first: one meets the need fully and the other falls
    /// short of it for a stated reason, then one meets it fully and the other not at all, then
    /// one meets it partly and the other not at all, then both to different degrees (needs
    /// before other kinds, then by id); not the order of the tags' ids.
    @Test func compareListsTheMostDecisiveDifferencesFirst() throws {
        let result = try SVCFit.run(["compare", "Speaker", "aws.listener", "--rules", Self.rules])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let order = ["  real-time:", "  speech-to-text:", "  audio:", "  text-to-speech:"].map { prefix in lines.firstIndex { $0.hasPrefix(prefix) } }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { ($0 ?? 0) < ($1 ?? 0) }, "\(result.stdout)")
    }
}
