/// Reads Markdown banks in the layout of public practice-question repositories:
///
///     ### 12. A retailer wants to … Which service fits?      (or a numbered paragraph: `12. A retailer …`)
///     - [ ] Amazon Polly
///     - [x] Amazon Rekognition
///
/// A question is a heading or a numbered paragraph followed by `- [ ]` / `- [x]` options (`*` or
/// `+` bullets, `[X]` too); the marked ones are the key. Lines between the text and the options
/// continue the question; indented lines continue the option above; anything after the options
/// (explanations, `<details>` blocks) is skipped until the next heading or numbered paragraph.
/// A heading or paragraph that no option follows is prose (a title, an introduction), not a
/// question. Optional front matter between `---` lines may set `exam:` and `lang:`.
public struct MarkdownBank: BankReader {
    public let path: String
    /// A question's text is at most this many lines; longer runs of text are prose.
    public static let maximumQuestionLines = 200

    private struct Draft {
        var line: Int
        var number: String?
        var text: [String]
        var options: [(text: String, marked: Bool, line: Int)] = []
        var problem: (line: Int, column: Int, reason: String)?
    }

    private enum Phase { case start, frontMatter, body }

    private var phase = Phase.start
    private var exam: String?
    private var language: Language?
    private var draft: Draft?
    /// After the options of a question: skip its explanation until the next question starts.
    private var skipping = false
    private var inFence = false
    private var ordinal = 0
    private var orphanReported = false

    public init(path: String) {
        self.path = path
    }

