extension ArchitectureTradeOff {
    /// What the winner gains and gives up against `runnerUp` (its rival), from the two assessments.
    public init(winner: Architecture, runnerUp: Architecture) {
        let a = winner.assessment, b = runnerUp.assessment
        runnerUpRank = runnerUp.rank
        runnerUpServices = runnerUp.services
        winnerOnly = winner.services.filter { !runnerUp.services.contains($0) }
        runnerUpOnly = runnerUp.services.filter { !winner.services.contains($0) }
        let metA = Dictionary(a.met.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
        let metB = Dictionary(b.met.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
        var better: [TagDifference] = [], worse: [TagDifference] = []
        for tag in Set(metA.keys).union(metB.keys).sorted() {
            let (x, y) = (metA[tag]?.strength.value ?? 0, metB[tag]?.strength.value ?? 0)
            if x > y { better.append(TagDifference(tag: tag, winner: metA[tag], runnerUp: metB[tag])) }
            if y > x { worse.append(TagDifference(tag: tag, winner: metA[tag], runnerUp: metB[tag])) }
        }
        betterInWinner = better
        betterInRunnerUp = worse
        func key(_ shortfall: Shortfall) -> String { "\(shortfall.tag)|\(shortfall.by)" }
        let shortA = Set(a.violated.map(key)), shortB = Set(b.violated.map(key))
        winnerShortfalls = a.violated.filter { !shortB.contains(key($0)) }
        runnerUpShortfalls = b.violated.filter { !shortA.contains(key($0)) }
        func ruleKey(_ rule: FiredRule) -> String { "\(rule.id)|\(rule.target)" }
        let rulesA = Set(a.firedRules.map(ruleKey)), rulesB = Set(b.firedRules.map(ruleKey))
        winnerRules = a.firedRules.filter { !rulesB.contains(ruleKey($0)) }
        runnerUpRules = b.firedRules.filter { !rulesA.contains(ruleKey($0)) }
        scoreDifference = ((a.score - b.score) * 1000).rounded() / 1000
    }
}

extension ArchitectureGenerator {
    /// The precise reasons `serviceID` is not in the winner: where it stands against the
    /// requirements, what its facts and the rules say, and which of the winner's components
    /// meet the same needs at least as well.
    public func whyNot(_ serviceID: String, requirements: [Requirement], provider: Provider?, request: ArchitectureRequest,
                       winner: Architecture?) -> WhyNot {
        typealias Reason = WhyNot.Reason
        var result = WhyNot(service: serviceID, reasons: [], bestWith: nil)
        guard let service = knowledge.services[serviceID] else { return result }
        let name = service.name
        if let winner, winner.services.contains(serviceID) {
            result.reasons.append(Reason(kind: .chosen, because: "\(name) is part of the top architecture."))
            return result
        }
        if let provider, service.provider != provider {
            result.reasons.append(Reason(kind: .otherProvider,
                because: "\(name) is a \(service.provider.displayName) service and the need is for \(provider.displayName)."))
        }
        if request.avoid.contains(serviceID) {
            result.reasons.append(Reason(kind: .avoided, because: "\(name) was excluded with --avoid."))
        }
        if let retired = service.retired {
            result.reasons.append(Reason(kind: .retired,
                because: "\(name) is retired (\(retired)); the search proposes only services available today."))
        }
        if let closed = service.closedToNewCustomers {
            result.reasons.append(Reason(kind: .closedToNewCustomers,
                because: "\(name) has taken no new customers since \(closed); the search proposes only services new work can start on."))
        }
        let wanted = Dictionary(requirements.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
        let useful = service.provides.filter { wanted[$0.key] != nil }.sorted { $0.key < $1.key }
        if useful.isEmpty {
            let purpose = service.provides.filter { $0.value == .full }.keys.sorted().prefix(4).map(label)
            result.reasons.append(Reason(kind: .meetsNoNeed,
                because: "\(name) meets none of the needs; it is for \(purpose.isEmpty ? service.category : list(Array(purpose)))."))
        }
        // The best architecture that must contain it, judged by the same scorer.
        var forcedRequest = request
        forcedRequest.require = [serviceID] + request.require.filter { $0 != serviceID }
        forcedRequest.avoid = request.avoid.filter { $0 != serviceID }
        forcedRequest.top = 1
        let with = generate(requirements: requirements, provider: service.provider, request: forcedRequest).architectures.first
        result.bestWith = with
        if let with {
            for shortfall in with.assessment.violated where shortfall.by == serviceID {
                result.reasons.append(Reason(kind: shortfall.severity == .violates ? .violates : .weak, tag: shortfall.tag,
                                             because: shortfall.because, penalty: shortfall.penalty))
            }
            for rule in with.assessment.firedRules where rule.target == serviceID && rule.weight < 0 {
                result.reasons.append(Reason(kind: .ruleAgainst, tag: nil, other: rule.id, because: rule.because, penalty: -rule.weight))
            }
            if with.assessment.idle.contains(serviceID) {
                result.reasons.append(Reason(kind: .addsNothing,
                    because: "every need \(name) could meet is met at least as well by the rest of the best architecture that includes it."))
            }
        }
        if let winner {
            let winnerMet = Dictionary(winner.assessment.met.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
            for (tag, strength) in useful {
                guard let met = winnerMet[tag], met.strength.value >= strength.value, let other = knowledge.services[met.by] else { continue }
                var because = "\(other.name) already meets \(label(tag))"
                because += met.strength.value > strength.value ? " fully, where \(name) meets it only partly" : " as well"
                let simpler = simplerSides(of: other, against: service, wanted: wanted)
                if !simpler.isEmpty { because += ", and it is \(list(simpler))" }
                result.reasons.append(Reason(kind: .sameNeedMetBy, tag: tag, other: other.id, because: because + "."))
            }
            if let with {
                if with.services.count > winner.services.count {
                    result.reasons.append(Reason(kind: .moreComponents,
                        because: "with \(name) the best architecture needs \(with.services.count) components (\(with.services.map(knowledge.displayName).joined(separator: " + "))) instead of \(winner.services.count)."))
                }
                if with.score < winner.score {
                    result.reasons.append(Reason(kind: .lowerScore, other: nil,
                        because: String(format: "the best architecture with %@ scores %.2f against %.2f for the top one.", name, with.score, winner.score),
                        penalty: ((winner.score - with.score) * 1000).rounded() / 1000))
                }
            }
        }
        return result
    }

    /// The wanted objectives and constraints `other` meets better than `service` ("least effort").
    private func simplerSides(of other: Service, against service: Service, wanted: [String: Requirement]) -> [String] {
        wanted.values.filter { $0.kind == .objective || $0.kind == .constraint }.map(\.tag).sorted().compactMap { tag in
            let (mine, theirs) = (service.provides[tag]?.value ?? 0, other.provides[tag]?.value ?? 0)
            let myShortfall = service.violates.contains { $0.tag == tag } || service.weakAt.contains { $0.tag == tag }
            return theirs > mine || (myShortfall && theirs >= mine) ? "better for \(label(tag))" : nil
        }
    }

    func label(_ tag: String) -> String { knowledge.tags[tag]?.label ?? tag }

    func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        case 2: "\(items[0]) and \(items[1])"
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
