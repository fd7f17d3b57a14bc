/// The layouts `check` can read. The CLI picks one by extension or `--input-format`.
public enum BankFormat: String, Sendable, CaseIterable, Codable {
    case scenarios, jsonl, markdown, csv, gift

    /// The format a file's extension implies, or nil when it names none of them.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "yaml", "yml": self = .scenarios
        case "jsonl", "ndjson": self = .jsonl
        case "md", "markdown": self = .markdown
        case "csv": self = .csv
        case "gift": self = .gift
        default: return nil
        }
    }

    /// A fresh reader for one file; `path` is how results and rejections name the file.
    public func makeReader(path: String, limits: InputLimits = .default) -> any BankReader {
        switch self {
        case .scenarios: return ScenarioFileReader(path: path, limits: limits)
        case .jsonl: return JSONLinesReader(path: path)
        case .markdown: return MarkdownBank(path: path)
        case .csv: return CSVBank(path: path)
        case .gift: return GIFTBank(path: path)
        }
    }
}

/// Reads a bank one line at a time and hands back each entry as soon as it is complete, so a bank
/// of any size is read in constant memory (scenario YAML, which must be parsed whole, excepted).
public protocol BankReader {
    /// One line without its line break; `number` is 1-based.
    mutating func read(line: String, number: Int) -> [BankItem]
    /// The end of the input: whatever is still open is completed or rejected.
    mutating func finish() -> [BankItem]
}

extension BankReader {
    /// Reads a whole text at once (tests, small inputs).
    public mutating func readAll(_ text: String) -> [BankItem] {
        var items: [BankItem] = []
        var number = 0
        // The same line ends as BankStream: LF, CRLF (one Character in Swift) and a lone CR.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            number += 1
            var line = String(line)
            if number == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            items += read(line: line, number: number)
        }
        return items + finish()
    }
}

extension BankItem {
    public var location: SourceLocation? {
        switch self {
        case let .question(question): question.location
        case let .rejected(_, location, _): location
        }
    }
}

/// Letters for options read in order: A, B, … Z, then AA, AB, …
func optionLetter(_ index: Int) -> String {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if index < letters.count { return String(letters[index]) }
    return String(letters[index / letters.count - 1]) + String(letters[index % letters.count])
}

/// The file name without folders or extension, for ids like `bank-12`.
func fileStem(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
}

extension Substring {
    func trimmingWhitespace() -> String { String(self).trimmingWhitespace() }
}
