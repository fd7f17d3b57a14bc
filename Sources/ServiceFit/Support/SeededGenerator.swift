/// SplitMix64: small, fast and the same on every platform, so whatever the tests and benchmarks
/// generate from a seed is the same every run. Package-wide rather than public: the engine itself
/// never draws a random number.
package struct SeededGenerator: RandomNumberGenerator {
    package var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A Double in [0, 1) from the top 53 bits.
    package mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
