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
        try FileInput.decode(ruleBytes())
    }

    /// Every rule file's bytes, not yet decoded as text.
    func ruleBytes() throws -> [(path: String, bytes: [UInt8])] {
        let root = try directory()
        let files = try FileInput.yamlFiles(under: root, excluding: ["schema"])
        if files.isEmpty { throw ValidationError("no rule files (*.yaml) under \(root.path)") }
        let limits = limits.inputLimits
        return try files.map { try FileInput.readBytes($0, limits: limits) }
    }

    /// The engine over the rules: from a cached snapshot when one matches these very files, else
    /// read from YAML (and cached for next time when they have no errors).
    func loadEngine() throws -> Engine {
        let raw = try ruleBytes()
        let cache = SnapshotCache.standard(disabled: noCache)
        let fingerprint = KnowledgeSnapshot.fingerprint(ofRuleBytes: raw, limits: limits.inputLimits, salt: SnapshotCache.buildIdentity)
        if let cache, let engine = cache.load(fingerprint: fingerprint) { return Self.keptUntilExit(engine) }
        let files = try FileInput.decode(raw)
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

    /// A file's bytes, refused before reading when larger than `limits.maxInputBytes`.
    static func readBytes(_ url: URL, limits: InputLimits = .default) throws -> (path: String, bytes: [UInt8]) {
        let path = displayPath(url)
        var failure: Int32 = 0
        var oversize: Int?
        let bytes = contents(ofFile: url.path, failure: &failure) { size in
            if size > limits.maxInputBytes { oversize = size }
            return oversize == nil
        }
        if let size = oversize {
            Terminal.printDiagnostics([limits.oversizeDiagnostic(file: path, size: size)])
            throw ExitCode(2)
        }
        guard let bytes else { throw ValidationError("cannot read \(path): \(String(cString: strerror(failure)))") }
        return (path, bytes)
    }

    /// A file's bytes read straight into one array (through Data they were copied twice); nil
    /// when it cannot be opened or read whole, with the `errno` of what failed in `failure`
    /// (closing the file would overwrite it). `accept` sees the size before anything is read and
    /// may refuse it.
    static func contents(ofFile path: String, failure: inout Int32, accept: (Int) -> Bool = { _ in true }) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            failure = errno
            return nil
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            failure = errno
            return nil
        }
        let size = Int(status.st_size)
        guard accept(size) else { return nil }
        guard size >= 0, size < 1 << 30 else {
            failure = EFBIG
            return nil
        }
        if size == 0 { return [] }
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var filled = 0
            while filled < size {
                let count = read(descriptor, buffer.baseAddress! + filled, size - filled)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    failure = count < 0 ? errno : EIO
                    break
                }
                filled += count
            }
            complete = filled == size
            initialized = filled
        }
        return complete ? bytes : nil
    }

    /// Files read by `readBytes`, as text.
    static func decode(_ files: [(path: String, bytes: [UInt8])]) throws -> [SourceFile] {
        try files.map { SourceFile(path: $0.path, text: try decode($0.bytes, path: $0.path)) }
    }

    /// UTF-8 only, with the place of the first bad byte when it is not.
    static func decode(_ data: [UInt8], path: String) throws -> String {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            Terminal.printDiagnostics([Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1),
                                                  "the file is UTF-16 (it starts with a UTF-16 byte-order mark)",
                                                  hint: "save it as UTF-8")])
            throw ExitCode(2)
        }
        if let text = String(validating: data, as: UTF8.self) { return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text }
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
