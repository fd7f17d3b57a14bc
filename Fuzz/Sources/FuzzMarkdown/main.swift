import CLibFuzzer
import FuzzSupport
import ServiceFit

/// libFuzzer entry point: the Markdown bank importer, fed through the streaming line splitter.
@_cdecl("FuzzMarkdown_main")
public func start(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    FuzzSupport.readBank(.markdown, UnsafeBufferPointer(start: data, count: size))
    return 0
}
