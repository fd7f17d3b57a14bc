// The cold-start floor: parse every rule file with libyaml's event API (the C library Yams
// wraps) and count the events, nothing else. No Foundation, no Yams nodes, no Swift strings.
import CYaml
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every *.yaml under `root`, skipping `schema/` (JSON Schemas are not rules), like `svcfit`.
func yamlFiles(under root: String) -> [String] {
    var found: [String] = []
    guard let directory = opendir(root) else { return [] }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasPrefix(".") || name == "schema" { continue }
        let path = root + "/" + name
        var info = stat()
        guard stat(path, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            found += yamlFiles(under: path)
        } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            found.append(path)
        }
    }
    return found
}

func countEvents(_ path: String) -> Int {
    guard let file = fopen(path, "rb") else { return -1 }
    defer { fclose(file) }
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return -1 }
    defer { yaml_parser_delete(&parser) }
    yaml_parser_set_input_file(&parser, file)
    var count = 0
    var event = yaml_event_t()
    while yaml_parser_parse(&parser, &event) == 1 {
        let done = event.type == YAML_STREAM_END_EVENT
        yaml_event_delete(&event)
        count += 1
        if done { return count }
    }
    return -1
}

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Rules"
var files = 0, events = 0
for path in yamlFiles(under: root) {
    let count = countEvents(path)
    if count < 0 {
        let message = Array("svcfit-yaml-floor: cannot parse \(path)\n".utf8)
        _ = write(2, message, message.count)
        exit(2)
    }
    files += 1
    events += count
}
print("\(files) files, \(events) events")
