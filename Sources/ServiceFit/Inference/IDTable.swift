/// A read-only table from a knowledge id (a tag, service or modifier) to a value, built once per
/// knowledge base.
///
/// Dictionary hashes a String with seeded SipHash, several hundred instructions for an id of a
/// dozen bytes, and the engine looks ids up a few dozen times per question. This table hashes the
/// id's UTF-8 with FNV-1a and probes linearly in a table kept at most half full. The keys are
/// fixed when the knowledge is loaded, so a look-up walks at most the longest run of occupied
/// slots, whatever string is asked for.
struct IDTable<Value: Sendable>: Sendable {
    private let keys: [String]
    private let values: [Value]
    /// Per slot, the position in `keys` plus one; 0 marks an empty slot. The count is a power of two.
    private let slots: [Int32]
    private let mask: Int

    init(_ entries: [String: Value]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        var keys: [String] = []
        var values: [Value] = []
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        var slots = [Int32](repeating: 0, count: capacity)
        for (key, value) in entries {
            var slot = Self.hash(key) & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            keys.append(key)
            values.append(value)
            slots[slot] = Int32(keys.count)
        }
        self.keys = keys
        self.values = values
        self.slots = slots
        self.mask = capacity - 1
    }

    var count: Int { keys.count }

    subscript(id: String) -> Value? {
        var slot = Self.hash(id) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if keys[entry - 1] == id { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ id: String) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let hashed: Void? = id.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        if hashed == nil {
            for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        // The low bits pick the slot; fold the high bits, which FNV mixes best, into them.
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
