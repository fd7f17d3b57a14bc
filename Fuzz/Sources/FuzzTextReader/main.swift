import Foundation
import CLibFuzzer
import FuzzSupport
import ServiceFit

/// The shipped knowledge base, loaded once: `$SVCFIT_RULES` or the repository's Rules/.
let engine: Engine = {
    let root = ProcessInfo.processInfo.environment["SVCFIT_RULES"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Rules").standardized.path
    var files: [SourceFile] = []
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
        guard relative.hasSuffix(".yaml"), !relative.hasPrefix("schema"),
              let text = try? String(contentsOfFile: root + "/" + relative, encoding: .utf8) else { continue }
        files.append(SourceFile(path: relative, text: text))
    }
    let (knowledge, diagnostics) = KnowledgeBaseLoader.load(files.sorted { $0.path < $1.path })
    if files.isEmpty || diagnostics.hasErrors { fatalError("cannot load the rules under \(root)") }
    return Engine(knowledge: knowledge)
}()

/// libFuzzer entry point: the text reader (normalising, matching) and the whole decision on the
/// input as a question; lines after the first starting "X. " become options.
@_cdecl("FuzzTextReader_main")
public func start(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = FuzzSupport.text(UnsafeBufferPointer(start: data, count: size))
    let reading = engine.reader.read(text)
    for occurrence in reading.occurrences where occurrence.range.lowerBound < 0 {
        fatalError("occurrence with a bad range: \(occurrence)")
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let stem = lines.isEmpty ? "" : lines.removeFirst()
    let options = lines.prefix(6).enumerated().map { OptionText(letter: String(UnicodeScalar(UInt8(65 + $0.offset))), text: $0.element) }
    _ = engine.decide(Question(id: "fuzz", text: stem, options: options, key: [], language: nil, exam: nil,
                               location: SourceLocation(file: "fuzz", line: 1, column: 1)))
    return 0
}
