import Foundation

/// A TSV table as attacks/tables/ stores them: `# ` lines saying source and licence, a header
/// naming the columns, then rows. Every row keeps its line number so a loader's error can name it.
public struct TableFile: Sendable {
    /// One data row: its cells and where it came from.
    public struct Row: Sendable {
        public let cells: [String]
        public let line: Int
    }

    public let path: String
    /// The `# ` lines (source, licence, method), without the marker.
    public let comments: [String]
    public let rows: [Row]

    /// Reads `url`, requiring the header to be exactly `columns`.
    public init(_ url: URL, columns: [String]) throws {
        path = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TableError(path: url.path, "cannot read the table (missing? rebuild it with scripts/build_tables.py)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw TableError(path: url.path, "not UTF-8") }
        var comments: [String] = []
        var rows: [Row] = []
        var sawHeader = false
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                comments.append(String(line.dropFirst().drop { $0 == " " }))
                continue
            }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !sawHeader {
                guard cells == columns else {
                    throw TableError(path: url.path, line: number, "header is \"\(cells.joined(separator: "\\t"))\", expected \"\(columns.joined(separator: "\\t"))\"")
                }
                sawHeader = true
                continue
            }
            guard cells.count == columns.count else {
                throw TableError(path: url.path, line: number, "\(cells.count) columns, expected \(columns.count) (\(columns.joined(separator: ", ")))")
            }
            rows.append(Row(cells: cells, line: number))
        }
        guard sawHeader else { throw TableError(path: url.path, "no header line (expected \"\(columns.joined(separator: "\\t"))\")") }
        self.comments = comments
        self.rows = rows
    }

    /// The error for a bad cell of `row`.
    public func fail(_ row: Row, _ message: String) -> TableError {
        TableError(path: path, line: row.line, message)
    }

    /// The cell as exactly one Unicode scalar (tables key on single characters).
    public func character(_ row: Row, _ column: Int) throws -> String {
        let cell = row.cells[column]
        guard cell.unicodeScalars.count == 1 else { throw fail(row, "\"\(cell)\" is not a single character") }
        return cell
    }
}
