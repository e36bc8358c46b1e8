import Foundation

/// attacks/tables/shape.tsv: each standard character's nearest glyphs, measured by rendering a CJK
/// font (`rocbert tables shape`), most similar first.
public struct ShapeTable: Sendable {
    public static let fileName = "shape.tsv"
    public static let columns = ["char", "neighbour", "similarity"]

    public struct Neighbour: Sendable, Equatable {
        public let character: String
        public let similarity: Double
    }

    /// Character → neighbours, most similar first (the order the file gives).
    public let neighbours: [String: [Neighbour]]
    public let source: [String]

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        var neighbours: [String: [Neighbour]] = [:]
        for row in file.rows {
            let char = try file.character(row, 0), other = try file.character(row, 1)
            guard let s = Double(row.cells[2]), (0...1).contains(s) else {
                throw file.fail(row, "similarity \"\(row.cells[2])\" is not a number in [0, 1]")
            }
            neighbours[char, default: []].append(Neighbour(character: other, similarity: s))
        }
        self.neighbours = neighbours
        source = file.comments
    }
}
