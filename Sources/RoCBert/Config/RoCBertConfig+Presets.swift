extension RoCBertConfig {
    /// roc-bert-base-zh's dimensions (weiweishi/roc-bert-base-zh config.json), for benchmarks.
    public static var rocBertBaseZh: RoCBertConfig {
        var c = RoCBertConfig()
        c.vocabSize = 21128
        c.shapeVocabSize = 24858
        c.pronunciationVocabSize = 910
        return c
    }
}
