import RoCBert

extension RoCBertConfig {
    /// Class or tag names by index, as the victim reports them: id2label, else transformers' LABEL_i.
    var labelNames: [String] { (0..<numLabels).map { id2label[$0] ?? "LABEL_\($0)" } }
}
