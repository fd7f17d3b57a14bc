import Foundation
import Testing
@testable import ServiceFit

/// Paths inside the repository, found from this file so tests run from any directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = root.appendingPathComponent("Rules")
    static let scenarios = root.appendingPathComponent("Scenarios")
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")

    static func yamlFiles(under directory: URL, excluding: Set<String> = ["schema"]) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if excluding.contains(url.lastPathComponent) { enumerator?.skipDescendants(); continue }
            if ["yaml", "yml"].contains(url.pathExtension) { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func sourceFile(_ url: URL) -> SourceFile {
        let relative = url.path.hasPrefix(root.path + "/") ? String(url.path.dropFirst(root.path.count + 1)) : url.path
        return SourceFile(path: relative, text: (try? String(contentsOf: url, encoding: .utf8)) ?? "")
    }
}

/// The bundled knowledge base, loaded once for all tests.
enum Bundled {
    static let loaded: (KnowledgeBase, [Diagnostic]) = KnowledgeBaseLoader.load(
        Repository.yamlFiles(under: Repository.rules).map(Repository.sourceFile))
    static var knowledge: KnowledgeBase { loaded.0 }
    static let engine = Engine(knowledge: loaded.0)

    /// Builds a small knowledge base from YAML snippets, for tests about mechanisms.
    static func knowledge(_ files: [String: String]) -> (KnowledgeBase, [Diagnostic]) {
        KnowledgeBaseLoader.load(files.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) })
    }

    /// An engine over YAML snippets that must load without errors (an error fails the calling test).
    static func engine(_ files: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Engine {
        let (knowledge, diagnostics) = knowledge(files)
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)", sourceLocation: sourceLocation)
        return Engine(knowledge: knowledge)
    }
}

extension Decision {
    var text: String { explanation.joined(separator: " ") }
}
