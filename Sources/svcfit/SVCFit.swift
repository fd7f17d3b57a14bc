import ArgumentParser
import Foundation

@main
struct SVCFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svcfit",
        abstract: "Which AWS or Google Cloud service fits this scenario, and why.",
        version: "0.1.0",
        subcommands: [Ask.self, Check.self, Lint.self, Explain.self, Compare.self]
    )

    /// Usage errors exit with 2, like invalid input, so scripts can tell them from disagreements (1).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
