import ArgumentParser
import ServiceFit

/// The `InputLimits` every command that reads files accepts, each with a flag to raise it.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-input-bytes"),
            help: "Largest rule file or scenario YAML bank read whole, in bytes (default: 16777216 = 16 MiB).")
    var maxInputBytes: Int = InputLimits.default.maxInputBytes

    @Option(name: .customLong("max-depth"), help: "Deepest nesting of YAML lists and mappings (default: 64; YAML itself stops at 1000).")
    var maxDepth: Int = InputLimits.default.maxDepth

    @Option(name: .customLong("max-aliases"), help: "How many nodes the YAML aliases of one file may expand to (default: 10000).")
    var maxAliases: Int = InputLimits.default.maxAliases

    var inputLimits: InputLimits {
        InputLimits(maxInputBytes: maxInputBytes, maxDepth: maxDepth, maxAliases: maxAliases)
    }

    func validate() throws {
        if maxInputBytes < 1 { throw ValidationError("--max-input-bytes must be at least 1") }
        if maxDepth < 1 { throw ValidationError("--max-depth must be at least 1") }
        if maxAliases < 0 { throw ValidationError("--max-aliases must not be negative") }
    }
}
