/// One entry read from a bank: a question to judge, or a reason it could not be read.
public enum BankItem: Sendable {
    case question(Question)
    case rejected(id: String, location: SourceLocation, reason: String)
}
