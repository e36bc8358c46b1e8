import Foundation

/// attacks/tables/near-homophone.tsv: the sound confusions of Mandarin speakers (an/ang, z/zh,
/// l/n, …), each rule rewriting an initial or a final of a syllable.
public struct NearHomophoneRules: Sendable {
    public static let fileName = "near-homophone.tsv"
    public static let columns = ["kind", "from", "to"]

    public struct Rule: Sendable, Equatable {
        public enum Kind: String, Sendable { case initial, final }
        public let kind: Kind
        public let from: String
        public let to: String
    }

    public let rules: [Rule]
    public let source: [String]

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        rules = try file.rows.map { row in
            guard let kind = Rule.Kind(rawValue: row.cells[0]) else { throw file.fail(row, "kind \"\(row.cells[0])\" is neither initial nor final") }
            guard !row.cells[1].isEmpty, !row.cells[2].isEmpty, row.cells[1] != row.cells[2] else { throw file.fail(row, "a rule needs two different spellings") }
            return Rule(kind: kind, from: row.cells[1], to: row.cells[2])
        }
        source = file.comments
    }

    /// The syllables a listener could confuse with `p`, same tone, each with the rule that makes it.
    /// Confusions go both ways (z for zh as much as zh for z), whichever way a row is written.
    public func confusions(of p: Pinyin) -> [(Pinyin, Rule)] {
        var out: [(Pinyin, Rule)] = []
        var seen = Set<Pinyin>()
        for rule in rules {
            for (from, to) in [(rule.from, rule.to), (rule.to, rule.from)] {
                let q: Pinyin
                switch rule.kind {
                case .initial where p.initial == from: q = Pinyin(syllable: to + p.final, tone: p.tone)
                case .final where p.final == from: q = Pinyin(syllable: p.initial + to, tone: p.tone)
                default: continue
                }
                if seen.insert(q).inserted { out.append((q, rule)) }
            }
        }
        return out
    }
}
