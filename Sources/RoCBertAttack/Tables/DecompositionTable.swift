import Foundation

/// attacks/tables/decomposition.tsv: a character's top-level components (好 → ⿰ 女子), which a
/// character-split attack writes in its place.
public struct DecompositionTable: Sendable {
    public static let fileName = "decomposition.tsv"
    public static let columns = ["char", "structure", "components"]

    public struct Entry: Sendable, Equatable {
        /// The Ideographic Description Character of the top-level layout (⿰ left-right, ⿱ top-bottom, …).
        public let structure: String
        public let components: [String]
    }

    public let entries: [String: Entry]
    public let source: [String]

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        var entries: [String: Entry] = [:]
        for row in file.rows {
            let char = try file.character(row, 0)
            let structure = try file.character(row, 1)
            guard let s = structure.unicodeScalars.first, (0x2FF0...0x2FFF).contains(s.value) || s.value == 0x31EF else {
                throw file.fail(row, "structure \"\(structure)\" is not an Ideographic Description Character")
            }
            let parts = row.cells[2].unicodeScalars.map { String($0) }
            guard parts.count >= 2 else { throw file.fail(row, "components \"\(row.cells[2])\" are fewer than two characters") }
            entries[char] = Entry(structure: structure, components: parts)
        }
        self.entries = entries
        source = file.comments
    }
}
