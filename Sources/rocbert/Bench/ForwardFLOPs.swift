import RoCBert

/// Matmul FLOPs of one encoder forward, counted as scripts/bench_reference.py counts them.
public enum ForwardFLOPs {
    /// 2·P_tok·tokens + 2·P_seq·batch + layers·batch·4·seq²·hidden, where P_tok is the
    /// parameters of every per-token matmul (input map, Q/K/V/O, FFN) and P_seq those applied
    /// once per sequence (pooler, classifier with `labels` outputs). Biases, embedding lookups,
    /// LayerNorm, GELU and softmax are not counted.
    public static func sequenceClassification(_ c: RoCBertConfig, batch: Int, seq: Int, labels: Int) -> Double {
        let h = Double(c.hiddenSize), inter = Double(c.intermediateSize), layers = Double(c.numHiddenLayers)
        var inputWidth = h
        if c.enablePronunciation { inputWidth += Double(c.pronunciationEmbedDim) }
        if c.enableShape { inputWidth += Double(c.shapeEmbedDim) }
        let mapInputs = c.concatInput ? inputWidth * h : 0
        let perToken = mapInputs + layers * (4 * h * h + 2 * h * inter)
        let perSequence = h * h + h * Double(labels)
        let (b, s) = (Double(batch), Double(seq))
        return 2 * perToken * b * s + 2 * perSequence * b + layers * b * 4 * s * s * h
    }
}
