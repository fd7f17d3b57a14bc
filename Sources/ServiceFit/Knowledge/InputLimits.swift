/// Bounds on what svcfit reads, checked before the expensive work (reading a file whole,
/// composing YAML, walking it), so a hostile or broken input costs one diagnostic instead of
/// memory, time or a crash. The command line passes these; each has a flag to raise it.
public struct InputLimits: Sendable, Hashable, Codable {
    /// The largest file read whole — a rule file or a scenario YAML bank — in bytes.
    /// Default 16 MiB (the bundled rules are well under 1 MiB). `--max-input-bytes`.
    /// Line banks (JSON Lines, Markdown, CSV, GIFT) are streamed: they have no total limit, only
    /// a limit of 4 MiB per line.
    public var maxInputBytes: Int
    /// The deepest nesting of YAML lists and mappings. Default 64 (rule files nest about 7 deep).
    /// `--max-depth`. The YAML parser itself refuses nesting deeper than 1000 whatever this says.
    public var maxDepth: Int
    /// The alias budget: how many nodes the aliases (`*name`) of one YAML file may stand for once
    /// expanded — an alias of a single value costs 1, an alias of a list of ten values costs 11.
    /// Default 10,000; a "billion laughs" file asks for billions and is refused before it is
    /// expanded. `--max-aliases`.
    public var maxAliases: Int

    public init(maxInputBytes: Int = 16 << 20, maxDepth: Int = 64, maxAliases: Int = 10_000) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxAliases = maxAliases
    }

    public static let `default` = InputLimits()

    /// "16 MiB", "1.5 MiB", "900 bytes": sizes the way a person reads them in a diagnostic.
    public static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20 {
            let mebibytes = Double(bytes) / Double(1 << 20)
            return mebibytes == mebibytes.rounded() ? "\(Int(mebibytes)) MiB" : "\((mebibytes * 10).rounded() / 10) MiB"
        }
        if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// The diagnostic for a file larger than `maxInputBytes`, at its first line.
    public func oversizeDiagnostic(file: String, size: Int) -> Diagnostic {
        Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1),
                   "the file is \(Self.describe(bytes: size)), larger than the limit of \(Self.describe(bytes: maxInputBytes)) for a file read whole",
                   hint: "split it, or pass --max-input-bytes \(size) to read it anyway")
    }
}
