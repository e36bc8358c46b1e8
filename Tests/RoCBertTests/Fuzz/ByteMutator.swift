import Foundation
import RoCBertCore

/// Seeded mutations of a valid input, the in-process stand-in for a fuzzer: byte flips, inserts,
/// deletions, truncation, duplicated chunks, and 8-byte windows set to extreme integers (the values
/// that overflow size arithmetic). `focus` keeps most mutations in the bytes a parser reads first.
struct ByteMutator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func mutate(_ input: [UInt8], focus: Range<Int>? = nil) -> [UInt8] {
        var bytes = input
        let rounds = 1 + random.below(4)
        for _ in 0..<rounds {
            guard !bytes.isEmpty else { bytes = [UInt8(truncatingIfNeeded: random.next())]; continue }
            let region = focus.map { $0.clamped(to: 0..<bytes.count) } ?? 0..<bytes.count
            let span = region.isEmpty ? 0..<bytes.count : region
            let at = span.lowerBound + random.below(span.count)
            switch random.below(6) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(16)))
            case 3: bytes.removeSubrange(at..<bytes.count)
            case 4:
                let chunk = Array(bytes[at..<min(bytes.count, at + 1 + random.below(32))])
                bytes.insert(contentsOf: chunk, at: random.below(bytes.count))
            default:
                let extremes: [UInt64] = [.max, .max - 1, UInt64(Int64.max), 1 << 63, 1 << 32, 0xFFFF_FFFF]
                var v = extremes[random.below(extremes.count)]
                for i in 0..<8 where at + i < bytes.count {
                    bytes[at + i] = UInt8(truncatingIfNeeded: v)
                    v >>= 8
                }
            }
        }
        return bytes
    }
}
