import Foundation

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
    /// Unknown product names that the keyed option(s) themselves contain: the key points at
    /// something that does not exist.
    public var unknownInKey: [String]?
    /// The category of the services the keyed option(s) name (`streaming`, `vision`, …).
    public var topic: String?
    /// Why the engine abstained: `no-service-named`, `no-requirements`, `thin-margin`, `nothing-fits`.
    public var abstention: String?
    /// A disagreement the engine is confident about, or a key naming an unknown product.
    public var suspicious: Bool?

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

/// One judged question with what reports need beyond the stable result: the question itself and
/// the engine's explanation. Reporters may keep a few of these; none keeps them all.
public struct JudgedQuestion: Sendable {
    public var result: CheckResult
    public var question: Question?
    public var explanation: [String]

    public init(result: CheckResult, question: Question? = nil, explanation: [String] = []) {
        self.result = result
        self.question = question
        self.explanation = explanation
    }
}

/// Judges questions against their keys with the engine.
public struct Checker: Sendable {
    public let engine: Engine
    /// A disagreement at or above this confidence is a suspicious key.
    public var suspiciousConfidence: Double

    public init(engine: Engine, suspiciousConfidence: Double = 0.5) {
        self.engine = engine
        self.suspiciousConfidence = suspiciousConfidence
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

    /// Judges one entry and keeps what reports need.
    public func judge(_ item: BankItem) -> JudgedQuestion {
        switch item {
        case .rejected:
            return JudgedQuestion(result: check(item).0)
        case let .question(question):
            let (result, decision) = check(question)
            return JudgedQuestion(result: result, question: question, explanation: decision.explanation)
        }
    }

    /// Judges a batch on every core, in order. Used by `check` in batches so memory stays flat.
    public func judge(_ items: [BankItem]) -> [JudgedQuestion] {
        if items.count < 4 { return items.map(judge) }
        // Each result goes straight into its place in the array returned: collecting them in
        // optional slots first copied every result (and its question and explanation) twice.
        return Array(unsafeUninitializedCapacity: items.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let slots = ResultSlots(base)
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                slots.fill(index, with: judge(items[index]))
            }
            initialized = items.count
        }
    }

    /// The decision's explanation is written only when the result needs it: for a disagreement
    /// (reports quote it) and for a scenario that checks what its explanation mentions. An
    /// agreement's reason is the pick's own sentence, written alone; an abstention's is its
    /// message, and no report quotes more of it.
    public func check(_ question: Question) -> (CheckResult, Decision) {
        if let expectation = question.expectedArchitecture { return check(question, architecture: expectation) }
        var options = DecisionOptions(defaultSelectCount: question.key.count)
        options.explains = false
        options.provider = question.provider
        var decision = engine.decide(question, options: options)
        let unknown = decision.candidates.flatMap(\.unknown)
        // The keyed options by position: copying an assessment retains each of its many arrays.
        let keyed = decision.candidates.indices.filter { question.key.contains(decision.candidates[$0].letter) }
        let unknownInKey = keyed.flatMap { decision.candidates[$0].unknown }
        var result = CheckResult(
            id: question.id, verdict: .abstain, picked: decision.picked, key: question.key, confidence: decision.confidence,
            reason: "", exam: question.exam, lang: (question.language ?? Language.guess(question.text)).rawValue,
            location: question.location, unknownNames: unknown.isEmpty ? nil : unknown)
        result.unknownInKey = unknownInKey.isEmpty ? nil : unknownInKey
        result.topic = topic(of: keyed, in: decision.candidates)
        // The same letters, as sets (a key or pick lists a letter or two: no Set is built).
        let agrees = decision.abstention == nil && decision.picked.allSatisfy(question.key.contains)
            && question.key.allSatisfy(decision.picked.contains)
        if (decision.abstention == nil && !agrees) || !question.explanationMentions.isEmpty {
            decision.explanation = engine.explanation(of: decision, for: question, options: options)
        }
        if let abstention = decision.abstention {
            result.reason = oneLine(abstention.message)
            result.abstention = abstention.reason.rawValue
            return (result, decision)
        }
        result.verdict = agrees ? .agree : .disagree
        result.reason = oneLine(agrees ? agreementReason(decision, question, options) : disagreementReason(decision, key: question.key))
        if let unmet = unmetExpectation(question, decision) {
            result.verdict = .disagree
            result.reason = unmet
            if decision.explanation.isEmpty { decision.explanation = engine.explanation(of: decision, for: question, options: options) }
        }
        if result.verdict == .disagree {
            result.suspicious = result.confidence >= suspiciousConfidence || result.unknownInKey != nil
        }
        return (result, decision)
    }

