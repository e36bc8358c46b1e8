/// Characters whose reading differs by a confusion Mandarin speakers make (an/ang, z/zh, l/n…):
/// 是 shì → 四 sì. Same tone, commonest first.
public struct NearHomophoneTransformation: Transformation {
    public let name = "near-homophone"
    let table: PronunciationTable
    let rules: NearHomophoneRules

    public init(table: PronunciationTable, rules: NearHomophoneRules) {
        self.table = table
        self.rules = rules
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        guard let readings = table.readings[ch] else { return [] }
        var seen: Set<String> = [ch]
        var out: [SlotEdit] = []
        for p in readings {
            for (q, rule) in rules.confusions(of: p) {
                for other in table.bySyllable[q] ?? [] where seen.insert(other).inserted {
                    out.append(edit(text, slot, other, "\(ch) \(p.marked) ≈ \(other) \(q.marked) (\(rule.kind.rawValue) \(rule.from)/\(rule.to))"))
                }
            }
        }
        return out
    }
}
