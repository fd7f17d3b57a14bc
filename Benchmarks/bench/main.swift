// In-process measurements for Benchmarks/run (see docs/benchmarks.md). Prints one JSON object.
//
//     svcfit-bench phrases RULES              every phrase the automaton holds, normalised, one a line
//     svcfit-bench read RULES CORPUS          tag and service extraction over a text file, line by line,
//                                             by the reader a cached start decodes from its snapshot
//     svcfit-bench scale RULES BANK FACTOR N  time per question with the knowledge base grown ×FACTOR
//
// Everything generated here comes from a fixed seed, so two runs measure the same knowledge.
import Foundation
import ServiceFit

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("svcfit-bench: \(message)\n".utf8))
    exit(2)
}

func seconds(on clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func now() -> Double { seconds(on: CLOCK_MONOTONIC) }

/// CPU time of this thread: what the judging costs, without the time other processes on this
/// shared machine take the core away, which wall time counts.
func threadCPUTime() -> Double { seconds(on: CLOCK_THREAD_CPUTIME_ID) }

func ruleFiles(_ root: String) -> [SourceFile] {
    let rootURL = URL(fileURLWithPath: root)
    var paths: [String] = []
    let enumerator = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
        if url.lastPathComponent == "schema" { enumerator?.skipDescendants(); continue }
        if ["yaml", "yml"].contains(url.pathExtension) { paths.append(url.path) }
    }
    let files = paths.sorted().map { path -> SourceFile in
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        return SourceFile(path: path, text: String(decoding: data, as: UTF8.self))
    }
    return files
}

/// `extra` adds generated rule files, with how many tags they define.
func loadKnowledge(_ root: String, extra: (KnowledgeBase) -> (files: [SourceFile], tags: Int) = { _ in ([], 0) }) -> KnowledgeBase {
    let files = ruleFiles(root)
    let (knowledge, diagnostics) = KnowledgeBaseLoader.load(files)
    if diagnostics.hasErrors { fail("the rules under \(root) have errors: run svcfit lint") }
    let (more, generatedTags) = extra(knowledge)
    if more.isEmpty { return knowledge }
    // Generated services are no real products, so lint would object; the engine does not mind.
    // The generated files are ours and far larger than any rule file a person writes: the input
    // limits guard against hostile files, not against this.
    let generatedBytes = more.map(\.text.utf8.count).max() ?? 0
    let limits = InputLimits(maxInputBytes: max(InputLimits.default.maxInputBytes, 2 * generatedBytes))
    let grown = KnowledgeBaseLoader.load(files + more, limits: limits).0
    // A generated file that fails to load would leave a smaller knowledge base than the row claims.
    let expectedTags = knowledge.tags.count + generatedTags
    guard grown.tags.count == expectedTags else {
        fail("the generated knowledge did not load whole: \(grown.tags.count) tags, expected \(expectedTags)")
    }
    return grown
}

func lines(of path: String) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

func printJSON(_ values: [String: Any]) {
    let data = (try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])) ?? Data()
    print(String(decoding: data, as: UTF8.self))
}

// MARK: - Generated knowledge for the scaling benchmark

let syllables = ["ka", "lo", "mi", "ra", "zen", "tor", "vex", "qui", "dra", "nor", "pel", "sul", "bri", "gak", "tho", "wen"]
let kana = Array("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ")

func word(_ random: inout SeededGenerator) -> String {
    (0..<(2 + Int(random.next() % 2))).map { _ in syllables[Int(random.next() % UInt64(syllables.count))] }.joined()
}

func phraseEN(_ random: inout SeededGenerator) -> String {
    (0..<(1 + Int(random.next() % 3))).map { _ in word(&random) }.joined(separator: " ")
}

func phraseJA(_ random: inout SeededGenerator) -> String {
    String((0..<(3 + Int(random.next() % 4))).map { _ in kana[Int(random.next() % UInt64(kana.count))] })
}

/// Rule files for (factor − 1) × as many generated tags and services again, each tag with as many
/// English and Japanese phrases as the real ones have on average, each service providing a few
/// generated tags and one real one. Written as YAML so they load like any rule file.
func generatedRules(_ base: KnowledgeBase, factor: Int) -> (files: [SourceFile], tags: Int) {
    guard factor > 1 else { return ([], 0) }
    var random = SeededGenerator(seed: 6)
    let realTags = base.tags.keys.sorted()
    let phrasesPerTag = max(1, base.tags.values.map { $0.phrases.all.count }.reduce(0, +) / max(1, base.tags.count) / 2)
    let tagCount = base.tags.count * (factor - 1)
    var tags = "tags:\n"
    for index in 0..<tagCount {
        let english = (0..<phrasesPerTag).map { _ in phraseEN(&random) }.joined(separator: ", ")
        let japanese = (0..<phrasesPerTag).map { _ in phraseJA(&random) }.joined(separator: ", ")
        tags += "  - id: generated-need-\(index)\n    kind: requirement\n    meaning: A generated need.\n"
            + "    phrases: {en: [\(english)], ja: [\(japanese)]}\n"
    }
    var services = "provider: aws\nservices:\n"
    for index in 0..<(base.services.count * (factor - 1)) {
        var provides: [String] = []
        for _ in 0..<(2 + Int(random.next() % 3)) { provides.append("generated-need-\(Int(random.next() % UInt64(tagCount)))") }
        provides.append(realTags[Int(random.next() % UInt64(realTags.count))])
        let name = "Amazon " + word(&random).capitalized + " " + word(&random).capitalized
        services += "  - id: aws.generated-\(index)\n    name: \(name)\n    category: generated\n"
            + "    provides: {\(Set(provides).sorted().map { "\($0): full" }.joined(separator: ", "))}\n"
    }
    return ([SourceFile(path: "generated/tags.yaml", text: tags), SourceFile(path: "generated/services.yaml", text: services)], tagCount)
}

