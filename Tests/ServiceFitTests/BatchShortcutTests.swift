import Foundation
import Testing
@testable import ServiceFit

/// A batch check takes shortcuts (no explanation unless a report quotes it, scores formatted
/// without Foundation, rules matched by tag number); each must give exactly what the long way gives.
@Suite struct BatchShortcutTests {
    static let questions = ScenarioCoverageTests.questions

    @Test func aDecisionWithoutItsExplanationIsTheSameDecision() {
        let engine = Bundled.engine
        for question in Self.questions {
            var quiet = DecisionOptions(defaultSelectCount: question.key.count)
            quiet.explains = false
            let explained = engine.decide(question, options: DecisionOptions(defaultSelectCount: question.key.count))
            var unexplained = engine.decide(question, options: quiet)
            #expect(unexplained.explanation.isEmpty)
            unexplained.explanation = engine.explanation(of: unexplained, for: question, options: quiet)
            #expect(unexplained == explained, "\(question.id)")
        }
    }

    /// An agreement's reason is the pick's sentence of the full explanation; a disagreement
    /// carries the whole explanation for the reports that quote it.
    @Test func checkReasonsAreTheExplanationsOwnSentences() {
        let checker = Checker(engine: Bundled.engine)
        var agreements = 0, disagreements = 0
        for question in Self.questions + Self.variants {
            var options = DecisionOptions(defaultSelectCount: question.key.count)
            options.provider = question.provider
            let full = Bundled.engine.decide(question, options: options)
            let (result, decision) = checker.check(question)
            switch result.verdict {
            case .agree:
                agreements += 1
                #expect(result.reason == full.explanation[1].split(whereSeparator: \.isNewline).joined(separator: " "), "\(question.id)")
            case .disagree:
                disagreements += 1
                #expect(decision.explanation == full.explanation, "\(question.id)")
            case .abstain, .rejected:
                break
            }
        }
        #expect(agreements > 100)
        #expect(disagreements > 0)
    }

    /// The scenarios with their keys moved to another option, so that some disagree: the first
    /// 60 that have options (a file of architecture scenarios may come first and has none).
    static var variants: [Question] {
        questions.filter { !$0.options.isEmpty }.prefix(60).compactMap { question in
            guard let other = question.options.first(where: { !question.key.contains($0.letter) }) else { return nil }
            var moved = question
            moved.id += "-moved"
            moved.key = [other.letter]
            moved.explanationMentions = []
            moved.expectedTags = []
            moved.expectedUnknownNames = []
            return moved
        }
    }

    @Test func preferenceRulesApplyByNumberAsByName() {
        let knowledge = Bundled.knowledge
        let scorer = CandidateScorer(knowledge: knowledge)
        let tags = knowledge.tags.keys.sorted()
        var random = SeededGenerator(seed: 6)
        let ruleTags = Array(Set(knowledge.rules.flatMap { $0.when + $0.whenAny })).sorted()
        #expect(!ruleTags.isEmpty)
        for round in 0..<400 {
            // Mostly tags rules ask about, so that many rules fire; a few unrelated ones too.
            let chosen = (0..<(1 + round % 6)).map { _ in ruleTags.randomElement(using: &random)! }
                + (round % 3 == 0 ? [tags.randomElement(using: &random)!] : [])
            let requirements = chosen.map { Requirement(tag: $0, kind: knowledge.tags[$0]?.kind ?? .requirement, weight: 1) }
            let byName = knowledge.rules.filter { $0.applies(to: Set(chosen)) }.map(\.id)
            #expect(scorer.context(requirements: requirements).rules.map(\.rule.id) == byName, "\(chosen)")
        }
    }

    /// Tags are numbered as components mention them; a tag that only a `conflicts` list (or only
    /// the question) names must still work, both when an option echoes it and when it is asked for.
    @Test func tagsNoComponentMentionsStillScore() {
        let (knowledge, diagnostics) = Bundled.knowledge([
            "tags.yaml": """
            tags:
              - id: streaming
                kind: requirement
                meaning: Events as they happen.
                phrases: {en: [event stream], ja: [イベントストリーム]}
              - id: overnight
                kind: constraint
                meaning: Once a night.
                conflicts: [streaming]
                phrases: {en: [once a night], ja: [夜に一度]}
              - id: audit
                kind: objective
                meaning: Kept for auditors.
                phrases: {en: [for auditors], ja: [監査]}
            """,
            "services.yaml": """
            provider: aws
            services:
              - id: aws.kinesis-data-streams
                name: Amazon Kinesis Data Streams
                category: streaming
                provides: {streaming: full}
              - id: aws.batch
                name: AWS Batch
                category: compute
                provides: {compute: full}
            """,
        ])
        #expect(!diagnostics.contains { $0.severity == .error && !$0.message.contains("compute") }, "\(diagnostics)")
        let engine = Engine(knowledge: knowledge)
        let options = [OptionText(letter: "A", text: "AWS Batch, run once a night"),
                       OptionText(letter: "B", text: "Amazon Kinesis Data Streams")]
        let decision = engine.decide(Question(id: "t", text: "Score every event stream for auditors.", options: options))
        let byLetter = Dictionary(uniqueKeysWithValues: decision.candidates.map { ($0.letter, $0) })
        #expect(decision.picked == ["B"], "\(decision.text)")
        // The option that echoes the opposite of the need loses for it; the other meets it.
        #expect((byLetter["A"]?.score ?? 0) < (byLetter["B"]?.score ?? 0))
        #expect(byLetter["B"]?.met.contains { $0.tag == "streaming" } == true)
    }

    @Test func twoDecimalsWritesWhatTheFormatterWrites() {
        var values: [Double] = (-30_000...30_000).map { Double($0) / 1000 }
        values += [0, -0.0, 0.005, 0.015, 0.125, 0.375, 2.675, 1.005, 1.015, 0.165, 10.125, -3.125, 99.995, 0.0049999,
                   1e-9, -1e-9, 123456.785, 4503599627.37, 9.99e12, 1e13, 1e300, -1e300, .infinity, -.infinity, .nan]
        var random = SeededGenerator(seed: 6)
        for _ in 0..<20_000 {
            let exponent = Double(Int.random(in: -6...12, using: &random))
            values.append(Double.random(in: -1...1, using: &random) * pow(10, exponent))
        }
        for value in values {
            #expect(value.twoDecimals == String(format: "%.2f", value), "\(value)")
        }
    }

    @Test func lineBreaksAreFoundByBytesAsByCharacters() {
        let samples = ["one line", "two\nlines", "cr\rhere", "crlf\r\nhere", "tab\tonly", "vt\u{0B}ff\u{0C}", "nel\u{85}x",
                       "ls\u{2028}x", "ps\u{2029}x", "日本語の説明です。", "彩度が高い画像", "é\u{0301}", "", "末尾\n",
                       "\u{A8}\u{A9}", "Ā¨ č©", "\u{2027}\u{202A}"]
        for sample in samples {
            #expect(sample.hasLineBreak == sample.contains(where: \.isNewline), "\(sample.debugDescription)")
        }
    }
}