    /// A scenario asked without options: the engine's top architecture must hold what it expects.
    /// The result lists the expected entries as its key and the architecture's services as its pick.
    private func check(_ question: Question, architecture expectation: ArchitectureExpectation) -> (CheckResult, Decision) {
        var options = DecisionOptions()
        options.provider = question.provider
        options.explains = false
        var decision = engine.decide(question, options: options)
        let top = decision.architectures?.first
        var result = CheckResult(
            id: question.id, verdict: .abstain, picked: top?.services ?? [], key: expectation.key, confidence: decision.confidence,
            reason: "", exam: question.exam, lang: (question.language ?? Language.guess(question.text)).rawValue,
            location: question.location)
        result.topic = expectation.includes.first?.first.flatMap { engine.index.services[$0]?.category }
        // A misspelt id could never be met (or never be excluded): the scenario is wrong, not the engine.
        if let unknown = expectation.services.first(where: { engine.index.services[$0] == nil }) {
            result.verdict = .rejected
            result.reason = (question.location.map { "\($0): " } ?? "") + "`expectArchitecture` names `\(unknown)`, which is no service in the knowledge base"
            return (result, decision)
        }
        guard let top else {
            result.reason = oneLine(decision.abstention?.message ?? "no architecture meets the requirements")
            result.abstention = decision.abstention?.reason.rawValue
            return (result, decision)
        }
        let proposed = top.services.joined(separator: " + ")
        if let shortfall = expectation.shortfall(of: top.services) {
            result.verdict = .disagree
            result.reason = "the top architecture is \(proposed); \(shortfall)"
            result.suspicious = result.confidence >= suspiciousConfidence
        } else {
            // As with options, an agreement's reason is the pick's own sentence: the top architecture's.
            result.verdict = .agree
            result.reason = oneLine(engine.pickSentence(of: decision, for: question, options: options)
                                    ?? "the top architecture, \(proposed), holds what the scenario expects")
        }
        if !question.explanationMentions.isEmpty { decision.explanation = engine.explanation(of: decision, for: question, options: options) }
        if let unmet = unmetExpectation(question, decision) {
            result.verdict = .disagree
            result.reason = unmet
        }
        if result.verdict == .disagree, decision.explanation.isEmpty {
            decision.explanation = engine.explanation(of: decision, for: question, options: options)
        }
        return (result, decision)
    }

    /// The most common category among the services the keyed options (positions in `candidates`) name.
    private func topic(of keyed: [Int], in candidates: [CandidateAssessment]) -> String? {
        // A key names a service or two: counting in a short list beats a dictionary.
        var counts: [(category: String, count: Int)] = []
        for position in keyed {
            for service in candidates[position].services {
                guard let category = engine.index.services[service]?.category else { continue }
                if let position = counts.firstIndex(where: { $0.category == category }) {
                    counts[position].count += 1
                } else {
                    counts.append((category, 1))
                }
            }
        }
        // The most named; of equals, the first in alphabetical order.
        return counts.max { ($0.count, $1.category) < ($1.count, $0.category) }?.category
    }

    private func oneLine(_ text: String) -> String {
        // Almost every reason is one line already; looking at bytes is far cheaper than at characters.
        guard text.hasLineBreak else { return text }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private func agreementReason(_ decision: Decision, _ question: Question, _ options: DecisionOptions) -> String {
        engine.pickSentence(of: decision, for: question, options: options) ?? "agrees with the key"
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
        // Banks state no expectations; skip the work of normalising every explanation.
        if question.expectedTags.isEmpty && question.expectedUnknownNames.isEmpty && question.explanationMentions.isEmpty {
            return nil
        }
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

/// Uninitialised slots filled from several threads, each index by exactly one of them, so no two
/// threads touch the same memory; `concurrentPerform` returns only once every slot is filled.
private struct ResultSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<JudgedQuestion>

    init(_ base: UnsafeMutablePointer<JudgedQuestion>) {
        self.base = base
    }

    func fill(_ index: Int, with value: JudgedQuestion) {
        (base + index).initialize(to: value)
    }
}

extension String {
    /// Whether any character is a line break in `Character.isNewline`'s sense (LF, VT, FF, CR,
    /// NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR), found by bytes.
    var hasLineBreak: Bool {
        // Every line break has a byte below 0x0E or a lead byte 0xC2 / 0xE2; most reasons have none.
        // Through the contiguous bytes: iterating `utf8` itself costs about thirty instructions a byte.
        let maybe = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains { $0 < 0x0E || $0 == 0xC2 || $0 == 0xE2 }
        } ?? utf8.contains { $0 < 0x0E || $0 == 0xC2 || $0 == 0xE2 }
        guard maybe else { return false }
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in utf8 {
            if byte >= 0x0A && byte <= 0x0D { return true }
            if byte == 0x85 && previous.1 == 0xC2 { return true }
            if (byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80) { return true }
            previous = (previous.1, byte)
        }
        return false
    }
}

extension Language {
    /// Japanese when the text has kana or kanji, otherwise English.
    static func guess(_ text: String) -> Language {
        for scalar in text.unicodeScalars where (0x3040...0x30FF).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) {
            return .ja
        }
        return .en
    }
}
