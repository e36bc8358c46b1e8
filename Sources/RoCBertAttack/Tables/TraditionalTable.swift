import Foundation

/// attacks/tables/traditional.tsv: a simplified character's traditional and variant forms, the
/// usual one first (发 → 發, 髮).
public struct TraditionalTable: Sendable {
    public static let fileName = "traditional.tsv"
    public static let columns = ["char", "forms"]

    public let forms: [String: [String]]
    public let source: [String]

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        var forms: [String: [String]] = [:]
        for row in file.rows {
            let char = try file.character(row, 0)
            let list = row.cells[1].split(separator: ",").map(String.init)
            guard !list.isEmpty, list.allSatisfy({ $0.unicodeScalars.count == 1 }) else {
                throw file.fail(row, "forms \"\(row.cells[1])\" are not comma-separated single characters")
            }
            forms[char] = list.filter { $0 != char }
        }
        self.forms = forms
        source = file.comments
    }
}