    public mutating func read(line: String, number: Int) -> [BankItem] {
        let trimmed = line.trimmingWhitespace()
        switch phase {
        case .start:
            phase = .body
            if trimmed == "---" { phase = .frontMatter; return [] }
        case .frontMatter:
            if trimmed == "---" || trimmed == "..." { phase = .body; return [] }
            readFrontMatter(trimmed)
            return []
        case .body: break
        }
        if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); return [] }
        if inFence { return [] }

        if let start = questionStart(line) {
            let finished = close()
            draft = Draft(line: number, number: start.number, text: start.text.isEmpty ? [] : [start.text])
            skipping = false
            orphanReported = false
            return finished
        }
        if let option = optionLine(line) {
            // Boxes inside the explanation of the question above are not options.
            if skipping { return [] }
            guard var current = draft else {
                // Options with no question above them cannot be judged; say so once per run.
                if orphanReported { return [] }
                orphanReported = true
                let location = SourceLocation(file: path, line: number, column: 1)
                return [.rejected(id: "\(fileStem(path)):\(number)", location: location,
                                  reason: "options with no question above them (a question is a heading or a numbered paragraph)")]
            }
            if current.problem == nil, let bad = option.badMark {
                current.problem = (number, bad.column, "`[\(bad.mark)]` is not an option mark; use `[ ]` or `[x]`")
            }
            current.options.append((option.text, option.marked, number))
            draft = current
            return []
        }
        guard var current = draft, !skipping else { return [] }
        if trimmed.isEmpty { return [] }
        if current.options.isEmpty {
            // Pages of text with no options are prose, not a question: stop keeping them.
            if current.text.count >= Self.maximumQuestionLines { draft = nil; return [] }
            current.text.append(trimmed)
        } else if line.first == " " || line.first == "\t", !current.options.isEmpty, !trimmed.hasPrefix("<") {
            current.options[current.options.count - 1].text += " " + trimmed
        } else {
            // The options are over; what follows explains the answer.
            skipping = true
            let finished = close()
            draft = nil
            return finished
        }
        draft = current
        return []
    }

    public mutating func finish() -> [BankItem] {
        defer { draft = nil }
        var items = close()
        if phase == .frontMatter {
            items.append(.rejected(id: path, location: SourceLocation(file: path, line: 1, column: 1),
                                   reason: "front matter that starts with `---` is never closed"))
        }
        return items
    }

    private mutating func readFrontMatter(_ line: String) {
        guard let colon = line.firstIndex(of: ":") else { return }
        let key = line[..<colon].trimmingWhitespace().lowercased()
        var value = line[line.index(after: colon)...].trimmingWhitespace()
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        if key == "exam" { exam = value }
        if key == "lang" || key == "language" { language = Language(rawValue: value.lowercased()) }
    }

    /// Turns the question being read into an item: a question, a rejection, or nothing (prose).
    private mutating func close() -> [BankItem] {
        guard let current = draft else { return [] }
        draft = nil
        if current.options.isEmpty {
            // A numbered question that asks something but lists no option — often the last one of
            // a file that was cut off — is a question lost, not prose: say so.
            guard let number = current.number, current.text.contains(where: { $0.contains("?") || $0.contains("？") }) else { return [] }
            ordinal += 1
            return [.rejected(id: "\(fileStem(path))-\(number)", location: SourceLocation(file: path, line: current.line, column: 1),
                              reason: "question \(number) has no options; list them as `- [ ] …` lines, marking the right ones `- [x]`")]
        }
        ordinal += 1
        let id = current.number.map { "\(fileStem(path))-\($0)" } ?? "\(fileStem(path))-\(ordinal)"
        let location = SourceLocation(file: path, line: current.line, column: 1)
        if let problem = current.problem {
            return [.rejected(id: id, location: SourceLocation(file: path, line: problem.line, column: problem.column), reason: problem.reason)]
        }
        let text = current.text.joined(separator: " ")
        if text.isEmpty {
            return [.rejected(id: id, location: location, reason: "the question has no text")]
        }
        if current.options.count < 2 {
            return [.rejected(id: id, location: location, reason: "a question needs at least two options")]
        }
        var options: [OptionText] = []
        var key: [String] = []
        for (index, option) in current.options.enumerated() {
            let letter = optionLetter(index)
            if option.text.isEmpty {
                return [.rejected(id: id, location: SourceLocation(file: path, line: option.line, column: 1),
                                  reason: "option \(letter) has no text")]
            }
            options.append(OptionText(letter: letter, text: option.text))
            if option.marked { key.append(letter) }
        }
        if key.isEmpty {
            return [.rejected(id: id, location: location, reason: "no option is marked `[x]`, so the question has no key")]
        }
        return [.question(Question(id: id, text: text, options: options, key: key, language: language, exam: exam,
                                   location: location))]
    }

    /// `# …` headings, and numbered paragraphs `12. …` / `12) …` at the start of a line.
    private func questionStart(_ line: String) -> (number: String?, text: String)? {
        var rest = Substring(line)
        if rest.first == "#" {
            let hashes = rest.prefix { $0 == "#" }
            guard hashes.count <= 6 else { return nil }
            rest = rest.dropFirst(hashes.count)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
            var text = rest.trimmingWhitespace()
            while text.hasSuffix("#") { text.removeLast() }
            text = text.trimmingWhitespace()
            let numbered = leadingNumber(Substring(text))
            return (numbered?.number, numbered.map { String($0.rest) } ?? text)
        }
        guard let numbered = leadingNumber(rest) else { return nil }
        return (numbered.number, String(numbered.rest))
    }

    /// `12. text`, `12) text`, `Q12. text`, `Question 12: text`, with emphasis around the number.
    private func leadingNumber(_ text: Substring) -> (number: String, rest: Substring)? {
        var rest = text.drop { $0 == "*" || $0 == "_" }
        for prefix in ["Question ", "question ", "Q", "q", "問"] where rest.hasPrefix(prefix) {
            let after = rest.dropFirst(prefix.count)
            if after.first?.isASCII == true, after.first?.isNumber == true { rest = after; break }
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 7 else { return nil }
        rest = rest.dropFirst(digits.count)
        guard let mark = rest.first, [".", ")", ":", "．", "）", "："].contains(mark) else { return nil }
        rest = rest.dropFirst().drop { $0 == "*" || $0 == "_" }
        guard rest.isEmpty || rest.first.map({ $0 == " " || $0 == "\t" || !$0.isASCII }) == true else { return nil }
        return (String(digits), Substring(rest.trimmingWhitespace()))
    }

    private struct OptionLine {
        var text: String
        var marked: Bool
        var badMark: (mark: String, column: Int)?
    }

    /// `- [ ] text`, `- [x] text`, also `*`/`+` bullets and an optional `A.` after the box.
    private func optionLine(_ line: String) -> OptionLine? {
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        guard indent.count <= 3 else { return nil }
        var rest = line.dropFirst(indent.count)
        guard let bullet = rest.first, bullet == "-" || bullet == "*" || bullet == "+" else { return nil }
        rest = rest.dropFirst()
        guard rest.first == " " else { return nil }
        rest = rest.drop { $0 == " " }
        guard rest.first == "[", rest.count >= 3 else { return nil }
        let boxColumn = line.count - rest.count + 1
        let inside = rest.dropFirst().prefix { $0 != "]" }
        guard inside.count <= 3, rest.dropFirst(1 + inside.count).first == "]" else { return nil }
        rest = rest.dropFirst(2 + inside.count)
        var text = rest.trimmingWhitespace()
        // "- [x] B. Amazon Polly": the letter is the source's own label, not part of the option.
        if text.count > 2, let first = text.first, first.isUppercase, first.isASCII,
           [".", ")", ":"].contains(text[text.index(after: text.startIndex)]) {
            text = String(text.dropFirst(2)).trimmingWhitespace()
        }
        switch inside {
        case " ", "": return OptionLine(text: text, marked: false)
        case "x", "X": return OptionLine(text: text, marked: true)
        default: return OptionLine(text: text, marked: false, badMark: (String(inside), boxColumn))
        }
    }
}
