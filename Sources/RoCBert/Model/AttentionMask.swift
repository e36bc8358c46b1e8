/// The additive attention bias of the reference: (1 − mask) · finfo(float32).min, with the causal
/// triangle folded in for decoders.
public struct AttentionMask: Sendable {
    /// [batch, keyLength] values in {0, 1} (fractions allowed, as in torch).
    public let keep: [Float]
    public let batch: Int
    public let keyLength: Int
    /// Decoder self-attention: query i (at absolute position pastLength + i) sees keys ≤ its position.
    public let causal: Bool
    public let pastLength: Int
    /// Batch rows that keep every key: their bias is 0 everywhere (unless causal), so it is not added.
    let keepsAll: [Bool]

    public init(keep: [Float]?, batch: Int, keyLength: Int, causal: Bool = false, pastLength: Int = 0) {
        self.keep = keep ?? [Float](repeating: 1, count: batch * keyLength)
        self.batch = batch
        self.keyLength = keyLength
        self.causal = causal
        self.pastLength = pastLength
        let all = self.keep
        keepsAll = (0..<batch).map { b in all[(b * keyLength)..<((b + 1) * keyLength)].allSatisfy { $0 == 1 } }
    }

    /// Adds the bias of batch row `b` to a [queries × keyLength] score block.
    func apply(to scores: UnsafeMutablePointer<Float>, batch b: Int, queries: Int) {
        // Called per head and layer: a row without padding is most of a batch of equal lengths.
        if !causal && keepsAll[b] { return }
        let minValue = -Float.greatestFiniteMagnitude
        keep.withUnsafeBufferPointer { keepAll in
            let row = keepAll.baseAddress! + b * keyLength
            for q in 0..<queries {
                let s = scores + q * keyLength
                for k in 0..<keyLength {
                    var m = row[k]
                    if causal && k > pastLength + q { m = 0 }
                    if m != 1 { s[k] += (1 - m) * minValue }
                }
            }
        }
    }
}
