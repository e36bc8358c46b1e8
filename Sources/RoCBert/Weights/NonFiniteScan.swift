/// Finds NaN and infinite weights as they are loaded, so a damaged checkpoint stops at load with the
/// tensor's name instead of turning every prediction into NaN.
enum NonFiniteScan {
    /// Elements scanned per block. The loop over a block has no early exit, so the compiler
    /// vectorises it; only a block that holds a non-finite value is walked again for the first one.
    static let block = 4096

    /// The first element that is NaN or ±infinity, with its index; nil when every element is finite.
    static func first(in values: [Float]) -> (index: Int, value: Float)? {
        values.withUnsafeBufferPointer { floats in
            floats.withMemoryRebound(to: UInt32.self) { bits in
                // A Float is NaN or infinite exactly when its exponent bits are all ones, that is when
                // its magnitude bits are at least those of infinity.
                let infinity = Float.infinity.bitPattern
                var start = 0
                while start < bits.count {
                    let end = min(start + block, bits.count)
                    var largest: UInt32 = 0
                    for i in start..<end { largest = max(largest, bits[i] & 0x7FFF_FFFF) }
                    if largest >= infinity, let i = (start..<end).first(where: { bits[$0] & 0x7FFF_FFFF >= infinity }) {
                        return (i, floats[i])
                    }
                    start = end
                }
                return nil
            }
        }
    }
}
