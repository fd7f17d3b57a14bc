import ArgumentParser
import Foundation
import Synchronization
import ServiceFit

/// Where the knowledge base comes from, in this order: `--rules DIR`, `$SVCFIT_RULES`,
/// `./Rules` in the working directory, a `Rules/` beside or above the executable (a build inside
/// the repository), and `<prefix>/share/svcfit/Rules` for an installed binary.
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "Directory of rule files (default: $SVCFIT_RULES, ./Rules, or the bundled rules).")
    var rules: String?

    @OptionGroup var limits: LimitOptions

    @Flag(name: .long, help: "Read the rules from YAML even when a compiled snapshot of them is cached.")
    var noCache = false

    func directory() throws -> URL {
        let fileManager = FileManager.default
        func isRules(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if let rules { return URL(fileURLWithPath: rules) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["SVCFIT_RULES"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("Rules")
        if isRules(local) { return local }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [directory.appendingPathComponent("Rules"), directory.appendingPathComponent("share/svcfit/Rules")]
            where isRules(candidate) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        throw ValidationError("cannot find the rules: pass --rules DIR or set SVCFIT_RULES")
    }

    /// Every rule file as text, in a stable order; JSON Schemas are not rules.
    func sourceFiles() throws -> [SourceFile] {
        let root = try directory()
        let files = try FileInput.yamlFiles(under: root, excluding: ["schema"])
        if files.isEmpty { throw ValidationError("no rule files (*.yaml) under \(root.path)") }
        let limits = limits.inputLimits
        return try files.map { try FileInput.read($0, limits: limits) }
    }

    /// The engine over the rules: from a cached snapshot when one matches these very files, else
    /// read from YAML (and cached for next time when they have no errors).
    func loadEngine() throws -> Engine {
        let files = try sourceFiles()
        let cache = SnapshotCache.standard(disabled: noCache)
        let fingerprint = KnowledgeSnapshot.fingerprint(of: files, limits: limits.inputLimits, salt: SnapshotCache.buildIdentity)
        if let cache, let engine = cache.load(fingerprint: fingerprint) { return Self.keptUntilExit(engine) }
        let (knowledge, diagnostics) = KnowledgeBaseLoader.load(files, limits: limits.inputLimits)
        if diagnostics.hasErrors {
            Terminal.printDiagnostics(diagnostics.filter { $0.severity == .error })
            throw ExitCode(2)
        }
        let engine = Engine(knowledge: knowledge)
        cache?.store(engine, fingerprint: fingerprint)
        return Self.keptUntilExit(engine)
    }

    /// The engine holds some hundred thousand small values; freeing them one by one as the
    /// command returns took a tenth of a cold start for nothing, since the process ends there.
    /// Keeping a reference until exit lets the operating system reclaim them all at once.
    private static func keptUntilExit(_ engine: Engine) -> Engine {
        EngineKeeper.engines.withLock { $0.append(engine) }
        return engine
    }
}

enum FileInput {
    static func yamlFiles(under root: URL, excluding: Set<String> = []) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw ValidationError("no such file or directory: \(root.path)")
        }
        if !isDirectory.boolValue { return [root] }
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if excluding.contains(url.lastPathComponent) {
                enumerator?.skipDescendants()
                continue
            }
            if ["yaml", "yml"].contains(url.pathExtension) { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Paths are shown relative to the working directory when they are inside it.
    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    /// Reads a file whole; one larger than `limits.maxInputBytes` is refused before it is read.
    static func read(_ url: URL, limits: InputLimits = .default) throws -> SourceFile {
        let path = displayPath(url)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? Int
        if let size, size > limits.maxInputBytes {
            Terminal.printDiagnostics([limits.oversizeDiagnostic(file: path, size: size)])
            throw ExitCode(2)
        }
        // Data(contentsOf:) leaks its 4 KiB buffer for an empty file (LeakSanitizer finds it), and
        // there is nothing to read anyway.
        if size == 0 { return SourceFile(path: path, text: "") }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
        return SourceFile(path: path, text: try decode(data, path: path))
    }

    /// UTF-8 only, with the place of the first bad byte when it is not.
    static func decode(_ data: Data, path: String) throws -> String {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            Terminal.printDiagnostics([Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1),
                                                  "the file is UTF-16 (it starts with a UTF-16 byte-order mark)",
                                                  hint: "save it as UTF-8")])
            throw ExitCode(2)
        }
        if let text = String(data: data, encoding: .utf8) { return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text }
        var line = 1, column = 1
        var iterator = data.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput: break loop
            case .error:
                Terminal.printDiagnostics([Diagnostic(.error, at: SourceLocation(file: path, line: line, column: column),
                                                      "the file is not valid UTF-8", hint: "save it as UTF-8")])
                throw ExitCode(2)
            }
        }
        throw ExitCode(2)
    }
}

private enum EngineKeeper {
    static let engines = Mutex<[Engine]>([])
}
