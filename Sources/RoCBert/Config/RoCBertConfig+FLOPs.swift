extension RoCBertConfig {
    /// Multiply-add FLOPs (2 per MAC) of one sequence-classification forward pass: every matmul, including
    /// attention's q·kᵀ and p·v; element-wise work is left out. scripts/bench_reference.py uses the same formula.
    public func forwardFLOPs(batch: Int, seqLength: Int) -> Double {
        let h = Double(hiddenSize), i = Double(intermediateSize), s = Double(seqLength)
        let tokens = Double(batch * seqLength)
        var embed = 0.0
        if concatInput {
            let inputDim = h + (enableShape ? Double(shapeEmbedDim) : 0) + (enablePronunciation ? Double(pronunciationEmbedDim) : 0)
            embed = 2 * inputDim * h
        }
        let perLayer = 2 * (4 * h * h + 2 * h * i) + 2 * 2 * s * h
        let pooler = 2 * h * h + 2 * h * Double(numLabels)
        return tokens * (embed + Double(numHiddenLayers) * perLayer) + Double(batch) * pooler
    }

    /// roc-bert-base-zh's dimensions (weiweishi/roc-bert-base-zh config.json), for benchmarks.
    public static var rocBertBaseZh: RoCBertConfig {
        var c = RoCBertConfig()
        c.vocabSize = 21128
        c.shapeVocabSize = 24858
        c.pronunciationVocabSize = 910
        return c
    }
}
