import Foundation

/// attacks/tables/human-confusion.tsv: pairs of characters people write for one another, from the
/// confusion sets of Chinese spelling correction (pycorrector's same_stroke / same_pinyin). A
/// substitution in this data is one people are known to make and to read past.
public struct HumanConfusionTable: Sendable {
    public static let fileName = "human-confusion.tsv"
    public static let columns = ["char", "other", "kind"]
    public static let kinds: Set<String> = ["visual", "sound-same-tone", "sound-other-tone"]

    private let pairs: Set<String>

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        var pairs = Set<String>()
        for row in file.rows {
            let a = try file.character(row, 0), b = try file.character(row, 1)
            let kinds = row.cells[2].split(separator: ",").map(String.init)
            guard !kinds.isEmpty, kinds.allSatisfy(Self.kinds.contains) else {
                throw file.fail(row, "kind \"\(row.cells[2])\" is not a list of \(Self.kinds.sorted().joined(separator: ", "))")
            }
            pairs.insert(Self.key(a, b))
        }
        self.pairs = pairs
    }

    /// Whether people confuse `a` and `b` (either way round).
    public func contains(_ a: String, _ b: String) -> Bool { pairs.contains(Self.key(a, b)) }

    private static func key(_ a: String, _ b: String) -> String { a < b ? a + "\t" + b : b + "\t" + a }
}
