import ArgumentParser
import Foundation
import ServiceFit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check answer keys of scenario files and question banks against the engine.",
        discussion: """
        Reads scenario YAML (.yaml), JSON Lines (.jsonl), Markdown (.md), CSV (.csv) and Moodle GIFT (.gift) \
        banks, or any file and stdin (-) with --input-format. Questions are read and judged as a stream, \
        so banks of any size run in constant memory.

        Exit status: 2 when the input is bad: some question was rejected (it could not be read, or a \
        file could not be opened), whatever the other verdicts and --fail-on say, because the report \
        is then incomplete; also on usage errors. Otherwise 1 when the --fail-on condition holds (by \
        default: some question disagrees with its key), else 0.
        """)

    @Argument(help: "Bank files, folders of them, or - for stdin.")
    var paths: [String]

    @Option(help: "Output format: \(CheckFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: CheckFormat = .text

    @Option(name: .customLong("input-format"), help: "Read every input as: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: by extension).")
    var inputFormat: InputFormat?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when: disagree (any disagreement, default), suspicious (a suspicious key), never. A rejected question exits 2 regardless.")
    var failOn: FailOn = .disagree

    @Option(name: .customLong("suspicious-at"), help: "A disagreement at or above this confidence is a suspicious key.")
    var suspiciousAt: Double = 0.5

    @Option(help: "How many suspicious keys and unknown products the text report lists.")
    var top: Int = 20

    @Flag(help: "Text: list agreements and abstentions as well.")
    var verbose = false

    @OptionGroup var rulesOptions: RulesOptions

    enum FailOn: String, ExpressibleByArgument, CaseIterable { case disagree, suspicious, never }

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl, junit, sarif, html
        var report: ReportFormat { ReportFormat(rawValue: rawValue) ?? .text }
    }

    enum InputFormat: String, ExpressibleByArgument, CaseIterable {
        case yaml, jsonl, markdown, csv, gift
        var bank: BankFormat {
            switch self {
            case .yaml: .scenarios
            case .jsonl: .jsonl
            case .markdown: .markdown
            case .csv: .csv
            case .gift: .gift
            }
        }
    }

    /// One thing to read: a file or stdin, and how.
    struct Input {
        var url: URL?
        var path: String
        var format: BankFormat
        var size: Int
    }

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if !(0...1).contains(suspiciousAt) { throw ValidationError("--suspicious-at must be between 0 and 1") }
    }

    func run() throws {
        let inputs = try collectInputs()
        let engine = try rulesOptions.loadEngine()
        let checker = Checker(engine: engine, suspiciousConfidence: suspiciousAt)
        var reporter = format.report.makeReporter(ReportOptions(
            color: Terminal.useColor && format == .text, verbose: verbose, top: top,
            toolVersion: SVCFit.configuration.version, title: "svcfit check: " + paths.joined(separator: ", ")))
        var tally = CheckTally(limit: max(top, 100))
        let output = BufferedOutput()
        var progress = Progress(totalBytes: inputs.reduce(0) { $0 + $1.size }, readsStdin: inputs.contains { $0.url == nil })
        output.beforeWrite = { progress.clear() }

        output.write(reporter.begin())
        var batch: [BankItem] = []
        var ids = DuplicateQuestionIDs()
        func judgeBatch() {
            for judged in checker.judge(batch) {
                tally.add(judged)
                output.write(reporter.report(judged))
            }
            batch.removeAll(keepingCapacity: true)
            progress.update(questions: tally.summary.given)
        }
        let limits = rulesOptions.limits.inputLimits
        for input in inputs {
            // Scenario YAML is read whole: refuse one over the limit before reading a byte of it.
            if input.format == .scenarios, input.size > limits.maxInputBytes {
                let problem = limits.oversizeDiagnostic(file: input.path, size: input.size)
                batch.append(.rejected(id: input.path, location: problem.location, reason: "\(problem.message) (\(problem.hint ?? ""))"))
                continue
            }
            var stream = BankStream(format: input.format, path: input.path, limits: limits)
            let handle: FileHandle
            if let url = input.url {
                do {
                    handle = try FileHandle(forReadingFrom: url)
                } catch {
                    batch.append(.rejected(id: input.path, location: SourceLocation(file: input.path, line: 1, column: 1),
                                           reason: "cannot open the file: \(error.localizedDescription)"))
                    continue
                }
            } else {
                handle = FileHandle.standardInput
            }
            defer { if input.url != nil { try? handle.close() } }
            while true {
                let chunk: Data
                do {
                    chunk = try handle.read(upToCount: 1 << 16) ?? Data()
                } catch {
                    batch.append(.rejected(id: input.path, location: SourceLocation(file: input.path, line: stream.linesRead + 1, column: 1),
                                           reason: "reading stopped: \(error.localizedDescription)"))
                    break
                }
                if chunk.isEmpty { break }
                progress.bytesRead += chunk.count
                batch += ids.filter(stream.push(chunk))
                if batch.count >= 256 { judgeBatch() }
            }
            batch += ids.filter(stream.finish())
            if batch.count >= 256 { judgeBatch() }
        }
        judgeBatch()
        progress.clear()
        output.write(reporter.end(tally))
        output.flush()

        let status = Self.exitStatus(rejected: tally.summary.rejected, disagreed: tally.summary.disagreed,
                                     suspicious: tally.suspiciousCount, failOn: failOn)
        if status != 0 { throw ExitCode(status) }
    }

    /// Bad input outranks disagreement: a rejected question (a file that cannot be opened is one
    /// too) means the report is incomplete, which a CI job must tell apart from a finished check
    /// that found wrong keys. `--fail-on` only chooses which verdicts fail a complete check.
    static func exitStatus(rejected: Int, disagreed: Int, suspicious: Int, failOn: FailOn) -> Int32 {
        if rejected > 0 { return 2 }
        switch failOn {
        case .disagree where disagreed > 0: return 1
        case .suspicious where suspicious > 0: return 1
        default: return 0
        }
    }

    /// Files named, files with a bank extension inside folders (sorted), and stdin for `-`.
    private func collectInputs() throws -> [Input] {
        var inputs: [Input] = []
        let fileManager = FileManager.default
        for path in paths {
            if path == "-" {
                guard let inputFormat else { throw ValidationError("reading stdin (-) needs --input-format") }
                inputs.append(Input(url: nil, path: "stdin", format: inputFormat.bank, size: 0))
                continue
            }
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                var found: [URL] = []
                let enumerator = fileManager.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
                while let child = enumerator?.nextObject() as? URL {
                    if child.lastPathComponent.hasPrefix(".") { enumerator?.skipDescendants(); continue }
                    guard BankFormat(pathExtension: child.pathExtension) != nil,
                          (try? child.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                    found.append(child)
                }
                for child in found.sorted(by: { $0.path < $1.path }) {
                    let format = inputFormat?.bank ?? BankFormat(pathExtension: child.pathExtension) ?? .jsonl
                    inputs.append(Input(url: child, path: FileInput.displayPath(child), format: format, size: Self.size(of: child)))
                }
            } else {
                guard let format = inputFormat?.bank ?? BankFormat(pathExtension: url.pathExtension) else {
                    throw ValidationError("cannot tell the format of \(path) from its extension: pass --input-format")
                }
                inputs.append(Input(url: url, path: FileInput.displayPath(url), format: format, size: Self.size(of: url)))
            }
        }
        return inputs
    }

    private static func size(of url: URL) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }
}

