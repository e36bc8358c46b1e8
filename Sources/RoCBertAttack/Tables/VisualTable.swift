import Foundation

/// A look-alike table of attacks/tables/ (`scripts/build_tables.py`): each standard character's
/// look-alikes, best first, with a score and the evidence. Two files share the format:
///
/// - visual.tsv (`fileName`): the near-identical look-alikes a reader still reads as the character
///   (glyphs nearly coincide, Four-Corner codes agree, stroke counts within one), the `visual` attack;
/// - visual-slip.tsv (`slipFileName`): the look-alikes people write for one another (错 for 措),
///   ranked by a score fitted on people's confusions (`scripts/visual_model.py`), score = that fitted
///   probability. They change the word: only the opt-in `visual-slip` attack reads them.
public struct VisualTable: Sendable {
    public static let fileName = "visual.tsv"
    public static let slipFileName = "visual-slip.tsv"
    public static let columns = ["char", "neighbour", "score", "evidence"]

    public struct Neighbour: Sendable, Equatable {
        public let character: String
        public let score: Double
        /// Why it looks alike, e.g. "glyph 0.976, four-corner 5090/5090, strokes 5/5" (visual.tsv) or
        /// "people 0.941, glyph 0.864, four-corner 8476/5406, strokes 13/11, shares 昔" (visual-slip.tsv, 错 → 措).
        public let evidence: String
    }

    /// Character → look-alikes, best first (the order the file gives).
    public let neighbours: [String: [Neighbour]]
    public let source: [String]

    /// Reads `fileName` (visual.tsv unless told) from `directory`.
    public init(directory: URL, fileName: String = Self.fileName) throws {
        let file = try TableFile(directory.appendingPathComponent(fileName), columns: Self.columns)
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