// MARK: - Commands

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "phrases":
    guard arguments.count == 2 else { fail("usage: svcfit-bench phrases RULES") }
    let reader = TextReader(knowledge: loadKnowledge(arguments[1]))
    print(reader.normalizedPhrases.joined(separator: "\n"))

case "read":
    guard arguments.count == 3 else { fail("usage: svcfit-bench read RULES CORPUS") }
    let knowledge = loadKnowledge(arguments[1])
    // Thread CPU time, as grep's side is measured (user + system): the machine is shared.
    let buildStart = threadCPUTime()
    let built = TextReader(knowledge: knowledge)
    let buildSeconds = threadCPUTime() - buildStart
    // The reader a cached `svcfit` start has: decoded from the compiled snapshot, as the CLI
    // decodes it from its cache file (here from memory, so no disk is timed).
    let snapshot = KnowledgeSnapshot.encode(Engine(knowledge: knowledge), fingerprint: 0)
    let loadStart = threadCPUTime()
    let reader: TextReader
    do { reader = try KnowledgeSnapshot.decode(snapshot, fingerprint: 0).reader } catch { fail("the snapshot did not decode: \(error)") }
    let loadSeconds = threadCPUTime() - loadStart
    guard reader.patternCount == built.patternCount else { fail("the snapshot's reader differs from the one built") }
    let start = threadCPUTime()
    guard let data = FileManager.default.contents(atPath: arguments[2]) else { fail("cannot read \(arguments[2])") }
    var tags = 0, names = 0, lineCount = 0
    func read(_ line: String) {
        lineCount += 1
        for occurrence in reader.read(line).occurrences {
            switch occurrence.meaning {
            case .tag, .negatedTag: tags += 1
            case .service, .product: names += 1
            default: break
            }
        }
    }
    // Lines are cut on bytes and read one at a time, as the bank readers do: splitting a String
    // walks grapheme clusters, splitting Data goes through a generic slice per byte, and holding
    // every line at once only measures the kernel clearing pages for them.
    data.withUnsafeBytes { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress else { return }
        var start = 0
        // memchr finds each line end a word at a time; a Swift loop over the bytes cost about as
        // much per byte as the line's UTF-8 validation.
        while start < bytes.count, let newline = memchr(base + start, 0x0A, bytes.count - start) {
            let index = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            if index > start { read(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
            start = index + 1
        }
        if start < bytes.count { read(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
    }
    let seconds = threadCPUTime() - start
    printJSON(["bytes": data.count, "lines": lineCount, "tags": tags, "names": names, "seconds": seconds,
               "buildSeconds": buildSeconds, "loadSeconds": loadSeconds, "patterns": reader.patternCount])

case "scale":
    guard arguments.count == 5, let factor = Int(arguments[3]), let count = Int(arguments[4]) else {
        fail("usage: svcfit-bench scale RULES BANK FACTOR COUNT")
    }
    let knowledge = loadKnowledge(arguments[1]) { generatedRules($0, factor: factor) }
    let items = lines(of: arguments[2]).prefix(count).enumerated().compactMap { index, line in
        JSONLinesBank.read(line: Substring(line), lineNumber: index + 1, file: "bank")
    }
    let buildStart = now()
    let checker = Checker(engine: Engine(knowledge: knowledge))
    let buildSeconds = now() - buildStart
    // A first pass over a tenth of the questions, not timed: the first questions pay for touching
    // freshly built tables and for the runtime's first look-ups, which says nothing of the size.
    for item in items.prefix(items.count / 10) { _ = checker.judge(item) }
    var agreed = 0
    let start = threadCPUTime()
    for item in items where checker.judge(item).result.verdict == .agree { agreed += 1 }
    let seconds = threadCPUTime() - start
    printJSON(["factor": factor, "questions": items.count, "agreed": agreed, "seconds": seconds,
               "microsPerQuestion": seconds / Double(max(1, items.count)) * 1e6, "buildSeconds": buildSeconds,
               "tags": knowledge.tags.count, "services": knowledge.services.count,
               "patterns": checker.engine.reader.patternCount])

default:
    fail("usage: svcfit-bench phrases|read|scale …")
}
