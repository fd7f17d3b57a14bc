/// Reads Moodle GIFT banks: questions separated by blank lines, answers in braces.
///
///     // a comment
///     $CATEGORY: MLS-C01
///     ::celebrities:: Which service finds famous people in photos? {
///       ~Amazon Polly  =Amazon Rekognition  ~Amazon Comprehend#feedback is ignored
///     }
///
/// `=` marks a right answer, `~` a wrong one, `~%50%` a partly right one (any positive weight
/// counts as part of the key, as Moodle does for multiple-answer questions). `\~ \= \# \{ \} \:`
/// are literal characters. `[html]`/`[markdown]` format tags are dropped. True/false, numeric,
/// matching and short-answer questions have no options to pick from and are rejected with the
/// reason. `$CATEGORY:` sets the exam of the questions after it.
public struct GIFTBank: BankReader {
    public let path: String
    /// A question still open after this many lines is reported instead of held in memory.
    public static let maximumQuestionLines = 400

    private var block: [String] = []
    private var blockStart = 0
    private var braceDepth = 0
    private var category: String?
    private var ordinal = 0

    public init(path: String) {
        self.path = path
    }

    public mutating func read(line: String, number: Int) -> [BankItem] {
        let trimmed = line.trimmingWhitespace()
        if braceDepth == 0 {
            if trimmed.hasPrefix("//") { return [] }
            if trimmed.isEmpty { return close() }
            if block.isEmpty, trimmed.hasPrefix("$CATEGORY:") {
                category = String(trimmed.dropFirst("$CATEGORY:".count)).trimmingWhitespace()
                if category?.isEmpty == true { category = nil }
                return []
            }
        } else if trimmed.hasPrefix("//") {
            return []
        }
        if block.isEmpty { blockStart = number }
        block.append(line)
        braceDepth = max(0, braceDepth + Self.braceBalance(line))
        if block.count >= Self.maximumQuestionLines {
            block = []
            braceDepth = 0
            return [reject("the question has no closing `}` within \(Self.maximumQuestionLines) lines")]
        }
        return []
    }

    public mutating func finish() -> [BankItem] {
        close()
    }

    private mutating func close() -> [BankItem] {
        guard !block.isEmpty else { return [] }
        defer { block = []; braceDepth = 0 }
        ordinal += 1
        return [parse(block.joined(separator: "\n"))]
    }

    private func reject(_ reason: String, id: String? = nil) -> BankItem {
        .rejected(id: id ?? "\(fileStem(path))-\(ordinal)", location: SourceLocation(file: path, line: blockStart, column: 1), reason: reason)
    }

