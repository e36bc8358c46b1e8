/// Characters read exactly like the attacked one (是 shì → 事 shì); then, since a reader recovers
/// those too, the same syllable in other tones (是 shì → 时 shí), labelled. Within each group the
/// pairs people are known to confuse (human confusion data) come first, then the commonest.
public struct HomophoneTransformation: Transformation {
    public let name = "homophone"
    let table: PronunciationTable
    let human: HumanConfusionTable?

    public init(table: PronunciationTable, human: HumanConfusionTable? = nil) {
        self.table = table
        self.human = human
    }

    /// `group` (commonest first) with the characters people confuse with `ch` moved to the front.
    private func confusedFirst(_ ch: String, _ group: [String]) -> [String] {
        guard let human else { return group }
        return group.filter { human.contains(ch, $0) } + group.filter { !human.contains(ch, $0) }
    }

    private func note(_ ch: String, _ other: String) -> String {
        human?.contains(ch, other) == true ? "; people confuse them" : ""
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        guard let readings = table.readings[ch] else { return [] }
        var seen: Set<String> = [ch]
        var out: [SlotEdit] = []
        for p in readings {
            for other in confusedFirst(ch, table.bySyllable[p] ?? []) where seen.insert(other).inserted {
                out.append(edit(text, slot, other, "\(ch) \(p.marked) = \(other) \(p.marked)\(note(ch, other))"))
            }
        }
        for p in readings {
            for other in confusedFirst(ch, table.byToneless[p.syllable] ?? []) where seen.insert(other).inserted {
                let q = table.readings[other]!.first { $0.syllable == p.syllable }!
                out.append(edit(text, slot, other, "\(ch) \(p.marked) ~ \(other) \(q.marked) (other tone\(note(ch, other)))"))
            }
        }
        return out
    }
}
