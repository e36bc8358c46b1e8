extension MarkdownReport {
    /// The side-channel table, or "" when no run recorded side-channel facts.
    func sideChannelSection() -> String {
        let measured = data.runs.map { ($0, SideChannelMetrics(records: $0.records)) }.filter { !$0.1.rows.isEmpty }
        guard !measured.isEmpty else { return "" }
        var s = "## Side channels of RoCBert checkpoints\n\n"
        s += "A RoCBert checkpoint reads each character's shape id (word_shape.json) and pronunciation id (word_pronunciation.json) "
        s += "beside its token. For the substitutions of successful attacks, the share whose replacement has the original's ids, "
        s += "so that channel still showed the model the original (an edit that changes the number of tokens keeps neither). "
        s += "– marks a channel the checkpoint does not read.\n\n"
        var t = MarkdownTable(["run", "transformation", "substitutions", "shape id kept", "pronunciation id kept"])
        for (run, m) in measured {
            for r in m.rows {
                t.add([MarkdownText.escape(run.title), MarkdownText.escape(r.transformation), "\(r.substitutions)",
                       MetricFormat.percent(r.shapeKeptShare), MetricFormat.percent(r.pronunciationKeptShare)])
            }
        }
        return s + t.markdown + "\n"
    }
}