/// Collects output and writes it to stdout in large pieces (a report can have millions of lines).
final class BufferedOutput {
    // Bytes, not Data: appending a string's UTF-8 to Data casts it at run time, once per result.
    private var buffer: [UInt8] = []
    var beforeWrite: () -> Void = {}

    init() {
        buffer.reserveCapacity(1 << 17)
    }

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        beforeWrite()
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A progress bar on stderr, only for people: when stderr is a terminal, not in CI, and the bank
/// is large enough to wait for.
struct Progress {
    static let largeBank = 1 << 20

    let totalBytes: Int
    let enabled: Bool
    var bytesRead = 0
    private var shown = false
    private var lastDraw = Date.distantPast

    init(totalBytes: Int, readsStdin: Bool) {
        self.totalBytes = totalBytes
        let environment = ProcessInfo.processInfo.environment
        enabled = isatty(STDERR_FILENO) == 1 && environment["CI"] == nil && environment["TERM"] != "dumb"
            && (readsStdin || totalBytes >= Self.largeBank)
    }

    mutating func update(questions: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let line: String
        if totalBytes > 0 {
            let fraction = min(1, Double(bytesRead) / Double(totalBytes))
            let filled = Int(fraction * 30)
            line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] "
                + String(format: "%3.0f%%  %d questions", fraction * 100, questions)
        } else {
            line = "\(questions) questions"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        shown = true
    }

    mutating func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
