import Foundation

/// `check --format html`: one self-contained page (inline CSS, no scripts, no requests) with the
/// summary, bars by exam, topic and language, the suspicious keys with the engine's explanation,
/// the unknown products, and the rejected questions. Built from the tally alone at the end.
public struct HTMLReporter: CheckReporter {
    let options: ReportOptions

    public init(_ options: ReportOptions = .init()) {
        self.options = options
    }

    public mutating func begin() -> String { "" }

    public mutating func report(_ judged: JudgedQuestion) -> String { "" }

    public mutating func end(_ tally: CheckTally) -> String {
        let summary = tally.summary
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(html(options.title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header>
        <h1>\(html(options.title))</h1>
        <p class="lead">\(summary.given) questions: <b class="agree">\(summary.agreed) agreed</b>, <b class="disagree">\(summary.disagreed) disagreed</b>,
        <b class="abstain">\(summary.abstained) abstained</b>, <b class="rejected">\(summary.rejected) rejected</b>.
        Agreement on answered <b>\(percent(summary.agreement))</b>, coverage <b>\(percent(summary.coverage))</b>,
        suspicious keys <b>\(tally.suspiciousCount)</b>.</p>
        \(bar(summary, large: true))
        <p class="legend"><span class="swatch agree"></span>agree <span class="swatch disagree"></span>disagree
        <span class="swatch abstain"></span>abstain <span class="swatch rejected"></span>rejected</p>
        </header>
        <main>

        """
        for (title, groups) in [("By exam", tally.byExam), ("By topic", tally.byTopic), ("By language", tally.byLanguage)] {
            page += "<section>\n<h2>\(title)</h2>\n<table class=\"groups\">\n"
            page += "<tr><th>\(title.dropFirst(3).capitalized)</th><th>given</th><th>agreement</th><th>coverage</th><th class=\"barcell\"></th></tr>\n"
            for group in groups.prefix(60) {
                page += "<tr><td>\(html(group.name))</td><td class=\"n\">\(group.summary.given)</td>"
                    + "<td class=\"n\">\(percent(group.summary.agreement))</td><td class=\"n\">\(percent(group.summary.coverage))</td>"
                    + "<td class=\"barcell\">\(bar(group.summary, large: false))</td></tr>\n"
            }
            page += "</table>\n</section>\n"
        }

        let suspicious = tally.suspiciousKeys
        page += "<section>\n<h2>Suspicious keys</h2>\n"
        page += suspicious.isEmpty ? "<p>The engine disagrees with no key.</p>\n"
            : "<p>Disagreements, likeliest wrong keys first (a key naming an unknown product, then the engine's confidence).</p>\n"
        for judged in suspicious {
            page += disagreement(judged)
        }
        page += "</section>\n"

        page += "<section>\n<h2>Unknown products</h2>\n"
        let unknown = tally.unknownProducts
        if unknown.isEmpty {
            page += "<p>No option names a product that does not exist.</p>\n"
        } else {
            page += "<table>\n<tr><th>Name</th><th>questions</th><th>in a key</th><th>for example</th></tr>\n"
            for product in unknown {
                page += "<tr\(product.inKey > 0 ? " class=\"inkey\"" : "")><td>\(html(product.name))</td><td class=\"n\">\(product.questions)</td>"
                    + "<td class=\"n\">\(product.inKey)</td><td>\(html(product.examples.joined(separator: ", ")))</td></tr>\n"
            }
            page += "</table>\n"
        }
        page += "</section>\n"

        if !tally.abstentions.isEmpty {
            page += "<section>\n<h2>Abstentions</h2>\n<ul>\n"
            for (reason, count) in tally.abstentions {
                page += "<li><b>\(count)</b> \(html(Self.abstentionText[reason] ?? reason))</li>\n"
            }
            page += "</ul>\n</section>\n"
        }
        if !tally.rejections.isEmpty {
            page += "<section>\n<h2>Rejected questions</h2>\n<ul class=\"rejected-list\">\n"
            for result in tally.rejections {
                page += "<li><code>\(html(result.id))</code> \(html(result.reason))</li>\n"
            }
            if summary.rejected > tally.rejections.count { page += "<li>… and \(summary.rejected - tally.rejections.count) more</li>\n" }
            page += "</ul>\n</section>\n"
        }
        page += "</main>\n<footer>svcfit \(html(options.toolVersion))</footer>\n</body>\n</html>\n"
        return page
    }

    static let abstentionText = [
        "no-service-named": "no option names a service (a theory question, out of scope)",
        "no-requirements": "the question states no requirement svcfit knows (unknown vocabulary)",
        "thin-margin": "the best options are too close to call (margin too thin)",
        "nothing-fits": "no option meets any requirement",
    ]

    private func disagreement(_ judged: JudgedQuestion) -> String {
        let result = judged.result
        let place = result.file.map { "\($0):\(result.line ?? 1)" } ?? ""
        var card = "<article class=\"card\(result.suspicious == true ? " suspicious" : "")\">\n"
        card += "<h3><span class=\"conf\">\(formatScore(result.confidence))</span> \(html(result.id))"
            + " <small>\(html(place))\(result.exam.map { " · " + html($0) } ?? "")\(result.topic.map { " · " + html($0) } ?? "")</small></h3>\n"
        card += "<p class=\"verdict\">svcfit picks <b>\(html(result.picked.joined(separator: ", ")))</b>; the key says <b>\(html(result.key.joined(separator: ", ")))</b>.</p>\n"
        if let question = judged.question {
            card += "<p class=\"question\">\(html(question.text))</p>\n<ol class=\"options\">\n"
            for option in question.options {
                var marks: [String] = []
                if result.picked.contains(option.letter) { marks.append("<span class=\"tag pick\">svcfit</span>") }
                if result.key.contains(option.letter) { marks.append("<span class=\"tag key\">key</span>") }
                card += "<li><b>\(html(option.letter))</b> \(html(option.text)) \(marks.joined(separator: " "))</li>\n"
            }
            card += "</ol>\n"
        }
        if let names = result.unknownInKey {
            card += "<p class=\"warn\">The key names \(html(names.joined(separator: ", "))), which is no real AWS or Google Cloud product.</p>\n"
        }
        if !judged.explanation.isEmpty {
            card += "<details><summary>Why</summary>\n<ul class=\"why\">\n"
            for sentence in judged.explanation { card += "<li>\(html(sentence))</li>\n" }
            card += "</ul>\n</details>\n"
        }
        return card + "</article>\n"
    }

    private func bar(_ summary: CheckSummary, large: Bool) -> String {
        guard summary.given > 0 else { return "<div class=\"bar\"></div>" }
        var segments = ""
        for (count, kind) in [(summary.agreed, "agree"), (summary.disagreed, "disagree"), (summary.abstained, "abstain"), (summary.rejected, "rejected")]
        where count > 0 {
            let width = Double(count) / Double(summary.given) * 100
            segments += "<span class=\"\(kind)\" style=\"width:\(String(format: "%.3f", width))%\" title=\"\(count) \(kind)\"></span>"
        }
        return "<div class=\"bar\(large ? " large" : "")\">\(segments)</div>"
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    static let style = """
    :root{--agree:#2e8b57;--disagree:#c0392b;--abstain:#e0a100;--rejected:#7f8c8d;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans JP",sans-serif;color:#1d2327}
    body{margin:0;background:#f6f7f9}header{background:#1f2937;color:#f9fafb;padding:1.5rem 2rem}header h1{margin:0 0 .5rem;font-size:1.5rem}
    .lead{margin:.25rem 0 1rem;line-height:1.5}.lead b.agree{color:#7ee2a8}.lead b.disagree{color:#ff9a8f}.lead b.abstain{color:#ffd466}.lead b.rejected{color:#cfd8dc}
    main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}section{background:#fff;border-radius:8px;padding:1rem 1.5rem;margin:1rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
    h2{font-size:1.15rem;margin:.25rem 0 .75rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eceff1;vertical-align:middle}
    td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{font-weight:600;color:#52606d;font-size:.85rem}.barcell{width:45%}
    .bar{display:flex;height:14px;border-radius:3px;overflow:hidden;background:#eceff1}.bar.large{height:22px;max-width:900px}.bar span{display:block;height:100%}
    .agree{background:var(--agree)}.disagree{background:var(--disagree)}.abstain{background:var(--abstain)}.rejected{background:var(--rejected)}
    .lead b{background:none}.legend{font-size:.85rem;margin:.5rem 0 0}.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin:0 .3rem 0 .8rem;vertical-align:-1px}
    .card{border:1px solid #e5e7eb;border-left:5px solid var(--disagree);border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}.card.suspicious{background:#fff7f6}
    .card h3{font-size:1rem;margin:.2rem 0}.card small{color:#6b7280;font-weight:400}.conf{display:inline-block;background:var(--disagree);color:#fff;border-radius:3px;padding:0 .35rem;font-size:.85rem}
    .question{margin:.4rem 0;line-height:1.45}.options{list-style:none;padding-left:0;margin:.3rem 0}.options li{padding:.15rem 0}
    .tag{font-size:.75rem;border-radius:3px;padding:0 .3rem;color:#fff}.tag.pick{background:#2563eb}.tag.key{background:#6b7280}
    .warn{color:var(--disagree);font-weight:600}details summary{cursor:pointer;color:#2563eb}.why li{margin:.2rem 0;line-height:1.4}tr.inkey td:first-child{color:var(--disagree);font-weight:600}
    footer{text-align:center;color:#9aa5b1;font-size:.8rem;padding:1rem}code{font-size:.85rem}
    """
}

/// Escapes text for HTML content and attributes.
func html(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        default: escaped.append(character)
        }
    }
    return escaped
}
