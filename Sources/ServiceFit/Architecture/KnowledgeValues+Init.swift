// Public initialisers for building a knowledge base in code: generated catalogs for the
// architecture benchmark and for tests of the search. Rules/ stays the only source for the tool.

extension Tag {
    public init(id: String, kind: Kind, implies: [String] = [], conflicts: [String] = [], meaning: String = "") {
        self.init(id: id, kind: kind, meaning: meaning, implies: implies, conflicts: conflicts, phrases: .init(), negated: .init(),
                  examples: [], location: SourceLocation(file: "<generated>", line: 0, column: 0))
    }
}

extension Shortcoming {
    public init(tag: String, because: String) {
        self.init(tag: tag, because: because, location: SourceLocation(file: "<generated>", line: 0, column: 0))
    }
}

extension Service {
    public init(id: String, name: String, provider: Provider, category: String, stage: String?,
                provides: [String: Strength], violates: [Shortcoming] = [], weakAt: [Shortcoming] = []) {
        self.init(id: id, name: name, formerNames: [], aliases: [], provider: provider, category: category, stage: stage, parent: nil,
                  provides: provides, violates: violates, weakAt: weakAt, notes: [], examples: [],
                  location: SourceLocation(file: "<generated>", line: 0, column: 0))
    }
}

extension PreferenceRule {
    public init(id: String, when: [String], whenAny: [String] = [], prefer: [String] = [], penalize: [String] = [],
                weight: Double, because: String) {
        self.init(id: id, when: when, whenAny: whenAny, prefer: prefer, penalize: penalize, weight: weight, because: because,
                  examples: [], location: SourceLocation(file: "<generated>", line: 0, column: 0))
    }
}
