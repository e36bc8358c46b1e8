import Foundation

/// `RoCBertSelfAttention`: multi-head scaled dot-product attention with optional relative positions.
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
        distanceEmbedding = positionType == .absolute ? nil
            : try Embedding(w, prefix + ".distance_embedding", count: 2 * c.maxPositionEmbeddings - 1, width: headSize)
    }

    /// Attends `hidden` [batch, seq, hidden] to itself; returns the context and, when asked, the probabilities [b, h, q, k].
    public func callAsFunction(
        _ hidden: Tensor, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool
    ) -> (context: Tensor, probabilities: Tensor?) {
        let b = hidden.shape[0], sq = hidden.shape[1]
        let q = query(hidden), k = key(hidden), v = value(hidden)
        return attend(q: q, k: k, v: v, batch: b, queries: sq, keys: sq, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
    }

    func attend(
        q: Tensor, k: Tensor, v: Tensor, batch b: Int, queries sq: Int, keys sk: Int,
        mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool
    ) -> (context: Tensor, probabilities: Tensor?) {
        let hd = heads * headSize, d = headSize
        var context = Tensor(zeros: [b, sq, hd])
        var probs = wantProbabilities ? Tensor(zeros: [b, heads, sq, sk]) : nil
        let scale = Float(d).squareRoot()
        var scores = [Float](repeating: 0, count: sq * sk)
        // Relative positions: rows of the distance table for distances sq−1 … −(sk−1).
        let span = sq + sk - 1
        var relQ = [Float](repeating: 0, count: distanceEmbedding == nil ? 0 : sq * span)
        var relK = [Float](repeating: 0, count: positionType == .relativeKeyQuery ? sk * span : 0)
        let firstDistanceRow = maxPositions - sk  // index of distance −(sk−1)

        q.data.withUnsafeBufferPointer { qp in
        k.data.withUnsafeBufferPointer { kp in
        v.data.withUnsafeBufferPointer { vp in
        context.data.withUnsafeMutableBufferPointer { cp in
        scores.withUnsafeMutableBufferPointer { sp in
            let s = sp.baseAddress!
            for bi in 0..<b {
                for h in 0..<heads {
                    let qh = qp.baseAddress! + bi * sq * hd + h * d
                    let kh = kp.baseAddress! + bi * sk * hd + h * d
                    let vh = vp.baseAddress! + bi * sk * hd + h * d
                    GEMM.multiply(transB: true, m: sq, n: sk, k: d, a: qh, lda: hd, b: kh, ldb: hd, c: s, ldc: sk)
                    if let table = distanceEmbedding {
                        addRelativeScores(s, qh: qh, kh: kh, table: table, firstRow: firstDistanceRow, queries: sq, keys: sk, span: span, relQ: &relQ, relK: &relK)
                    }
                    for i in 0..<(sq * sk) { s[i] /= scale }
                    mask.apply(to: s, batch: bi, queries: sq)
                    Normalization.softmax(s, rows: sq, width: sk)
                    if let hm = headMask, hm[h] != 1 { for i in 0..<(sq * sk) { s[i] *= hm[h] } }
                    if probs != nil {
                        let offset = (bi * heads + h) * sq * sk
                        probs!.data.withUnsafeMutableBufferPointer { pp in (pp.baseAddress! + offset).update(from: s, count: sq * sk) }
                    }
                    GEMM.multiply(m: sq, n: d, k: sk, a: s, lda: sk, b: vh, ldb: hd, c: cp.baseAddress! + bi * sq * hd + h * d, ldc: hd)
                }
            }
        }}}}}
        return (context, probs)
    }

    /// scores[l, r] += q_l · E[l − r] (and k_r · E[l − r] for relative_key_query), via one GEMM against the
    /// span of distances in use instead of gathering an [l, r, d] tensor as the reference does.
    private func addRelativeScores(
        _ s: UnsafeMutablePointer<Float>, qh: UnsafePointer<Float>, kh: UnsafePointer<Float>, table: Embedding,
        firstRow: Int, queries sq: Int, keys sk: Int, span: Int, relQ: inout [Float], relK: inout [Float]
    ) {
        let hd = heads * headSize, d = headSize
        table.weight.data.withUnsafeBufferPointer { e in
            let rows = e.baseAddress! + firstRow * d
            relQ.withUnsafeMutableBufferPointer { t in
                GEMM.multiply(transB: true, m: sq, n: span, k: d, a: qh, lda: hd, b: rows, ldb: d, c: t.baseAddress!, ldc: span)
                for l in 0..<sq { for r in 0..<sk { s[l * sk + r] += t[l * span + (l - r + sk - 1)] } }
            }
            if positionType == .relativeKeyQuery {
                relK.withUnsafeMutableBufferPointer { u in
                    GEMM.multiply(transB: true, m: sk, n: span, k: d, a: kh, lda: hd, b: rows, ldb: d, c: u.baseAddress!, ldc: span)
                    for l in 0..<sq { for r in 0..<sk { s[l * sk + r] += u[r * span + (l - r + sk - 1)] } }
                }
            }
        }
    }
}