    /// One question block, already joined.
    private func parse(_ source: String) -> BankItem {
        var text = Array(source)
        var id = "\(fileStem(path))-\(ordinal)"
        // ::title::
        if let start = Self.skipSpace(text, from: 0), Self.isToken(text, at: start, "::"),
           let end = Self.find("::", in: text, from: start + 2) {
            let title = Self.unescape(text[(start + 2)..<end]).trimmingWhitespace()
            if !title.isEmpty { id = title }
            text = Array(text[(end + 2)...])
        }
        guard let open = Self.find("{", in: text, from: 0) else {
            return reject("no answer block `{ … }`: GIFT questions list their options in braces", id: id)
        }
        guard let close = Self.find("}", in: text, from: open + 1) else {
            return reject("the answer block `{` is never closed", id: id)
        }
        var stem = Self.unescape(text[..<open]).trimmingWhitespace()
        let after = Self.unescape(text[(close + 1)...]).trimmingWhitespace()
        if !after.isEmpty { stem += " _____ " + after }
        for tag in ["[html]", "[moodle]", "[markdown]", "[plain]"] where stem.lowercased().hasPrefix(tag) {
            stem = String(stem.dropFirst(tag.count)).trimmingWhitespace()
        }
        if stem.isEmpty { return reject("the question has no text", id: id) }
        var body = Array(text[(open + 1)..<close])
        if let general = Self.find("####", in: body, from: 0) { body = Array(body[..<general]) }
        let plain = String(body).trimmingWhitespace().uppercased()
        if ["T", "F", "TRUE", "FALSE"].contains(plain) || plain.hasPrefix("T#") || plain.hasPrefix("F#")
            || plain.hasPrefix("TRUE#") || plain.hasPrefix("FALSE#") {
            return reject("a true/false question has no options to pick from", id: id)
        }
        if plain.hasPrefix("#") { return reject("a numerical question has no options to pick from", id: id) }
        if plain.isEmpty { return reject("the answer block is empty (an essay question has no options)", id: id) }

        var answers: [(marker: Character, text: ArraySlice<Character>)] = []
        var index = 0
        var current: (marker: Character, start: Int)?
        while index < body.count {
            let character = body[index]
            if character == "\\" { index += 2; continue }
            if character == "=" || character == "~" {
                if let current { answers.append((current.marker, body[current.start..<index])) }
                current = (character, index + 1)
            } else if current == nil, !character.isWhitespace {
                return reject("text before the first `=` or `~` in the answer block", id: id)
            }
            index += 1
        }
        if let current { answers.append((current.marker, body[current.start..<body.count])) }

        var options: [OptionText] = []
        var key: [String] = []
        for (marker, raw) in answers {
            var answer = Array(raw)
            if let feedback = Self.find("#", in: answer, from: 0) { answer = Array(answer[..<feedback]) }
            if Self.find("->", in: answer, from: 0) != nil {
                return reject("a matching question has no options to pick from", id: id)
            }
            var weight: Double?
            if answer.first == "%", let end = answer.dropFirst().firstIndex(of: "%") {
                weight = Double(String(answer[1..<end]))
                if weight == nil { return reject("`%\(String(answer[1..<end]))%` is not a weight", id: id) }
                answer = Array(answer[(end + 1)...])
            }
            let optionText = Self.unescape(answer[...]).trimmingWhitespace()
            let letter = optionLetter(options.count)
            if optionText.isEmpty { return reject("option \(letter) has no text", id: id) }
            options.append(OptionText(letter: letter, text: optionText))
            if marker == "=" || (weight ?? 0) > 0 { key.append(letter) }
        }
        if !answers.contains(where: { $0.marker == "~" }) {
            return reject("a short-answer question (only `=` answers) has no options to pick from", id: id)
        }
        if options.count < 2 { return reject("a question needs at least two options", id: id) }
        if key.isEmpty { return reject("no answer is marked right with `=` or a positive `%weight%`", id: id) }
        return .question(Question(id: id, text: stem, options: options, key: key, exam: category,
                                  location: SourceLocation(file: path, line: blockStart, column: 1)))
    }

    /// Unescaped `{` minus unescaped `}` on a line.
    static func braceBalance(_ line: String) -> Int {
        var balance = 0
        var escaped = false
        for character in line {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true } else if character == "{" { balance += 1 } else if character == "}" { balance -= 1 }
        }
        return balance
    }

    static func skipSpace(_ text: [Character], from start: Int) -> Int? {
        var index = start
        while index < text.count, text[index].isWhitespace { index += 1 }
        return index < text.count ? index : nil
    }

    static func isToken(_ text: [Character], at index: Int, _ token: String) -> Bool {
        let token = Array(token)
        return index + token.count <= text.count && Array(text[index..<(index + token.count)]) == token
    }

    /// The first unescaped occurrence of `token` at or after `start`.
    static func find(_ token: String, in text: [Character], from start: Int) -> Int? {
        var index = start
        while index < text.count {
            if text[index] == "\\" { index += 2; continue }
            if isToken(text, at: index, token) { return index }
            index += 1
        }
        return nil
    }

    static func unescape(_ text: ArraySlice<Character>) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}
