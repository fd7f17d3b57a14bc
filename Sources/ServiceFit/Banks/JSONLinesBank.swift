import Foundation

/// Reads JSON Lines banks: one object per line with `question`, `options` (letter → text) and
/// `answers` (letters), optionally `id`, `exam`, `lang`.
public enum JSONLinesBank {
    /// Reads one line; `lineNumber` is 1-based. Blank lines yield nothing.
    public static func read(line: Substring, lineNumber: Int, file: String) -> BankItem? {
        guard line.contains(where: { !$0.isWhitespace }) else { return nil }
        let location = SourceLocation(file: file, line: lineNumber, column: 1)
        let fallbackID = "\(file):\(lineNumber)"
        let object: Any
        do {
            // Fragments too, so a line holding only `42` or `"text"` gets the sharper reason below.
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed)
        } catch {
            return invalidJSON(line, error: error, lineNumber: lineNumber, file: file)
        }
        guard let record = object as? [String: Any] else {
            let column = line.prefix { $0 == " " || $0 == "\t" }.count + 1
            return .rejected(id: fallbackID, location: SourceLocation(file: file, line: lineNumber, column: column),
                             reason: "each line must be a JSON object (`{…}`)")
        }
        let id = (record["id"] as? String) ?? (record["id"] as? NSNumber)?.stringValue ?? fallbackID
        guard let text = record["question"] as? String, !text.trimmingWhitespace().isEmpty else {
            return .rejected(id: id, location: location, reason: "missing `question` text")
        }
        guard let rawOptions = record["options"] as? [String: Any], !rawOptions.isEmpty else {
            return .rejected(id: id, location: location, reason: "missing `options` (an object of letter → text)")
        }
        var options: [OptionText] = []
        for (letter, value) in rawOptions.sorted(by: { $0.key < $1.key }) {
            guard let optionText = value as? String else {
                return .rejected(id: id, location: location, reason: "option \(letter) is not text")
            }
            options.append(OptionText(letter: letter.uppercased(), text: optionText))
        }
        let answers: [String]
        if let list = record["answers"] as? [String] {
            answers = list.map { $0.uppercased() }
        } else if let single = (record["answers"] as? String) ?? (record["answer"] as? String) {
            answers = single.split(separator: ",").map { String($0).trimmingWhitespace().uppercased() }
        } else {
            return .rejected(id: id, location: location, reason: "missing `answers` (a list of option letters)")
        }
        if answers.isEmpty { return .rejected(id: id, location: location, reason: "`answers` is empty") }
        if let missing = answers.first(where: { letter in !options.contains { $0.letter == letter } }) {
            return .rejected(id: id, location: location, reason: "answer `\(missing)` is not one of the options")
        }
        return .question(Question(
            id: id, text: text, options: options, key: answers, language: (record["lang"] as? String).flatMap(Language.init),
            exam: record["exam"] as? String, location: location))
    }

    /// A line JSONSerialization refused: rejected at the column where it stops being JSON.
    private static func invalidJSON(_ line: Substring, error: any Error, lineNumber: Int, file: String) -> BankItem {
        let bytes = Array(line.utf8)
        let fallbackID = "\(file):\(lineNumber)"
        if let problem = JSONSyntaxCheck.firstProblem(in: bytes) {
            let column = JSONSyntaxCheck.column(ofOffset: problem.offset, in: bytes)
            return .rejected(id: fallbackID, location: SourceLocation(file: file, line: lineNumber, column: column),
                             reason: "not valid JSON: \(problem.reason)")
        }
        // Well-formed, yet refused: a number too large for a Double, or nesting deeper than
        // JSONSerialization reads. Its own words are the best there is; they carry no position.
        let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? error.localizedDescription
        return .rejected(id: fallbackID, location: SourceLocation(file: file, line: lineNumber, column: 1),
                         reason: "not valid JSON: \(detail)")
    }

    public static func read(_ file: SourceFile) -> [BankItem] {
        var reader = JSONLinesReader(path: file.path)
        return reader.readAll(file.text)
    }
}

/// JSON Lines as a streaming reader: every line stands alone.
public struct JSONLinesReader: BankReader {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public mutating func read(line: String, number: Int) -> [BankItem] {
        JSONLinesBank.read(line: Substring(line), lineNumber: number, file: path).map { [$0] } ?? []
    }

    public mutating func finish() -> [BankItem] { [] }
}
