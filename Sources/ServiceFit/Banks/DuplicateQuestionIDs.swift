/// Rejects a question whose id an earlier question of the same run already has, in any file: two
/// questions under one id make a report ambiguous, and one of them would be lost from any tool
/// that keys results by id. The first keeps its place; each later one becomes a rejection that
/// points back at it, so the counts still add up.
public struct DuplicateQuestionIDs: Sendable {
    private var firstSeen: [String: SourceLocation] = [:]

    public init() {}

    public mutating func filter(_ items: [BankItem]) -> [BankItem] {
        items.map { item in
            guard case let .question(question) = item else { return item }
            let location = question.location ?? SourceLocation(file: "?", line: 1, column: 1)
            if let first = firstSeen[question.id] {
                return .rejected(id: question.id, location: location,
                                 reason: "duplicate question id `\(question.id)`, first used at \(first); give each question its own id")
            }
            firstSeen[question.id] = location
            return item
        }
    }
}
