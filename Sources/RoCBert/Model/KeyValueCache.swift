/// Keys and values of one attention module kept between decoding steps, laid out
/// [batch, capacity, heads·headSize] so new tokens append without moving the old ones.
public final class KeyValueCache: @unchecked Sendable {
    public let batch: Int
    public let width: Int
    /// Tokens held per batch row.
    public private(set) var length = 0
    private(set) var capacity: Int
    private(set) var keys: [Float]
    private(set) var values: [Float]

    public init(batch: Int, width: Int, capacity: Int = 16) {
        self.batch = batch
        self.width = width
        self.capacity = max(capacity, 1)
        keys = [Float](repeating: 0, count: batch * self.capacity * width)
        values = keys
    }

    /// Elements between consecutive batch rows.
    var batchStride: Int { capacity * width }

    /// Appends `count` tokens per batch row from row-major [batch, count, width] keys and values.
    public func append(keys k: [Float], values v: [Float], count: Int) {
        precondition(k.count == batch * count * width && v.count == k.count, "cache append of the wrong size")
        if length + count > capacity { grow(to: max(2 * capacity, length + count)) }
        for b in 0..<batch {
            let dst = (b * capacity + length) * width
            let src = b * count * width
            keys.replaceSubrange(dst..<(dst + count * width), with: k[src..<(src + count * width)])
            values.replaceSubrange(dst..<(dst + count * width), with: v[src..<(src + count * width)])
        }
        length += count
    }

    private func grow(to newCapacity: Int) {
        var nk = [Float](repeating: 0, count: batch * newCapacity * width)
        var nv = nk
        for b in 0..<batch {
            let n = length * width
            nk.replaceSubrange((b * newCapacity * width)..<(b * newCapacity * width + n), with: keys[(b * capacity * width)..<(b * capacity * width + n)])
            nv.replaceSubrange((b * newCapacity * width)..<(b * newCapacity * width + n), with: values[(b * capacity * width)..<(b * capacity * width + n)])
        }
        keys = nk
        values = nv
        capacity = newCapacity
    }

    /// The held keys or values as [batch, heads, length, headSize] (the reference's cache layout).
    public func exported(heads: Int, values wantValues: Bool) -> Tensor {
        let d = width / heads
        let src = wantValues ? values : keys
        var out = Tensor(zeros: [batch, heads, length, d])
        for b in 0..<batch { for h in 0..<heads { for t in 0..<length { for i in 0..<d {
            out.data[((b * heads + h) * length + t) * d + i] = src[(b * capacity + t) * width + h * d + i]
        } } } }
        return out
    }

    /// A cache holding [batch, heads, length, headSize] keys and values (the reference's layout).
    public static func imported(keys: Tensor, values: Tensor) -> KeyValueCache {
        let (b, h, n, d) = (keys.shape[0], keys.shape[1], keys.shape[2], keys.shape[3])
        func toRows(_ t: Tensor) -> [Float] {
            var out = [Float](repeating: 0, count: b * n * h * d)
            for bi in 0..<b { for hi in 0..<h { for ti in 0..<n { for i in 0..<d {
                out[(bi * n + ti) * h * d + hi * d + i] = t.data[((bi * h + hi) * n + ti) * d + i]
            } } } }
            return out
        }
        let cache = KeyValueCache(batch: b, width: h * d, capacity: max(n, 16))
        cache.append(keys: toRows(keys), values: toRows(values), count: n)
        return cache
    }
}

/// Everything a decoder carries between steps: per layer its self-attention cache and, with
/// cross-attention, the encoder keys and values computed on the first step.
public final class DecoderCache: @unchecked Sendable {
    public let selfAttention: [KeyValueCache]
    public let crossAttention: [KeyValueCache]?

    public init(selfAttention: [KeyValueCache], crossAttention: [KeyValueCache]?) {
        self.selfAttention = selfAttention
        self.crossAttention = crossAttention
    }

    /// An empty cache for `config`'s layers.
    public convenience init(config c: RoCBertConfig, batch: Int) {
        let make = { (0..<c.numHiddenLayers).map { _ in KeyValueCache(batch: batch, width: c.hiddenSize) } }
        self.init(selfAttention: make(), crossAttention: c.addCrossAttention ? make() : nil)
    }

    /// Tokens already seen (the reference's `get_seq_length()`).
    public var length: Int { selfAttention.first?.length ?? 0 }
}
