import Foundation

/// Reads JSON Lines banks: one object per line with `question`, `options` (letter → text) and
/// `answers` (letters), optionally `id`, `exam`, `lang`.
public enum JSONLinesBank {
    /// Reads one line; `lineNumber` is 1-based. Blank lines yield nothing.
    public static func read(line: Substring, lineNumber: Int, file: String) -> BankItem? {
        guard hasText(line) else { return nil }
        if let item = readDirectly(line: line, lineNumber: lineNumber, file: file) { return item }
        return readThroughFoundation(line: line, lineNumber: lineNumber, file: file)
    }

    /// The usual bank line, read without JSONSerialization; nil for every line it leaves to
    /// `readThroughFoundation`, which gives the same item for every line this one reads.
    @_spi(Fuzzing) public static func readDirectly(line: Substring, lineNumber: Int, file: String) -> BankItem? {
        let read = line.utf8.withContiguousStorageIfAvailable(BankLineFields.read)
            ?? Array(line.utf8).withUnsafeBufferPointer(BankLineFields.read)
        guard let fields = read, let text = fields.question, hasText(text),
              var options = fields.options, !options.isEmpty else { return nil }
        let answers: [String]
        if let list = fields.answerList {
            answers = letters(list)
        } else if let single = fields.answersText ?? fields.answerText {
            answers = letters(single)
        } else {
            return nil
        }
        // Sorted as the other path sorts its dictionary's keys; banks mostly list them in order.
        if zip(options, options.dropFirst()).contains(where: { !($0.letter < $1.letter) }) {
            options.sort { $0.letter < $1.letter }
        }
        if options.contains(where: { needsUppercasing($0.letter) }) {
            for position in options.indices { options[position].letter = options[position].letter.uppercased() }
        }
        return question(
            id: fields.id ?? "\(file):\(lineNumber)", text: text, options: options, answers: answers,
            language: fields.lang.flatMap(Language.init), exam: fields.exam,
            location: SourceLocation(file: file, line: lineNumber, column: 1))
    }

    /// Reads a non-blank line through JSONSerialization: every rejection comes from here.
    @_spi(Fuzzing) public static func readThroughFoundation(line: Substring, lineNumber: Int, file: String) -> BankItem {
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
            answers = letters(list)
        } else if let single = (record["answers"] as? String) ?? (record["answer"] as? String) {
            answers = letters(single)
        } else {
            return .rejected(id: id, location: location, reason: "missing `answers` (a list of option letters)")
        }
        return question(
            id: id, text: text, options: options, answers: answers, language: (record["lang"] as? String).flatMap(Language.init),
            exam: record["exam"] as? String, location: location)
    }

    private static func letters(_ list: [String]) -> [String] {
        list.contains(where: needsUppercasing) ? list.map { $0.uppercased() } : list
    }

    /// `"A, C"`: letters separated by commas.
    private static func letters(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingWhitespace().uppercased() }
    }

    /// Whether `uppercased()` could change `letter`: not for the usual one (ASCII without a-z),
    /// which saves its cost.
    private static func needsUppercasing(_ letter: String) -> Bool {
        letter.utf8.contains { $0 >= 0x80 || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    /// Whether `text` has a character that is not white space: `!text.trimmingWhitespace().isEmpty`,
    /// answered from the first byte when that is a visible ASCII character, as it nearly always is.
    private static func hasText(_ text: some StringProtocol) -> Bool {
        if let first = text.utf8.first, (0x21...0x7E).contains(first) { return true }
        return text.contains { !$0.isWhitespace }
    }

    /// What both readers share once the fields are in hand, so they cannot drift apart.
    private static func question(id: String, text: String, options: [OptionText], answers: [String], language: Language?,
                                 exam: String?, location: SourceLocation) -> BankItem {
        if answers.isEmpty { return .rejected(id: id, location: location, reason: "`answers` is empty") }
        if let missing = answers.first(where: { letter in !options.contains { $0.letter == letter } }) {
            return .rejected(id: id, location: location, reason: "answer `\(missing)` is not one of the options")
        }
        return .question(Question(id: id, text: text, options: options, key: answers, language: language, exam: exam,
                                  location: location))
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
