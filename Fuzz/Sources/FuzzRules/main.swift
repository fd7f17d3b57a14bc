import CLibFuzzer
import FuzzSupport
import ServiceFit

/// libFuzzer entry point: the rule loader (YAML limits, composing, reading, cross-file
/// validation) on one rule file. Every diagnostic must have a place inside the file.
@_cdecl("FuzzRules_main")
public func start(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = FuzzSupport.text(UnsafeBufferPointer(start: data, count: size))
    let (_, diagnostics) = KnowledgeBaseLoader.load([SourceFile(path: "fuzz.yaml", text: text)],
                                                    limits: InputLimits(maxInputBytes: 1 << 20))
    // YAML breaks lines at LF, CR, CR LF, NEL, LS and PS; counting each scalar bounds that from above.
    let lines = text.unicodeScalars.reduce(1) { $0 + (["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($1) ? 1 : 0) }
    for diagnostic in diagnostics where diagnostic.location.file == "fuzz.yaml" {
        if diagnostic.location.line < 1 || diagnostic.location.line > lines || diagnostic.location.column < 1 {
            fatalError("diagnostic outside the file: \(diagnostic)")
        }
    }
    return 0
}
