import Foundation
import Testing
@testable import ServiceFit

/// Scenarios/ is the regression suite: every service must be the right pick somewhere and every
/// language and provider must be well represented.
@Suite struct ScenarioCoverageTests {
    static let questions: [Question] = Repository.yamlFiles(under: Repository.scenarios).flatMap { url in
        ScenarioFile.read(Repository.sourceFile(url)).compactMap { item -> Question? in
            if case let .question(question) = item { return question }
            return nil
        }
    }

    @Test func everyScenarioFileReadsCleanly() {
        let rejected = Repository.yamlFiles(under: Repository.scenarios).flatMap { url in
            ScenarioFile.read(Repository.sourceFile(url)).compactMap { item -> String? in
                if case let .rejected(id, location, reason) = item { return "\(location) \(id): \(reason)" }
                return nil
            }
        }
        #expect(rejected.isEmpty, "\(rejected.joined(separator: "\n"))")
    }

    @Test func everyServiceIsTheRightPickSomewhere() {
        var keyed = Set<String>()
        for question in Self.questions {
            var options = DecisionOptions(defaultSelectCount: question.key.count)
            options.provider = question.provider
            let decision = Bundled.engine.decide(question, options: options)
            // Asked without options, the right picks are the expected services the top architecture holds.
            if let expected = question.expectedArchitecture {
                keyed.formUnion(Set(decision.architectures?.first?.services ?? []).intersection(expected.includes.joined()))
                continue
            }
            for candidate in decision.candidates where question.key.contains(candidate.letter) {
                keyed.formUnion(candidate.services)
            }
        }
        // A retired product can no longer be the right answer; it stays to be recognised and ruled out.
        let missing = Bundled.knowledge.services.values.filter { $0.retired == nil && !keyed.contains($0.id) }.map(\.id).sorted()
        #expect(missing.isEmpty, "never the right pick in Scenarios/: \(missing.joined(separator: ", "))")
    }

    @Test func languagesAndProvidersAreBalanced() {
        let total = Double(Self.questions.count)
        let japanese = Double(Self.questions.filter { $0.language == .ja }.count)
        let googleCloud = Double(Self.questions.filter { $0.id.hasPrefix("gcp") }.count)
        #expect(total >= 150)
        #expect(japanese / total >= 0.4, "Japanese share \(japanese / total)")
        #expect(googleCloud / total >= 0.25, "Google Cloud share \(googleCloud / total)")
        #expect(Set(Self.questions.map(\.id)).count == Self.questions.count, "scenario ids must be unique")
    }
}
