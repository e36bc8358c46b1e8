/// `RoCBertEmbeddings`: word, shape and pronunciation embeddings joined, plus token types and positions;
/// with a `bert` config, `BertEmbeddings` (no side embeddings).
public struct RoCBertEmbeddings: Sendable {
    let config: RoCBertConfig
    let wordEmbeddings: Embedding
    /// Absent in BERT checkpoints.
    let pronunciationEmbed: Embedding?
    let shapeEmbed: Embedding?
    let positionEmbeddings: Embedding
    let tokenTypeEmbeddings: Embedding
    /// Present when concat_input: maps [word | shape | pronunciation] back to hidden_size.
    let mapInputsLayer: Linear?
    let layerNorm: LayerNorm

    /// Binds `prefix.*` (e.g. `roc_bert.embeddings`).
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig) throws {
        config = c
        wordEmbeddings = try Embedding(w, prefix + ".word_embeddings", count: c.vocabSize, width: c.hiddenSize)
        if c.hasSideInputs {
            // Both side embeddings exist in the reference even when disabled, so they are in every RoCBert checkpoint.
            pronunciationEmbed = try Embedding(w, prefix + ".pronunciation_embed", count: c.pronunciationVocabSize, width: c.pronunciationEmbedDim)
            shapeEmbed = try Embedding(w, prefix + ".shape_embed", count: c.shapeVocabSize, width: c.shapeEmbedDim)
        } else {
            pronunciationEmbed = nil
            shapeEmbed = nil
        }
        positionEmbeddings = try Embedding(w, prefix + ".position_embeddings", count: c.maxPositionEmbeddings, width: c.hiddenSize)
        tokenTypeEmbeddings = try Embedding(w, prefix + ".token_type_embeddings", count: c.typeVocabSize, width: c.hiddenSize)
        if c.concatInput {
            let inputDim = c.hiddenSize + (c.enablePronunciation ? c.pronunciationEmbedDim : 0) + (c.enableShape ? c.shapeEmbedDim : 0)
            mapInputsLayer = try Linear(w, prefix + ".map_inputs_layer", in: inputDim, out: c.hiddenSize)
        } else {
            mapInputsLayer = nil
        }
        layerNorm = try LayerNorm(w, prefix + ".LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
    }

    /// Embeds `inputs` into [batch, seq, hidden]; `pastLength` offsets default positions (decoding with a cache).
    public func callAsFunction(_ inputs: RoCBertInputs, pastLength: Int = 0) -> Tensor {
        let b = inputs.batch, s = inputs.seqLength
        let shape = [b, s]
        let tokenTypes = inputs.tokenTypeIds ?? [Int](repeating: 0, count: b * s)
        let positions = inputs.positionIds ?? (0..<(b * s)).map { $0 % s + pastLength }
        let word = wordEmbeddings.lookup(inputs.inputIds, shape: shape)

        guard let mapInputsLayer else {
            // Averaging path: LayerNorm first, then the side embeddings are added and the sum divided.
            var e = word
            add(&e, tokenTypeEmbeddings.lookup(tokenTypes, shape: shape))
            if config.positionEmbeddingType == .absolute { add(&e, positionEmbeddings.lookup(positions, shape: shape)) }
            layerNorm.apply(&e)
            var denominator: Float = 1
            if config.enableShape, let shapeEmbed, let ids = inputs.inputShapeIds {
                add(&e, shapeEmbed.lookup(ids, shape: shape)); denominator += 1
            }
            if config.enablePronunciation, let pronunciationEmbed, let ids = inputs.inputPronunciationIds {
                add(&e, pronunciationEmbed.lookup(ids, shape: shape)); denominator += 1
            }
            if denominator != 1 { for i in e.data.indices { e.data[i] /= denominator } }
            return e
        }

        // Concatenation path: missing side ids count as id 0, as in the reference.
        var parts = [word]
        let zeros = [Int](repeating: 0, count: b * s)
        if config.enableShape, let shapeEmbed { parts.append(shapeEmbed.lookup(inputs.inputShapeIds ?? zeros, shape: shape)) }
        if config.enablePronunciation, let pronunciationEmbed {
            parts.append(pronunciationEmbed.lookup(inputs.inputPronunciationIds ?? zeros, shape: shape))
        }
        var e = mapInputsLayer(concatLastDim(parts))
        add(&e, tokenTypeEmbeddings.lookup(tokenTypes, shape: shape))
        if config.positionEmbeddingType == .absolute { add(&e, positionEmbeddings.lookup(positions, shape: shape)) }
        layerNorm.apply(&e)
        return e
    }
}

/// x += y element-wise.
func add(_ x: inout Tensor, _ y: Tensor) {
    precondition(x.count == y.count)
    x.data.withUnsafeMutableBufferPointer { a in
        y.data.withUnsafeBufferPointer { b in for i in a.indices { a[i] += b[i] } }
    }
}

/// Concatenates tensors with equal leading shape along the last dimension.
func concatLastDim(_ parts: [Tensor]) -> Tensor {
    let rows = parts[0].rows
    let width = parts.reduce(0) { $0 + $1.lastDim }
    var out = Tensor(zeros: Array(parts[0].shape.dropLast()) + [width])
    out.data.withUnsafeMutableBufferPointer { o in
        var col = 0
        for p in parts {
            let w = p.lastDim
            p.data.withUnsafeBufferPointer { src in
                for r in 0..<rows { (o.baseAddress! + r * width + col).update(from: src.baseAddress! + r * w, count: w) }
            }
            col += w
        }
    }
    return out
}
