/// Characters read exactly like the attacked one (是 shì → 事 shì), commonest first; then, since
/// a reader recovers those too, the same syllable in other tones (是 shì → 时 shí).
public struct HomophoneTransformation: Transformation {
    public let name = "homophone"
    let table: PronunciationTable

    public init(table: PronunciationTable) {
        self.table = table
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        guard let readings = table.readings[ch] else { return [] }
        var seen: Set<String> = [ch]
        var out: [SlotEdit] = []
        for p in readings {
            for other in table.bySyllable[p] ?? [] where seen.insert(other).inserted {
                out.append(edit(text, slot, other, "\(ch) \(p.marked) = \(other) \(p.marked)"))
            }
        }
        for p in readings {
            for other in table.byToneless[p.syllable] ?? [] where seen.insert(other).inserted {
                let q = table.readings[other]!.first { $0.syllable == p.syllable }!
                out.append(edit(text, slot, other, "\(ch) \(p.marked) ~ \(other) \(q.marked) (other tone)"))
            }
        }
        return out
    }
}
