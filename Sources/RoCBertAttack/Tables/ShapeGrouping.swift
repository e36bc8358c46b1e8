/// Which characters share a shape id, i.e. which look-alike substitutions leave it unchanged.
public enum ShapeGrouping: Sendable {
    /// Pairs of glyphs that are each other's nearest at least `threshold` similar (未/末, 己/已).
    case mutualNearest(ShapeTable, threshold: Double)
    /// Groups of the look-alikes the visual attack offers: each character's first `topK` neighbours in
    /// visual.tsv that are themselves characters of the vocabulary among the `common` commonest
    /// (the attack's default filter), joined strongest pair first; a join that would make a group
    /// larger than `cap` is skipped, so a chain of look-alikes does not merge characters that do not
    /// look alike.
    case visual(VisualTable, standard: StandardCharacters, common: Int, topK: Int, cap: Int)

    /// Character → group key (characters with the same key share a shape id); every character gets one.
    func groups(of characters: [String]) -> [String: String] {
        switch self {
        case let .mutualNearest(table, threshold):
            var groupOf: [String: String] = [:]
            func nearest(_ c: String) -> ShapeTable.Neighbour? { table.neighbours[c]?.first }
            for c in characters where groupOf[c] == nil {
                if let n = nearest(c), n.similarity >= threshold, nearest(n.character)?.character == c, let partner = groupOf[n.character] {
                    groupOf[c] = partner
                } else {
                    groupOf[c] = c
                }
            }
            return groupOf
        case let .visual(table, standard, common, topK, cap):
            let inVocabulary = Set(characters)
            var pairs: [(score: Double, a: String, b: String)] = []
            for c in inVocabulary {
                let offered = (table.neighbours[c] ?? []).filter {
                    inVocabulary.contains($0.character) && (standard.rank[$0.character] ?? .max) <= common
                }
                pairs += offered.prefix(topK).map { (score: $0.score, a: c, b: $0.character) }
            }
            // Strongest first, ties by code point, so the groups never depend on hashing.
            func point(_ s: String) -> UInt32 { s.unicodeScalars.first!.value }
            pairs.sort { ($0.score, point($1.a), point($1.b)) > ($1.score, point($0.a), point($0.b)) }
            var groups = UnionFind()
            for p in pairs { groups.join(p.a, p.b, cap: cap) }
            return Dictionary(uniqueKeysWithValues: inVocabulary.map { ($0, groups.root($0)) })
        }
    }
}

/// Disjoint sets of characters with their sizes.
struct UnionFind {
    private var parent: [String: String] = [:]
    private var size: [String: Int] = [:]

    mutating func root(_ x: String) -> String {
        var r = x
        while let p = parent[r], p != r { r = p }
        var y = x
        while let p = parent[y], p != r { parent[y] = r; y = p }
        return r
    }

    /// Joins the sets of `a` and `b` unless the joined set would hold more than `cap`.
    mutating func join(_ a: String, _ b: String, cap: Int) {
        let ra = root(a), rb = root(b)
        guard ra != rb else { return }
        let sa = size[ra] ?? 1, sb = size[rb] ?? 1
        guard sa + sb <= cap else { return }
        parent[rb] = ra
        size[ra] = sa + sb
    }
}
