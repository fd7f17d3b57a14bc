import Foundation
import Testing

/// `explain` and `compare` quote, for each requirement, the phrases that say it in English and
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
        #expect(lines[tag + 1] == "      said as en “read aloud”, “text to speech”, “narration” · ja 「読み上げ」「音声合成」「ナレーション」")
        let constraint = try #require(lines.firstIndex { $0.hasPrefix("  + real-time") })
        #expect(lines[constraint + 1] == "      said as en “real time”, “immediately” · ja 「リアルタイム」「即座に」")
    }

    /// `explain` takes a tag as well: what meets it (fully first) and what falls short of it, why.
    @Test func explainATagListsWhatMeetsItAndWhatFallsShort() throws {
        let result = try SVCFit.run(["explain", "real-time", "--rules", Self.rules])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("real-time · constraint") == true, "\(result.stdout)")
        #expect(lines.contains("Said as: en “real time”, “immediately” · ja 「リアルタイム」「即座に」"), "\(result.stdout)")
        let met = try #require(lines.firstIndex(of: "Met by:"), "\(result.stdout)")
        #expect(lines[met + 1] == "  + Speaker  aws.speaker")
        let short = try #require(lines.firstIndex(of: "Not for it:"), "\(result.stdout)")
        #expect(lines[short + 1] == "  − Listener: It works on whole recordings in batches.")

        let partly = try SVCFit.run(["explain", "text-to-speech", "--rules", Self.rules, "--limit", "1"])
        #expect(partly.stdout.contains("Met by:\n  + Speaker  aws.speaker\n  … and 1 more\n") || partly.stdout.hasSuffix("Met by:\n  + Speaker  aws.speaker\n  … and 1 more"),
                "\(partly.stdout)")
        let raised = try SVCFit.run(["explain", "speech-to-text", "--rules", Self.rules])
        #expect(raised.stdout.contains("Also raised when a question says all of:\n  · calls-recorded: en “calls are recorded” · ja 「通話を録音」\n  · notes-wanted:"),
                "\(raised.stdout)")
        let signal = try SVCFit.run(["explain", "calls-recorded", "--rules", Self.rules])
        #expect(signal.stdout.contains("  raises speech-to-text together with notes-wanted"), "\(signal.stdout)")
        let unknown = try SVCFit.run(["explain", "no-such-thing", "--rules", Self.rules])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown service or tag `no-such-thing`"))
    }

    @Test func compareListsTheSeparatingRequirementsWithBothLanguagesPhrases() throws {
        let result = try SVCFit.run(["compare", "Speaker", "aws.listener", "--rules", Self.rules])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("What separates them:"))
        // Only one meets it.
        #expect(text.contains("  speech-to-text: Speaker does not meet it; Listener meets it\n      said as en “transcribe”, “speech to text”, “captions” · ja 「文字起こし」「音声認識」"), "\(text)")
        // Both meet it, one only partly.
        #expect(text.contains("  text-to-speech: Speaker meets it; Listener meets it partly\n"), "\(text)")
        // One meets it, the other falls short of it, with the reason.
        #expect(text.contains("  real-time: Speaker meets it; Listener does not meet it — not for it: It works on whole recordings in batches.\n      said as en “real time”, “immediately” · ja 「リアルタイム」「即座に」"), "\(text)")
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
