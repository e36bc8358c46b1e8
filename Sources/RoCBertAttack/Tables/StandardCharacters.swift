import Foundation

/// attacks/tables/standard-chars.tsv: the 8,105 characters of the 通用规范汉字表 (2013) in its
/// order, which runs from the commonest: the first 3,500 are its level 1, the characters every
/// reader knows.
public struct StandardCharacters: Sendable {
    public static let fileName = "standard-chars.tsv"
    public static let columns = ["char", "index"]
    /// The end of level 1.
    public static let commonCount = 3500

    /// Character → its 1-based index in the list.
    public let rank: [String: Int]

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        var rank: [String: Int] = [:]
        for row in file.rows {
            let char = try file.character(row, 0)
            guard let i = Int(row.cells[1]), i >= 1 else { throw file.fail(row, "index \"\(row.cells[1])\" is not a positive integer") }
            if rank[char] != nil { throw file.fail(row, "\(char) appears twice") }
            rank[char] = i
        }
        self.rank = rank
    }
}
