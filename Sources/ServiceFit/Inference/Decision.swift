/// A requirement the engine read in the question, with the words that raised it.
public struct Requirement: Sendable, Hashable, Codable {
    public var tag: String
    public var kind: Tag.Kind
    /// The text that raised it; nil when it only follows from another requirement.
    public var evidence: String?
    /// The requirement it follows from, when it was not stated directly.
    public var impliedBy: String?
    /// True when the options themselves share this need (every way offered converts JSON to
    /// Parquet, say), so the question is which option does it best.
    public var sharedByOptions: Bool = false
    /// A service the question itself names that already provides this: context, not a choice.
    public var givenBy: String? = nil
    /// The question's own words for that service, which explanations quote when they are not its
    /// name ("Vertex AI" for what is now Gemini Enterprise Agent Platform).
    public var givenByWords: String? = nil
    public var weight: Double
}

/// A requirement a candidate meets, and which of its components meets it.
public struct MetRequirement: Sendable, Hashable, Codable {
    public var tag: String
    public var by: String
    public var strength: Strength
}

/// A requirement a candidate violates or serves poorly, with the fact that says so.
public struct Shortfall: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable { case violates, weak }
    public var tag: String
    public var by: String
    public var severity: Severity
    public var because: String
    /// The words in the option that brought the offending component in.
    public var evidence: String?
    /// What it cost the candidate's score.
    public var penalty: Double
}

public struct FiredRule: Sendable, Hashable, Codable {
    public var id: String
    public var target: String
    /// Positive when the rule prefers the candidate, negative when it penalises it.
    public var weight: Double
    public var because: String
}

/// One answer option read as an architecture and scored against the requirements.
public struct CandidateAssessment: Sendable, Hashable, Codable {
    public var letter: String
    public var text: String
    public var services: [String]
    public var modifiers: [String]
    /// Product-like names that are no real service ("Amazon Predict").
    public var unknown: [String]
    /// Real products the knowledge base knows only by name.
    public var otherProducts: [String]
    public var score: Double
    public var met: [MetRequirement]
    public var violated: [Shortfall]
    public var firedRules: [FiredRule]
    /// Components that meet none of the requirements.
    public var idle: [String]
}

public struct Abstention: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Codable {
        case noServiceNamed = "no-service-named"
        case outOfScope = "out-of-scope"
        case noRequirements = "no-requirements"
        case thinMargin = "thin-margin"
        case nothingFits = "nothing-fits"
    }
    public var reason: Reason
    public var message: String
}

/// The engine's answer to one question, with everything needed to explain it.
public struct Decision: Sendable, Hashable, Codable {
    /// Option letters, or service ids when the question had no options. Empty on abstention.
    public var picked: [String]
    /// What the engine would pick if it did not abstain.
    public var leaning: [String]
    public var confidence: Double
    public var abstention: Abstention?
    public var selectCount: Int
    public var provider: Provider?
    public var requirements: [Requirement]
    public var candidates: [CandidateAssessment]
    /// For "choose N" questions: the picked options judged together as one architecture.
    public var combination: CandidateAssessment?
    public var explanation: [String]
    /// Without options: the ranked architectures the engine built (`candidates` holds their assessments).
    public var architectures: [Architecture]? = nil
    /// Without options: how the top architecture differs from the runner-up.
    public var tradeOff: ArchitectureTradeOff? = nil
    /// Without options, on request: why a named service lost.
    public var whyNot: WhyNot? = nil
}
