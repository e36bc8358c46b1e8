/// A GitHub-flavoured markdown table; cells are already-formatted markdown.
struct MarkdownTable {
    var header: [String]
    /// true for a right-aligned (numeric) column.
    var numeric: [Bool]
    var rows: [[String]] = []

    init(_ header: [String], numeric: [Bool]? = nil) {
        self.header = header
        self.numeric = numeric ?? header.indices.map { $0 > 0 }
    }

    mutating func add(_ row: [String]) {
        precondition(row.count == header.count, "table row has \(row.count) cells, header \(header.count)")
        rows.append(row)
    }

    var markdown: String {
        var lines = ["| " + header.joined(separator: " | ") + " |"]
        lines.append("|" + numeric.map { $0 ? "---:" : "---" }.joined(separator: "|") + "|")
        for r in rows { lines.append("| " + r.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }
}
