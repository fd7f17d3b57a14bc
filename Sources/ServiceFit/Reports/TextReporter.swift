import Foundation

/// `check --format text`, for people at a terminal: each disagreement and rejection as it is
/// judged, then the suspicious keys, tables by exam, language and topic, abstention reasons,
/// unknown products, and one summary line last.
public struct TextReporter: CheckReporter {
    let options: ReportOptions

    public init(_ options: ReportOptions = .init()) {
        self.options = options
    }

    private func paint(_ text: String, _ code: String) -> String {
        options.color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public mutating func begin() -> String { "" }

    public mutating func report(_ judged: JudgedQuestion) -> String {
        let result = judged.result
        let mark: String
        switch result.verdict {
        case .disagree: mark = paint(result.suspicious == true ? "suspect " : "disagree", "31")
        case .rejected: mark = paint("rejected", "31")
        case .abstain:
            guard options.verbose else { return "" }
            mark = paint("abstain ", "33")
        case .agree:
            guard options.verbose else { return "" }
            mark = paint("agree   ", "32")
        }
        var line = "\(mark) \(result.id)"
        if result.verdict == .disagree {
            line += " picked \(result.picked.joined(separator: ",")) key \(result.key.joined(separator: ","))"
                + String(format: " (%.2f)", result.confidence)
        }
        return line + ": \(result.reason)\n"
    }

    public mutating func end(_ tally: CheckTally) -> String {
        var lines: [String] = []
        let suspicious = tally.suspiciousKeys.prefix(options.top)
        if !suspicious.isEmpty {
            lines.append("")
            lines.append(paint("Suspicious keys", "1") + " (disagreements, likeliest wrong keys first; \(tally.suspiciousCount) at or above the threshold):")
            for judged in suspicious {
                let result = judged.result
                let place = result.file.map { " \($0):\(result.line ?? 0)" } ?? ""
                var line = String(format: "  %.2f  ", result.confidence) + "\(result.id)\(place): picked \(result.picked.joined(separator: ",")) key \(result.key.joined(separator: ","))"
                if let names = result.unknownInKey { line += " — the key names \(names.joined(separator: ", ")), which is no known product" }
                lines.append(line)
            }
        }
        for (title, groups) in [("By exam", tally.byExam), ("By language", tally.byLanguage), ("By topic", tally.byTopic)]
        where groups.count > 1 || (groups.first.map { !$0.name.hasPrefix("(") } ?? false) {
            lines.append("")
            lines.append(paint(title, "1") + ":")
            let width = min(28, groups.map(\.name.count).max() ?? 0)
            for group in groups.prefix(30) {
                let summary = group.summary
                let name = group.name.padding(toLength: max(width, group.name.count), withPad: " ", startingAt: 0)
                lines.append("  " + name + String(format: " %6d given %6d agreed %6d disagreed %6d abstained %5d rejected  agreement %5.1f%%  coverage %5.1f%%",
                                    summary.given, summary.agreed, summary.disagreed, summary.abstained, summary.rejected,
                                    summary.agreement * 100, summary.coverage * 100))
            }
            if groups.count > 30 { lines.append("  … and \(groups.count - 30) more") }
        }
        if !tally.abstentions.isEmpty {
            lines.append("")
            lines.append(paint("Abstentions", "1") + ": " + tally.abstentions.map { "\($0.count) \($0.reason)" }.joined(separator: ", "))
        }
        let unknown = tally.unknownProducts.prefix(options.top)
        if !unknown.isEmpty {
            lines.append("")
            lines.append(paint("Unknown products", "1") + " (named in options, no real AWS or Google Cloud product):")
            for product in unknown {
                let inKey = product.inKey > 0 ? ", \(product.inKey) in a key" : ""
                lines.append("  \(product.name): \(product.questions) question\(product.questions == 1 ? "" : "s")\(inKey) (\(product.examples.joined(separator: ", ")))")
            }
        }
        let summary = tally.summary
        lines.append("")
        lines.append(String(
            format: "%d given: %d agreed, %d disagreed, %d abstained, %d rejected — agreement %.1f%% on answered, coverage %.1f%%",
            summary.given, summary.agreed, summary.disagreed, summary.abstained, summary.rejected,
            summary.agreement * 100, summary.coverage * 100))
        return lines.joined(separator: "\n") + "\n"
    }
}
