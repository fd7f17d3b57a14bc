/// What separates two services: the tags both provide and the ones only one does.
public struct ServiceComparison: Sendable {
    public var shared: [String]
    public var onlyFirst: [String]
    public var onlySecond: [String]

    public init(_ first: Service, _ second: Service, knowledge: KnowledgeBase) {
        let a = Set(first.provides.keys), b = Set(second.provides.keys)
        shared = a.intersection(b).sorted()
        onlyFirst = a.subtracting(b).sorted()
        onlySecond = b.subtracting(a).sorted()
    }

    /// Services most likely to be confused with `service`: same category or many shared tags.
    public static func neighbours(of service: Service, in knowledge: KnowledgeBase, limit: Int) -> [Service] {
        let own = Set(service.provides.keys)
        return knowledge.services.values
            .filter { $0.id != service.id && $0.id != service.parent && $0.parent != service.id }
            .map { other -> (Service, Double) in
                let theirs = Set(other.provides.keys)
                let overlap = Double(own.intersection(theirs).count) / Double(max(1, own.union(theirs).count))
                return (other, overlap + (other.category == service.category ? 0.5 : 0))
            }
            .filter { $0.1 > 0.2 }
            .sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
            .prefix(limit).map(\.0)
    }
}
