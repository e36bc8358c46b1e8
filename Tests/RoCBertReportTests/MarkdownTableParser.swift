/// Reads the first markdown table after a heading back into rows keyed by column header.
enum MarkdownTableParser {
    /// Rows as [header: cell]; duplicate headers (the Δ columns) get the preceding header's name + " Δ".
    static func table(after heading: String, in markdown: String) -> [[String: String]]? {
        let lines = markdown.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else { return nil }
        guard let top = lines[(start + 1)...].firstIndex(where: { $0.hasPrefix("|") }) else { return nil }
        var body: [[String]] = []
        var i = top
        while i < lines.count, lines[i].hasPrefix("|") {
            body.append(cells(lines[i]))
            i += 1
        }
        guard body.count >= 2 else { return nil }
        var header: [String] = []
        for h in body[0] { header.append(h == "Δ" ? "\(header.last!) Δ" : h) }
        return body.dropFirst(2).map { row in
            Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) })
        }
    }

    static func cells(_ line: String) -> [String] {
        var parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        parts.removeFirst()
        parts.removeLast()
        return parts
    }
}

import Foundation
