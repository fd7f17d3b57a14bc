import CLibFuzzer
import FuzzSupport
@_spi(Fuzzing) import ServiceFit

/// libFuzzer entry point: the JSONLines bank importer, fed through the streaming line splitter;
/// and on every line, the direct reader against JSONSerialization's path.
@_cdecl("FuzzJSONLines_main")
public func start(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    FuzzSupport.readBank(.jsonl, bytes)
    compareReaders(FuzzSupport.text(bytes))
    return 0
}

/// A line the direct reader reads must come out exactly as JSONSerialization's path reads it;
/// a difference traps, so libFuzzer keeps the input.
func compareReaders(_ text: String) {
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    for (offset, line) in lines.enumerated() {
        guard let direct = JSONLinesBank.readDirectly(line: line, lineNumber: offset + 1, file: "fuzz.jsonl") else { continue }
        let foundation = JSONLinesBank.readThroughFoundation(line: line, lineNumber: offset + 1, file: "fuzz.jsonl")
        guard same(direct, foundation) else {
            fatalError("the direct reader disagrees with JSONSerialization on line \(offset + 1) \(String(line).debugDescription):\n\(direct)\n\(foundation)")
        }
    }
}

func same(_ first: BankItem, _ second: BankItem) -> Bool {
    switch (first, second) {
    case let (.question(one), .question(other)): one == other
    case let (.rejected(id, location, reason), .rejected(otherID, otherLocation, otherReason)):
        id == otherID && location == otherLocation && reason == otherReason
    default: false
    }
}
