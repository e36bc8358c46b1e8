extension ReviewSheet {
    /// The sheet to mark in a spreadsheet: the header, then one record per row (RFC 4180, CRLF).
    public var csv: String {
        CSV.record(Self.columns) + rows.map { CSV.record($0.cells) }.joined()
    }

    /// The sheet to read: how to judge, how it was drawn, and one table row per attacked text
    /// (pipes and line breaks escaped, so every text stays in its cell).
    public var markdown: String {
        var s = "# Review sheet: " + (suites.isEmpty ? "no runs" : suites.map(MarkdownText.escape).joined(separator: ", ")) + "\n\n"
        s += "Mark each attacked text **natural** when a reader still reads the clean text in it, **unnatural** when not. "
        s += "Up to \(perRun) successful attacks per run, drawn with seed \(seed): \(rows.count) row\(rows.count == 1 ? "" : "s"). "
        s += "Marks are imported from the CSV form of this sheet (`rocbert review --out sheet.csv`, then `rocbert review --import sheet.csv`).\n\n"
        guard !rows.isEmpty else { return s + "No successful attacks to review.\n" }
        var t = MarkdownTable(Self.columns, numeric: Self.columns.map { $0 == "run_id" || $0 == "example_index" })
        for row in rows { t.add(row.cells.map(MarkdownText.escape)) }
        return s + t.markdown
    }
}
