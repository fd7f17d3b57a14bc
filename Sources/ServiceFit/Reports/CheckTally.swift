/// Everything a report needs after the last question, kept in memory that does not grow with the
/// bank: counts overall and per exam, language and topic, the most confident disagreements (the
/// suspicious keys, with their questions and explanations), unknown product names, and the first
/// rejections and abstentions.
public struct CheckTally: Sendable {
    public struct Group: Sendable, Codable, Hashable {
        public var name: String
        public var summary: CheckSummary
    }

    public struct UnknownProduct: Sendable, Codable, Hashable {
        public var name: String
        /// Questions whose options name it.
        public var questions: Int
        /// Questions whose key names it.
        public var inKey: Int
        /// A few of those questions, for people to look at.
        public var examples: [String]
    }

    public private(set) var summary = CheckSummary()
    public private(set) var suspiciousCount = 0
    private var exams: [String: CheckSummary] = [:]
    private var languages: [String: CheckSummary] = [:]
    private var topics: [String: CheckSummary] = [:]
    private var abstentionReasons: [String: Int] = [:]
    private var unknown: [String: UnknownProduct] = [:]
    private var disagreements: [JudgedQuestion] = []
    public private(set) var rejections: [CheckResult] = []

    /// How many disagreements, rejections and unknown names a report lists in full.
    public let limit: Int

    public init(limit: Int = 100) {
        self.limit = max(1, limit)
    }

    public mutating func add(_ judged: JudgedQuestion) {
        let result = judged.result
        summary.add(result.verdict)
        Self.count(result.verdict, as: result.exam ?? "(no exam)", in: &exams)
        Self.count(result.verdict, as: result.lang ?? "(unread)", in: &languages)
        Self.count(result.verdict, as: Self.topicName(result), in: &topics)
        if let reason = result.abstention { abstentionReasons[reason, default: 0] += 1 }
        if result.suspicious == true { suspiciousCount += 1 }
        for name in Set(result.unknownNames ?? []) where unknown.count < 10 * limit || unknown[name] != nil {
            var entry = unknown[name] ?? UnknownProduct(name: name, questions: 0, inKey: 0, examples: [])
            entry.questions += 1
            if result.unknownInKey?.contains(name) == true { entry.inKey += 1 }
            if entry.examples.count < 3 { entry.examples.append(result.id) }
            unknown[name] = entry
        }
        switch result.verdict {
        case .disagree:
            disagreements.append(judged)
            // Keep the best `limit`: sort and cut only now and then, so adding stays cheap.
            if disagreements.count >= 2 * limit { disagreements = Array(disagreements.sorted(by: Self.moreSuspicious).prefix(limit)) }
        case .rejected:
            if rejections.count < limit { rejections.append(result) }
        case .agree, .abstain:
            break
        }
    }

    /// Disagreements, likeliest wrong keys first: a key that names an unknown product, then by
    /// the engine's confidence, then in bank order.
    public var suspiciousKeys: [JudgedQuestion] {
        Array(disagreements.sorted(by: Self.moreSuspicious).prefix(limit))
    }

    public var byExam: [Group] { Self.groups(exams) }
    public var byLanguage: [Group] { Self.groups(languages) }
    public var byTopic: [Group] { Self.groups(topics) }

    /// Abstention reasons, most frequent first.
    public var abstentions: [(reason: String, count: Int)] {
        abstentionReasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }

    /// Unknown product names, those in keys first, then the most frequent.
    public var unknownProducts: [UnknownProduct] {
        Array(unknown.values.sorted { ($0.inKey, $0.questions, $1.name) > ($1.inKey, $1.questions, $0.name) }.prefix(limit))
    }

    /// Groups stay few however many names a bank uses: past `maximumGroups` they share "(other)".
    static let maximumGroups = 500

    static func count(_ verdict: Verdict, as name: String, in table: inout [String: CheckSummary]) {
        // One look-up for a name seen before, as nearly every name is: hashing it is most of the cost.
        if let position = table.index(forKey: name) {
            table.values[position].add(verdict)
            return
        }
        let key = table.count < maximumGroups ? name : "(other)"
        table[key, default: CheckSummary()].add(verdict)
    }

    static func topicName(_ result: CheckResult) -> String {
        if result.verdict == .rejected { return "(unreadable)" }
        return result.topic ?? "(no service in key)"
    }

    static func moreSuspicious(_ lhs: JudgedQuestion, _ rhs: JudgedQuestion) -> Bool {
        let left = (lhs.result.unknownInKey == nil ? 0 : 1, lhs.result.confidence)
        let right = (rhs.result.unknownInKey == nil ? 0 : 1, rhs.result.confidence)
        if left != right { return left > right }
        return (lhs.result.file ?? "", lhs.result.line ?? 0, lhs.result.id) < (rhs.result.file ?? "", rhs.result.line ?? 0, rhs.result.id)
    }

    static func groups(_ table: [String: CheckSummary]) -> [Group] {
        table.map { Group(name: $0.key, summary: $0.value) }.sorted { ($0.summary.given, $1.name) > ($1.summary.given, $0.name) }
    }
}
