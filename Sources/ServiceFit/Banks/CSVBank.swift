/// Reads CSV banks (RFC 4180): a header row naming the columns, then one question per record.
///
/// Columns, matched without regard to case: `question` (or `text`), the options `A` … `F` (also
/// `option A`, `option_a`), `answer` (or `answers`, `key`, `correct`) holding letters like `B` or
/// `B,D`, and optionally `id`, `exam`, `lang`. Quoted fields may hold commas, doubled quotes and
/// line breaks; a record is located at the line where it starts.
public struct CSVBank: BankReader {
    public let path: String
    /// A quoted field still open after this many lines is reported as unterminated instead of
    /// being held in memory to the end of the file.
    public static let maximumRecordLines = 200

    private enum Column: Hashable { case id, question, exam, lang, answer, option(String), ignored }

    private var columns: [Column]?
    /// Set when the first record is no usable header: every record after it is then unreadable.
    private var brokenHeaderLine: Int?
    private var fields: [String] = []
    private var field = ""
    private var inQuotes = false
    private var recordStart = 0
    private var recordLines = 0
    private var recordProblem: (line: Int, column: Int, reason: String)?

    public init(path: String) {
        self.path = path
    }

    public mutating func read(line: String, number: Int) -> [BankItem] {
        if !inQuotes {
            recordStart = number
            recordLines = 0
            fields = []
            field = ""
            recordProblem = nil
            if line.trimmingWhitespace().isEmpty { return [] }
        } else {
            field.append("\n")
        }
        recordLines += 1
        parse(line, number: number)
        if inQuotes {
            if recordLines < Self.maximumRecordLines { return [] }
            inQuotes = false
            return [reject("a quoted field opened here is not closed within \(Self.maximumRecordLines) lines")]
        }
        fields.append(field)
        return complete()
    }

    public mutating func finish() -> [BankItem] {
        var items: [BankItem] = []
        if inQuotes {
            inQuotes = false
            items.append(reject("a quoted field opened here is never closed"))
        } else if columns == nil && brokenHeaderLine == nil {
            items.append(.rejected(id: path, location: SourceLocation(file: path, line: 1, column: 1),
                                   reason: "the file is empty; a CSV bank starts with a header row"))
        }
        return items
    }

    private mutating func parse(_ line: String, number: Int) {
        var column = 0
        var afterClosingQuote = false
        var iterator = line.makeIterator()
        var lookahead: Character? = iterator.next()
        while let character = lookahead {
            lookahead = iterator.next()
            column += 1
            if inQuotes {
                if character == "\"" {
                    if lookahead == "\"" {
                        field.append("\"")
                        lookahead = iterator.next()
                        column += 1
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            if character == "," {
                fields.append(field)
                field = ""
                afterClosingQuote = false
            } else if afterClosingQuote {
                if !character.isWhitespace, recordProblem == nil {
                    recordProblem = (number, column, "unexpected `\(character)` after a closing quote (write a quote inside a quoted field as \"\")")
                }
            } else if character == "\"" && field.allSatisfy(\.isWhitespace) {
                field = ""
                inQuotes = true
            } else {
                field.append(character)
            }
        }
    }

    private mutating func complete() -> [BankItem] {
        let record = fields.map { $0.trimmingWhitespace() }
        fields = []
        field = ""
        let location = SourceLocation(file: path, line: recordStart, column: 1)
        if let brokenHeaderLine {
            return [.rejected(id: "\(fileStem(path)):\(recordStart)", location: location,
                              reason: "cannot be read: the header at line \(brokenHeaderLine) names no question, options and answer")]
        }
        guard let columns else {
            return readHeader(record)
        }
        var values: [Column: String] = [:]
        for (column, value) in zip(columns, record) where column != .ignored { values[column] = value }
        let id = values[.id].flatMap { $0.isEmpty ? nil : $0 } ?? "\(fileStem(path)):\(recordStart)"
        if let problem = recordProblem {
            return [.rejected(id: id, location: SourceLocation(file: path, line: problem.line, column: problem.column), reason: problem.reason)]
        }
        if record.count != columns.count {
            return [.rejected(id: id, location: location,
                              reason: "the record has \(record.count) fields but the header names \(columns.count)")]
        }
        guard let text = values[.question], !text.isEmpty else {
            return [.rejected(id: id, location: location, reason: "the `question` field is empty")]
        }
        var options: [OptionText] = []
        for column in columns {
            if case let .option(letter) = column, let value = values[column], !value.isEmpty {
                options.append(OptionText(letter: letter, text: value))
            }
        }
        if options.count < 2 {
            return [.rejected(id: id, location: location, reason: "a question needs at least two options with text")]
        }
        let answer = values[.answer] ?? ""
        let key = Self.letters(in: answer)
        if key.isEmpty {
            return [.rejected(id: id, location: location, reason: "the `answer` field is empty; write letters like B or B,D")]
        }
        if let missing = key.first(where: { letter in !options.contains { $0.letter == letter } }) {
            return [.rejected(id: id, location: location, reason: "answer `\(missing)` is not one of the options")]
        }
        var language: Language?
        if let lang = values[.lang], !lang.isEmpty {
            language = Language(rawValue: lang.lowercased())
            if language == nil { return [.rejected(id: id, location: location, reason: "unknown language `\(lang)` (use en or ja)")] }
        }
        return [.question(Question(id: id, text: text, options: options, key: key, language: language,
                                   exam: values[.exam].flatMap { $0.isEmpty ? nil : $0 }, location: location))]
    }

    private mutating func readHeader(_ record: [String]) -> [BankItem] {
        var columns: [Column] = []
        for name in record {
            let normal = name.lowercased().replacingOccurrences(of: "_", with: " ").trimmingWhitespace()
            switch normal {
            case "id": columns.append(.id)
            case "question", "text", "stem": columns.append(.question)
            case "exam": columns.append(.exam)
            case "lang", "language": columns.append(.lang)
            case "answer", "answers", "key", "correct": columns.append(.answer)
            default:
                var letter = normal
                for prefix in ["option ", "option", "choice ", "choice"] where letter.hasPrefix(prefix) {
                    letter = String(letter.dropFirst(prefix.count)); break
                }
                if letter.count == 1, let character = letter.first, ("a"..."f").contains(character) {
                    columns.append(.option(letter.uppercased()))
                } else {
                    columns.append(.ignored)
                }
            }
        }
        let location = SourceLocation(file: path, line: recordStart, column: 1)
        guard columns.contains(.question), columns.contains(.answer), columns.contains(where: { if case .option = $0 { true } else { false } }) else {
            brokenHeaderLine = recordStart
            return [.rejected(id: path, location: location,
                              reason: "the header must name a `question` column, option columns A…F and an `answer` column")]
        }
        self.columns = columns
        return []
    }

    private func reject(_ reason: String) -> BankItem {
        .rejected(id: "\(fileStem(path)):\(recordStart)", location: SourceLocation(file: path, line: recordStart, column: 1), reason: reason)
    }

    /// `B`, `B,D`, `B; D`, `B D`, `BD`: the option letters of a key.
    static func letters(in answer: String) -> [String] {
        let parts = answer.uppercased().split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "|" || $0 == "/" })
        var letters: [String] = []
        for part in parts {
            if part.allSatisfy({ $0.isASCII && $0.isLetter }) && part.count <= 6 {
                letters += part.map(String.init)
            } else {
                letters.append(String(part))
            }
        }
        var seen = Set<String>()
        return letters.filter { seen.insert($0).inserted }
    }
}
