import Foundation
import ServiceFit

/// Where compiled rules are kept between runs, and the policy around them: a snapshot is used
/// only when its fingerprint matches the rule files, the limits and this very executable; one
/// that cannot be read is deleted and rebuilt; a cache that cannot be written is no error, just
/// a slower next start. `--no-cache` or `SVCFIT_CACHE=off` turns it off, `SVCFIT_CACHE_DIR`
/// moves it (default `$XDG_CACHE_HOME/svcfit`, else `~/.cache/svcfit`).
struct SnapshotCache {
    let directory: URL
    /// How many snapshots to keep: enough for a few rule folders used side by side.
    static let kept = 8

    static func standard(disabled: Bool) -> SnapshotCache? {
        let environment = ProcessInfo.processInfo.environment
        if disabled || ["off", "0", "no", "false"].contains(environment["SVCFIT_CACHE"]?.lowercased() ?? "") { return nil }
        if let explicit = environment["SVCFIT_CACHE_DIR"], !explicit.isEmpty {
            return SnapshotCache(directory: URL(fileURLWithPath: explicit))
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return SnapshotCache(directory: URL(fileURLWithPath: xdg).appendingPathComponent("svcfit"))
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return SnapshotCache(directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/svcfit"))
    }

    /// Identifies this build: a snapshot written by another build of svcfit may lay out its
    /// values differently, so it must not match even when the rules are the same.
    static var buildIdentity: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let attributes = try? FileManager.default.attributesOfItem(atPath: executable)
        let size = (attributes?[.size] as? Int) ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(executable)|\(size)|\(modified)"
    }

    func url(for fingerprint: UInt64) -> URL {
        directory.appendingPathComponent("rules-" + String(fingerprint, radix: 16) + ".snapshot")
    }

    func load(fingerprint: UInt64) -> Engine? {
        let file = url(for: fingerprint)
        do {
            return try Self.withMappedFile(file.path) { bytes in
                try KnowledgeSnapshot.decode(bytes, fingerprint: fingerprint, releasing: Self.returnPages)
            }
        } catch {
            try? FileManager.default.removeItem(at: file)
            return nil
        }
    }

    /// Calls `body` with the file's bytes mapped into memory, or returns nil when the file cannot
    /// be opened or mapped or is empty. A snapshot is megabytes that are read once: mapped, they
    /// come straight from the page cache, where reading them first cleared a buffer as large and
    /// copied them into it. Snapshots are written beside and renamed into place, never changed
    /// where they lie, so the mapping cannot shrink under the reader.
    static func withMappedFile<Result>(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0, status.st_size < 1 << 32 else { return nil }
        let size = Int(status.st_size)
        #if os(Linux)
        // Every byte is read (the checksum), so the pages are mapped in one go rather than one fault at a time.
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let mapped = mmap(nil, size, PROT_READ, flags, descriptor, 0), mapped != MAP_FAILED else { return nil }
        defer { munmap(mapped, size) }
        return try body(UnsafeRawBufferPointer(start: mapped, count: size))
    }

    /// Gives back the whole pages of a stretch of the mapping the decoder is done with: they were
    /// copied into the engine, and keeping both would add the snapshot's size to the peak memory.
    static func returnPages(_ stretch: UnsafeRawBufferPointer) {
        guard let base = stretch.baseAddress, stretch.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + stretch.count) / page * page
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, Int32(MADV_DONTNEED))
    }

    func store(_ engine: Engine, fingerprint: UInt64) {
        let bytes = KnowledgeSnapshot.encode(engine, fingerprint: fingerprint)
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            // Written beside and renamed into place, so a reader never sees half a snapshot.
            let partial = directory.appendingPathComponent(".partial-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
            try Data(bytes).write(to: partial)
            if rename(partial.path, url(for: fingerprint).path) != 0 { try? fileManager.removeItem(at: partial) }
            prune()
        } catch {
            return
        }
    }

    private func prune() {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory.path) else { return }
        let snapshots = names.filter { $0.hasPrefix("rules-") && $0.hasSuffix(".snapshot") }.map { directory.appendingPathComponent($0) }
        guard snapshots.count > Self.kept else { return }
        let byAge = snapshots.sorted {
            let first = (try? fileManager.attributesOfItem(atPath: $0.path)[.modificationDate] as? Date) ?? .distantPast
            let second = (try? fileManager.attributesOfItem(atPath: $1.path)[.modificationDate] as? Date) ?? .distantPast
            return first > second
        }
        for stale in byAge.dropFirst(Self.kept) { try? fileManager.removeItem(at: stale) }
    }
}
