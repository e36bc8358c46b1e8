/// SplitMix64 (Steele, Lea and Flood): the one seeded generator of the project (random search,
/// data samples, random test models, review sheets), so the same seed gives the same result.
///
/// What is drawn with a seed must be drawn again the same on any machine and Swift version, so
/// draws that must stay fixed use this algorithm and `below(_:)` rather than the standard library's
/// generator or `Int.random(in:using:)`, whose algorithms are not promised to stay the same.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator of its own for `stream` under `seed`. The seed is mixed before the stream joins
    /// it and the result mixed again, so neighbouring streams are not shifted copies of one sequence
    /// (as with `seed + stream`) and seed 1's stream 2 is not seed 2's stream 1 (as with `seed ^ stream`).
    public init(seed: UInt64, stream: UInt64) {
        var seedMixer = SplitMix64(seed: seed)
        var streamMixer = SplitMix64(seed: seedMixer.next() ^ stream)
        state = streamMixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound (bound > 0), without modulo bias: draws that fall in the
    /// incomplete last block of 2⁶⁴ are drawn again.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        let limit = UInt64.max - (UInt64.max % b + 1) % b
        while true {
            let x = next()
            if x <= limit { return Int(x % b) }
        }
    }
}
