import CRoCBertKernels
import Foundation

/// `RoCBertSelfAttention`: multi-head scaled dot-product attention with optional relative positions;
/// as self-attention (with a key/value cache when decoding) or as cross-attention over encoder states.
public struct RoCBertSelfAttention: Sendable {
    let query: Linear
    let key: Linear
    let value: Linear
    /// `distance_embedding`, present for relative_key and relative_key_query.
    let distanceEmbedding: Embedding?
    let positionType: RoCBertConfig.PositionEmbeddingType
    let heads: Int
    let headSize: Int
    let maxPositions: Int
    /// bf16 precision: q, k, v and the probabilities are rounded to bf16, as under PyTorch's bf16 autocast.
    let roundsToBF16: Bool

    /// Binds `prefix.{query,key,value}` (and `prefix.distance_embedding`).
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig, positionType: RoCBertConfig.PositionEmbeddingType) throws {
        heads = c.numAttentionHeads
        headSize = c.attentionHeadSize
        let all = heads * headSize
        query = try Linear(w, prefix + ".query", in: c.hiddenSize, out: all)
        key = try Linear(w, prefix + ".key", in: c.hiddenSize, out: all)
        value = try Linear(w, prefix + ".value", in: c.hiddenSize, out: all)
        self.positionType = positionType
        maxPositions = c.maxPositionEmbeddings
        roundsToBF16 = w.precision == .bf16
        distanceEmbedding = positionType == .absolute ? nil
            : try Embedding(w, prefix + ".distance_embedding", count: 2 * c.maxPositionEmbeddings - 1, width: headSize)
    }

    /// Self-attention of `hidden` [batch, seq, hidden]; with a cache the new keys and values are appended
    /// and the queries attend to everything held. Returns the context and, when asked, the probabilities.
    public func callAsFunction(
        _ hidden: Tensor, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool, cache: KeyValueCache? = nil
    ) -> (context: Tensor, probabilities: Tensor?) {
        let b = hidden.shape[0], sq = hidden.shape[1], hd = heads * headSize
        let (q, k, v) = Linear.apply(query, key, value, to: hidden)
        guard let cache else {
            return k.data.withUnsafeBufferPointer { kp in
                v.data.withUnsafeBufferPointer { vp in
                    attend(q: q, keys: kp.baseAddress!, values: vp.baseAddress!, batchStride: sq * hd, batch: b, queries: sq, keys: sq,
                           queryPositions: Array(0..<sq), mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
                }
            }
        }
        cache.append(keys: k.data, values: v.data, count: sq)
        let sk = cache.length
        // The reference places every query at the last key's position whenever a cache is in use
        // (position_ids_l = key_length − 1), even on a multi-token first step; mirrored for parity.
        let positions = [Int](repeating: sk - 1, count: sq)
        return cache.keys.withUnsafeBufferPointer { kp in
            cache.values.withUnsafeBufferPointer { vp in
                attend(q: q, keys: kp.baseAddress!, values: vp.baseAddress!, batchStride: cache.batchStride, batch: b, queries: sq, keys: sk,
                       queryPositions: positions, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
            }
        }
    }

    /// Cross-attention of `hidden` over encoder states [batch, encSeq, hidden]; keys and values come from
    /// `cache` when it already holds them (later decoding steps), and are stored there on the first step.
    public func crossAttend(
        _ hidden: Tensor, encoderStates: Tensor?, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool, cache: KeyValueCache?
    ) -> (context: Tensor, probabilities: Tensor?) {
        let b = hidden.shape[0], sq = hidden.shape[1], hd = heads * headSize
        let q = query(hidden)
        if let cache, cache.length > 0 {
            return cache.keys.withUnsafeBufferPointer { kp in
                cache.values.withUnsafeBufferPointer { vp in
                    attend(q: q, keys: kp.baseAddress!, values: vp.baseAddress!, batchStride: cache.batchStride, batch: b, queries: sq, keys: cache.length,
                           queryPositions: nil, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
                }
            }
        }
        let states = encoderStates!
        let se = states.shape[1]
        let k = key(states), v = value(states)
        cache?.append(keys: k.data, values: v.data, count: se)
        return k.data.withUnsafeBufferPointer { kp in
            v.data.withUnsafeBufferPointer { vp in
                attend(q: q, keys: kp.baseAddress!, values: vp.baseAddress!, batchStride: se * hd, batch: b, queries: sq, keys: se,
                       queryPositions: nil, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
            }
        }
    }

    /// softmax((q·kᵀ [+ relative terms]) / √d + mask) · v per batch row and head, written straight into
    /// the [batch, seq, heads·d] context layout. Keys and values are rows of width heads·d, `batchStride` apart.
    func attend(
        q: Tensor, keys kp: UnsafePointer<Float>, values vp: UnsafePointer<Float>, batchStride: Int,
        batch b: Int, queries sq: Int, keys sk: Int, queryPositions: [Int]?,
        mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool
    ) -> (context: Tensor, probabilities: Tensor?) {
        if roundsToBF16 {
            return attendInBF16(q: q, keys: kp, values: vp, batchStride: batchStride, batch: b, queries: sq, keys: sk,
                                queryPositions: queryPositions, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
        }
        return attendInFP32(q: q, keys: kp, values: vp, batchStride: batchStride, batch: b, queries: sq, keys: sk,
                            queryPositions: queryPositions, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
    }

    /// The relative-position terms of a self-attention call (nil for absolute positions and cross-attention).
    func relativeTerms(queryPositions: [Int]?, keys sk: Int) -> RelativeTerms? {
        distanceEmbedding.flatMap { table in queryPositions.map { RelativeTerms(table: table, positions: $0, keys: sk, maxPositions: maxPositions) } }
    }

    /// `attend` on sgemm; with `roundingProbabilities` the probabilities are rounded to bf16 before P·v
    /// (after they are copied out), the fallback of `attendInBF16`.
    func attendInFP32(
        q: Tensor, keys kp: UnsafePointer<Float>, values vp: UnsafePointer<Float>, batchStride: Int,
        batch b: Int, queries sq: Int, keys sk: Int, queryPositions: [Int]?,
        mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool, roundingProbabilities: Bool = false
    ) -> (context: Tensor, probabilities: Tensor?) {
        let hd = heads * headSize, d = headSize
        var context = Tensor(zeros: [b, sq, hd])
        var probs = wantProbabilities ? Tensor(zeros: [b, heads, sq, sk]) : nil
        let scale = Float(d).squareRoot()
        let relative = relativeTerms(queryPositions: queryPositions, keys: sk)
        let keyQuery = positionType == .relativeKeyQuery
        // OpenBLAS runs GEMMs this small on one thread, so the (batch, head) blocks are shared out
        // across the cores instead, each worker with its own score buffer.
        let blocks = b * heads
        let workers = min(AttentionWorkers.count, blocks)
        q.data.withUnsafeBufferPointer { qp in
        context.data.withUnsafeMutableBufferPointer { cp in
            nonisolated(unsafe) let qBase = qp.baseAddress!, cBase = cp.baseAddress!
            nonisolated(unsafe) let pBase = probs?.data.withUnsafeMutableBufferPointer { $0.baseAddress }
            nonisolated(unsafe) let kBase = kp, vBase = vp
            let work: @Sendable (Int) -> Void = { worker in
                var scores = [Float](repeating: 0, count: sq * sk)
                scores.withUnsafeMutableBufferPointer { sp in
                    let s = sp.baseAddress!
                    for block in stride(from: worker, to: blocks, by: workers) {
                        let bi = block / heads, h = block % heads
                        let qh = qBase + bi * sq * hd + h * d
                        let kh = kBase + bi * batchStride + h * d
                        let vh = vBase + bi * batchStride + h * d
                        GEMM.multiply(transB: true, m: sq, n: sk, k: d, a: qh, lda: hd, b: kh, ldb: hd, c: s, ldc: sk)
                        relative?.add(to: s, qh: qh, kh: kh, rowStride: hd, headSize: d, keyQuery: keyQuery)
                        for i in 0..<(sq * sk) { s[i] /= scale }
                        mask.apply(to: s, batch: bi, queries: sq)
                        FusedRows.softmax(s, rows: sq, width: sk)
                        if let hm = headMask, hm[h] != 1 { for i in 0..<(sq * sk) { s[i] *= hm[h] } }
                        if let pBase { (pBase + (bi * heads + h) * sq * sk).update(from: s, count: sq * sk) }
                        if roundingProbabilities { rb_round_bf16_array(s, s, sq * sk) }
                        GEMM.multiply(m: sq, n: d, k: sk, a: s, lda: sk, b: vh, ldb: hd, c: cBase + bi * sq * hd + h * d, ldc: hd)
                    }
                }
            }
            if workers > 1 {
                AttentionWorkers.singleThreadedBLAS { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            } else {
                work(0)
            }
        }}
        return (context, probs)
    }
}

/// scores[l, r] += q_l · E[pos(l) − r] (and k_r · E[pos(l) − r] for relative_key_query), computed with one
/// GEMM against the span of distances in use instead of gathering an [l, r, d] tensor as the reference does.
struct RelativeTerms: Sendable {
    let table: Embedding
    let positions: [Int]
    let keys: Int
    /// Distance-table row of distance −(keys − 1), the smallest in use.
    let firstRow: Int
    /// Number of distances in use.
    let span: Int

    init(table: Embedding, positions: [Int], keys: Int, maxPositions: Int) {
        self.table = table
        self.positions = positions
        self.keys = keys
        firstRow = maxPositions - keys
        span = (positions.max() ?? 0) + keys
    }

    func add(to s: UnsafeMutablePointer<Float>, qh: UnsafePointer<Float>, kh: UnsafePointer<Float>, rowStride: Int, headSize d: Int, keyQuery: Bool) {
        let sq = positions.count, sk = keys, span = span
        var t = [Float](repeating: 0, count: max(sq, keyQuery ? sk : 0) * span)
        table.weight.data.withUnsafeBufferPointer { e in
            let rows = e.baseAddress! + firstRow * d
            t.withUnsafeMutableBufferPointer { tp in
                GEMM.multiply(transB: true, m: sq, n: span, k: d, a: qh, lda: rowStride, b: rows, ldb: d, c: tp.baseAddress!, ldc: span)
                for l in 0..<sq { let p = positions[l]; for r in 0..<sk { s[l * sk + r] += tp[l * span + (p - r + sk - 1)] } }
                if keyQuery {
                    GEMM.multiply(transB: true, m: sk, n: span, k: d, a: kh, lda: rowStride, b: rows, ldb: d, c: tp.baseAddress!, ldc: span)
                    for l in 0..<sq { let p = positions[l]; for r in 0..<sk { s[l * sk + r] += tp[r * span + (p - r + sk - 1)] } }
                }
            }
        }
    }
}

/// How attention spreads its (batch, head) blocks over the cores.
enum AttentionWorkers {
    /// Workers for the attention blocks: the cores OpenBLAS would use.
    static var count: Int { max(1, GEMM.threads) }

    /// Runs `body` with OpenBLAS on one thread, so concurrent small GEMMs do not each spawn threads.
    static func singleThreadedBLAS(_ body: () -> Void) {
        let saved = GEMM.threads
        GEMM.threads = 1
        body()
        GEMM.threads = saved
    }
}
