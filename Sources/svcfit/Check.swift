import ArgumentParser
import Foundation
import ServiceFit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check answer keys of scenario files and question banks against the engine.",
        discussion: "Exit status: 0 when every answered question agrees, 1 when some disagree, 2 on invalid input.")

    @Argument(help: "Scenario YAML files, JSON Lines banks, or folders of them.")
    var paths: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "disagree (default) or never.")
    var failOn: FailOn = .disagree

    @OptionGroup var rulesOptions: RulesOptions

    enum FailOn: String, ExpressibleByArgument, CaseIterable { case disagree, never }

    struct Report: Encodable {
        var results: [CheckResult]
        var summary: CheckSummary
    }

    func run() throws {
        let engine = try rulesOptions.loadEngine()
        let checker = Checker(engine: engine)
        var results: [CheckResult] = []
        var summary = CheckSummary()
        var invalid = false
        for file in try bankFiles() {
            let items: [BankItem]
            switch file.pathExtension {
            case "jsonl", "ndjson": items = JSONLinesBank.read(try FileInput.read(file))
            default: items = ScenarioFile.read(try FileInput.read(file))
            }
            for item in items {
                let (result, _) = checker.check(item)
                if result.verdict == .rejected { invalid = true }
                summary.add(result.verdict)
                results.append(result)
            }
        }
        switch format {
        case .json: print(Terminal.json(Report(results: results, summary: summary)))
        case .text: print(renderText(results, summary))
        }
        if summary.disagreed > 0 && failOn == .disagree { throw ExitCode(1) }
        if invalid && summary.disagreed == 0 && summary.agreed == 0 && summary.abstained == 0 { throw ExitCode(2) }
    }

    private func bankFiles() throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
                while let child = enumerator?.nextObject() as? URL {
                    if ["yaml", "yml", "jsonl", "ndjson"].contains(child.pathExtension) { files.append(child) }
                }
            } else {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    private func renderText(_ results: [CheckResult], _ summary: CheckSummary) -> String {
        var lines: [String] = []
        for result in results where result.verdict != .agree {
            let mark: String
            switch result.verdict {
            case .disagree: mark = Terminal.red("disagree")
            case .abstain: mark = Terminal.yellow("abstain ")
            case .rejected: mark = Terminal.red("rejected")
            case .agree: mark = Terminal.green("agree   ")
            }
            let picks = result.verdict == .disagree ? " picked \(result.picked.joined(separator: ",")) key \(result.key.joined(separator: ","))" : ""
            lines.append("\(mark) \(result.id)\(picks): \(result.reason)")
        }
        lines.append(String(
            format: "%d given: %d agreed, %d disagreed, %d abstained, %d rejected — agreement %.1f%% on answered, coverage %.1f%%",
            summary.given, summary.agreed, summary.disagreed, summary.abstained, summary.rejected,
            summary.agreement * 100, summary.coverage * 100))
        return lines.joined(separator: "\n")
    }
}
