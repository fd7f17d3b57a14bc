/// What the user asks of the architecture generator besides the requirements.
public struct ArchitectureRequest: Sendable, Hashable {
    /// How many ranked architectures to return.
    public var top: Int = 3
    /// Services never to use (`ask --avoid`).
    public var avoid: [String] = []
    /// Services every architecture must contain (`ask --require`).
    public var require: [String] = []
    /// A service to explain the loss of (`ask --why-not`).
    public var whyNot: String?
    /// The most components one architecture may have.
    public var maxComponents: Int = 6
    /// Search both providers even when the text names one (`--provider any`).
    public var anyProvider = false

    public init(top: Int = 3, avoid: [String] = [], require: [String] = [], whyNot: String? = nil, maxComponents: Int = 6) {
        self.top = top
        self.avoid = avoid
        self.require = require
        self.whyNot = whyNot
        self.maxComponents = maxComponents
    }
}

/// The order stages are drawn in, left to right, and the stages that stand beside the flow.
public enum ArchitectureStage {
    public static let flow = ["edge", "ingest", "store", "transform", "train", "infer", "serve", "analyze"]
    public static let crossCutting = ["orchestrate", "monitor", "secure"]

    /// Sort key: flow stages first in flow order, then cross-cutting ones, then services without a stage.
    static func rank(_ stage: String?) -> Int {
        guard let stage else { return flow.count + crossCutting.count }
        if let index = flow.firstIndex(of: stage) { return index }
        if let index = crossCutting.firstIndex(of: stage) { return flow.count + index }
        return flow.count + crossCutting.count
    }
}

/// One service in an architecture and what it is there for.
public struct ArchitectureComponent: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var stage: String?
    /// The requirements this component meets best in the architecture (the scorer's `met`).
    public var meets: [MetRequirement]
}

/// An edge of the drawn data flow.
public struct ArchitectureFlow: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
}

/// An engine-built answer: a small set of services, scored by the same scorer as answer options.
public struct Architecture: Sendable, Hashable, Codable {
    /// 1 for the best.
    public var rank: Int
    public var provider: Provider
    /// Component ids in stage order.
    public var services: [String]
    public var components: [ArchitectureComponent]
    /// Data-flow edges between consecutive stages.
    public var flows: [ArchitectureFlow]
    /// Needs the search had to cover that this architecture leaves unmet.
    public var uncovered: [String]
    public var score: Double
    /// The scorer's full trace: met, violated, fired rules, idle components.
    public var assessment: CandidateAssessment
}

/// How the winner and the runner-up differ, item by item.
public struct ArchitectureTradeOff: Sendable, Hashable, Codable {
    public struct TagDifference: Sendable, Hashable, Codable {
        public var tag: String
        /// The component and strength in the winner (nil: not met).
        public var winner: MetRequirement?
        public var runnerUp: MetRequirement?
    }
    /// The architecture the winner is weighed against: the best that is no variant of it, which
    /// need not be the second in the ranking.
    public var runnerUpRank: Int
    public var runnerUpServices: [String]
    public var winnerOnly: [String]
    public var runnerUpOnly: [String]
    /// Needs one of the two meets better (or at all).
    public var betterInWinner: [TagDifference]
    public var betterInRunnerUp: [TagDifference]
    /// Shortfalls one has and the other does not.
    public var winnerShortfalls: [Shortfall]
    public var runnerUpShortfalls: [Shortfall]
    public var winnerRules: [FiredRule]
    public var runnerUpRules: [FiredRule]
    public var scoreDifference: Double
}

/// Why a named service is not in the top architecture.
public struct WhyNot: Sendable, Hashable, Codable {
    public struct Reason: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// It is in the top architecture after all.
            case chosen
            /// It belongs to the other provider.
            case otherProvider = "other-provider"
            /// The user excluded it.
            case avoided
            /// It is retired: the search proposes only services available today.
            case retired
            /// It takes no new customers: the search proposes only what new work can start on.
            case closedToNewCustomers = "closed-to-new-customers"
            /// It provides none of the needs.
            case meetsNoNeed = "meets-no-need"
            /// One of its facts rules out a need (violates).
            case violates
            /// One of its facts makes it a poor fit (weakAt, or built for the opposite).
            case weak
            /// A preference rule counts against it.
            case ruleAgainst = "rule-against"
            /// A component of the winner meets the same need at least as well.
            case sameNeedMetBy = "same-need-met-by"
            /// With it, the best architecture needs more components.
            case moreComponents = "more-components"
            /// It would add nothing to the winner.
            case addsNothing = "adds-nothing"
            /// The best architecture that contains it scores lower.
            case lowerScore = "lower-score"
        }
        public var kind: Kind
        public var tag: String?
        /// The other service the reason is about (the winner's component that does it better).
        public var other: String?
        /// The fact, rule text or sentence that says why.
        public var because: String
        /// What it costs in score, when the reason has a price.
        public var penalty: Double?
    }
    public var service: String
    public var reasons: [Reason]
    /// The best architecture that contains the service, when there is one.
    public var bestWith: Architecture?
}
