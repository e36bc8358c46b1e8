import Foundation

/// attacks/tables/visual.tsv: each standard character's look-alikes, best first, with the evidence
/// (`scripts/build_tables.py`): the near-identical glyphs (glyphs nearly coincide, Four-Corner codes
/// agree, stroke counts within one), then the pairs people write for one another, ranked by a score
/// fitted on people's confusions (`scripts/visual_model.py`). The score is that fitted probability.
public struct VisualTable: Sendable {
    public static let fileName = "visual.tsv"
    public static let columns = ["char", "neighbour", "score", "evidence"]

    public struct Neighbour: Sendable, Equatable {
        public let character: String
        public let score: Double
        /// Why it looks alike, e.g. "people 0.111, near-identical, glyph 0.976, four-corner 5090/5090, strokes 5/5, shares 一木".
        public let evidence: String
    }

    /// Character → look-alikes, best first (the order the file gives).
    public let neighbours: [String: [Neighbour]]
    public let source: [String]

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        var neighbours: [String: [Neighbour]] = [:]
        for row in file.rows {
            let char = try file.character(row, 0), other = try file.character(row, 1)
            guard let s = Double(row.cells[2]), s.isFinite, s > 0 else {
                throw file.fail(row, "score \"\(row.cells[2])\" is not a positive number")
            }
            if char == other { throw file.fail(row, "\(char) is listed as its own look-alike") }
            neighbours[char, default: []].append(Neighbour(character: other, score: s, evidence: row.cells[3]))
        }
        self.neighbours = neighbours
        source = file.comments
    }
}
