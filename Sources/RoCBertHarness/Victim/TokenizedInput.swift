import Foundation
import RoCBert
import RoCBertAttack

/// One model input as the tokenizer produced it, with each token's place in the text.
public struct TokenizedInput: Sendable {
    public var inputIds: [Int]
    /// Nil from a BERT checkpoint's tokenizer, which has no shape or pronunciation tables.
    public var shapeIds: [Int]?
    public var pronunciationIds: [Int]?
    public var tokenTypeIds: [Int]
    /// Per token: the Unicode-scalar range it covers in its segment (nil for special tokens).
    public var offsets: [Range<Int>?]
    /// The text was longer than the model's window and lost its end.
    public var truncated = false
    /// When truncated, how much of the text and of the pair the kept tokens cover.
    public var readPrefix = ReadPrefix()

    public init(inputIds: [Int], shapeIds: [Int]?, pronunciationIds: [Int]?, tokenTypeIds: [Int], offsets: [Range<Int>?]) {
        self.inputIds = inputIds
        self.shapeIds = shapeIds
        self.pronunciationIds = pronunciationIds
        self.tokenTypeIds = tokenTypeIds
        self.offsets = offsets
    }

    public var count: Int { inputIds.count }
}

/// Turns texts into model inputs; the checkpoint's tokenizer in practice.
public protocol TextEncoder: Sendable {
    /// Encodes `text` (and `pair`) with special tokens, truncated to `maxLength`.
    func encode(_ text: String, pair: String?, maxLength: Int) throws -> TokenizedInput
    /// Values padding uses for ids, shape ids and pronunciation ids.
    var padding: (id: Int, shape: Int, pronunciation: Int) { get }
    /// Token string of an id (masked-LM fills).
    func token(_ id: Int) -> String
    /// Id of [MASK].
    var maskId: Int { get }
}

/// Groups encoded rows into length buckets and builds one padded batch per bucket, so a batch of
/// candidates costs a few forward passes and short texts are never padded to long ones.
enum LengthBuckets {
    /// Bucket width in tokens.
    static let width = 8
    /// Most rows per forward pass (bounds memory on long texts).
    static let maxRows = 64

    /// Row indices grouped by bucket, each group in input order.
    static func groups(_ lengths: [Int]) -> [[Int]] {
        let byBucket = Dictionary(grouping: lengths.indices) { (lengths[$0] + width - 1) / width }
        return byBucket.keys.sorted().flatMap { key -> [[Int]] in
            let rows = byBucket[key]!
            return stride(from: 0, to: rows.count, by: maxRows).map { Array(rows[$0..<min($0 + maxRows, rows.count)]) }
        }
    }

    /// A padded batch of `rows` (all the same sequence length after padding); side ids only when
    /// every row has them (one encoder gives them to all rows or to none).
    static func batch(_ rows: [TokenizedInput], padding: (id: Int, shape: Int, pronunciation: Int)) -> RoCBertInputs {
        let s = rows.map(\.count).max() ?? 1
        var ids: [Int] = [], shapes: [Int]? = [], prons: [Int]? = [], types: [Int] = [], mask: [Float] = []
        for r in rows {
            let pad = s - r.count
            ids += r.inputIds + [Int](repeating: padding.id, count: pad)
            if let side = r.shapeIds { shapes? += side + [Int](repeating: padding.shape, count: pad) } else { shapes = nil }
            if let side = r.pronunciationIds { prons? += side + [Int](repeating: padding.pronunciation, count: pad) } else { prons = nil }
            types += r.tokenTypeIds + [Int](repeating: 0, count: pad)
            mask += [Float](repeating: 1, count: r.count) + [Float](repeating: 0, count: pad)
        }
        return RoCBertInputs(batch: rows.count, seqLength: s, inputIds: ids, inputShapeIds: shapes,
                             inputPronunciationIds: prons, attentionMask: mask, tokenTypeIds: types)
    }
}

/// Row-wise softmax of logits [rows, classes] into Double probabilities.
func softmaxRows(_ logits: Tensor) -> [[Double]] {
    let c = logits.lastDim
    return (0..<logits.rows).map { r in
        let row = logits.data[(r * c)..<((r + 1) * c)].map(Double.init)
        let m = row.max() ?? 0
        let e = row.map { Foundation.exp($0 - m) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }
}
