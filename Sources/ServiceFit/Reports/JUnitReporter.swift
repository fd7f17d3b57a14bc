/// `check --format junit`: one `<testcase>` per question so CI systems list every question;
/// disagreements are failures, abstentions skipped, rejections errors. Test cases are grouped in
/// a `<testsuite>` per bank file (in parts of at most `partSize`, so the report streams: a
/// suite's counts must be written before its cases). Validates against the JUnit XSD that
/// Jenkins and pytest use.
public struct JUnitReporter: CheckReporter {
    public static let partSize = 1000

    private var file: String?
    private var part = 0
    private var cases: [String] = []
    private var counts = CheckSummary()

    public init() {}

    public mutating func begin() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"svcfit check\">\n"
    }

    public mutating func report(_ judged: JudgedQuestion) -> String {
        let result = judged.result
        var output = ""
        let resultFile = result.file ?? "(input)"
        if file != resultFile || cases.count >= Self.partSize {
            output += flush()
            part = file == resultFile ? part + 1 : 1
            file = resultFile
        }
        counts.add(result.verdict)
        let place = result.line.map { "\(resultFile):\($0)" } ?? resultFile
        var testcase = "    <testcase name=\"\(xml(result.id))\" classname=\"\(xml(result.exam ?? fileStem(resultFile)))\""
        switch result.verdict {
        case .agree:
            testcase += "/>"
        case .disagree:
            let kind = result.suspicious == true ? "suspicious-key" : "disagree"
            let message = "picked \(result.picked.joined(separator: ",")) but the key is \(result.key.joined(separator: ","))"
                + " (confidence \(formatScore(result.confidence))): \(result.reason)"
            var body = "\(place)\n" + judged.explanation.joined(separator: "\n")
            if let names = result.unknownInKey { body += "\nThe key names \(names.joined(separator: ", ")), which is no known product." }
            testcase += ">\n      <failure type=\"\(kind)\" message=\"\(xml(message))\">\(xml(body))</failure>\n    </testcase>"
        case .abstain:
            testcase += ">\n      <skipped type=\"\(xml(result.abstention ?? "abstain"))\" message=\"\(xml(result.reason))\"/>\n    </testcase>"
        case .rejected:
            testcase += ">\n      <error type=\"rejected\" message=\"\(xml(result.reason))\">\(xml(place))</error>\n    </testcase>"
        }
        cases.append(testcase)
        return output
    }

    public mutating func end(_ tally: CheckTally) -> String {
        flush() + "</testsuites>\n"
    }

    private mutating func flush() -> String {
        guard let file, !cases.isEmpty else { return "" }
        let name = part > 1 || cases.count >= Self.partSize ? "\(file) [part \(part)]" : file
        let head = "  <testsuite name=\"\(xml(name))\" tests=\"\(counts.given)\" failures=\"\(counts.disagreed)\" "
            + "errors=\"\(counts.rejected)\" skipped=\"\(counts.abstained)\" file=\"\(xml(file))\">\n"
        let text = head + cases.joined(separator: "\n") + "\n  </testsuite>\n"
        cases = []
        counts = CheckSummary()
        return text
    }
}

/// Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry.
func xml(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&apos;"
        case "\n": escaped += "&#10;"
        case "\t", "\r": escaped += " "
        default:
            let value = scalar.value
            if value < 0x20 || (0xFFFE...0xFFFF).contains(value) { continue }
            escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}
