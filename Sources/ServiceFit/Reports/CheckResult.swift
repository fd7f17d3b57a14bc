/// How the engine's answer compares with a question's key.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    case agree, disagree, abstain, rejected
}

/// One judged question, in the stable shape other tools read (`results[]` of `check --format json`).
public struct CheckResult: Sendable, Codable, Hashable {
    public var id: String
    public var verdict: Verdict
    public var picked: [String]
    public var key: [String]
    public var confidence: Double
    public var reason: String
    public var exam: String?
    public var lang: String?
    public var file: String?
    public var line: Int?
    public var unknownNames: [String]?

    public init(id: String, verdict: Verdict, picked: [String], key: [String], confidence: Double, reason: String,
                exam: String? = nil, lang: String? = nil, location: SourceLocation? = nil, unknownNames: [String]? = nil) {
        self.id = id
        self.verdict = verdict
        self.picked = picked
        self.key = key
        self.confidence = confidence
        self.reason = reason
        self.exam = exam
        self.lang = lang
        self.file = location?.file
        self.line = location?.line
        self.unknownNames = unknownNames
    }
}

/// Counts that always add up: given = agreed + disagreed + abstained + rejected.
public struct CheckSummary: Sendable, Codable, Hashable {
    public var given = 0
    public var agreed = 0
    public var disagreed = 0
    public var abstained = 0
    public var rejected = 0

    public init() {}

    public mutating func add(_ verdict: Verdict) {
        given += 1
        switch verdict {
        case .agree: agreed += 1
        case .disagree: disagreed += 1
        case .abstain: abstained += 1
        case .rejected: rejected += 1
        }
    }

    public var answered: Int { agreed + disagreed }
    /// Agreement on the questions the engine answered.
    public var agreement: Double { answered == 0 ? 0 : Double(agreed) / Double(answered) }
    /// Share of given questions the engine answered.
    public var coverage: Double { given == 0 ? 0 : Double(answered) / Double(given) }
}

/// Judges questions against their keys with the engine.
public struct Checker: Sendable {
    public let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    public func check(_ item: BankItem) -> (CheckResult, Decision?) {
        switch item {
        case let .rejected(id, location, reason):
            return (CheckResult(id: id, verdict: .rejected, picked: [], key: [], confidence: 0,
                                reason: "\(location): \(reason)", location: location), nil)
        case let .question(question):
            return check(question)
        }
    }

    public func check(_ question: Question) -> (CheckResult, Decision) {
        let decision = engine.decide(question, options: DecisionOptions(defaultSelectCount: question.key.count))
        let unknown = decision.candidates.flatMap(\.unknown)
        var result = CheckResult(
            id: question.id, verdict: .abstain, picked: decision.picked, key: question.key, confidence: decision.confidence,
            reason: "", exam: question.exam, lang: question.language?.rawValue, location: question.location,
            unknownNames: unknown.isEmpty ? nil : unknown)
        if let abstention = decision.abstention {
            result.reason = abstention.message
            return (result, decision)
        }
        let agrees = Set(decision.picked) == Set(question.key)
        result.verdict = agrees ? .agree : .disagree
        result.reason = agrees ? agreementReason(decision) : disagreementReason(decision, key: question.key)
        if let unmet = unmetExpectation(question, decision) {
            result.verdict = .disagree
            result.reason = unmet
        }
        return (result, decision)
    }

    private func agreementReason(_ decision: Decision) -> String {
        decision.explanation.dropFirst().first ?? "agrees with the key"
    }

    private func disagreementReason(_ decision: Decision, key: [String]) -> String {
        let byLetter = Dictionary(decision.candidates.map { ($0.letter, $0) }, uniquingKeysWith: { first, _ in first })
        let keyScores = key.compactMap { byLetter[$0] }.map { "\($0.letter) scores \(formatScore($0.score))" }
        let pickScores = decision.picked.compactMap { byLetter[$0] }.map { "\($0.letter) scores \(formatScore($0.score))" }
        var reason = "picked \(decision.picked.joined(separator: ",")) over the key \(key.joined(separator: ",")): "
            + (pickScores + keyScores).joined(separator: ", ")
        if let keyed = key.compactMap({ byLetter[$0] }).first(where: { !$0.unknown.isEmpty }) {
            reason += "; the key names \(keyed.unknown.joined(separator: ", ")), which svcfit does not know as a product"
        }
        return reason
    }

    /// A scenario's own expectations (tags, unknown names, explanation facts) are part of its key.
    private func unmetExpectation(_ question: Question, _ decision: Decision) -> String? {
        let raised = Set(decision.requirements.map(\.tag))
        if let missing = question.expectedTags.first(where: { !raised.contains($0) }) {
            return "expected tag `\(missing)` was not raised by the question text"
        }
        let unknown = Set(decision.candidates.flatMap(\.unknown).map { TextNormalizer.normalize($0) })
        if let missing = question.expectedUnknownNames.first(where: { !unknown.contains(TextNormalizer.normalize($0)) }) {
            return "expected “\(missing)” to be flagged as an unknown product"
        }
        let explanation = TextNormalizer.normalize(decision.explanation.joined(separator: " "))
        if let missing = question.explanationMentions.first(where: { !explanation.contains(TextNormalizer.normalize($0)) }) {
            return "the explanation does not mention “\(missing)”"
        }
        return nil
    }
}

func formatScore(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return "\(rounded)"
}
