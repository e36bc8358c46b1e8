/// The character written as its pinyin without tone (是 → shi), or its initial alone (是 → s), as
/// people type when they cannot or will not pick the character.
public struct PinyinTransformation: Transformation {
    public let name = "pinyin"
    let table: PronunciationTable

    public init(table: PronunciationTable) {
        self.table = table
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        guard let p = table.readings[ch]?.first else { return [] }
        let initial = p.initial.isEmpty ? String(p.syllable.prefix(1)) : String(p.initial.prefix(1))
        // ü is typed as v on every pinyin keyboard.
        let typed = p.syllable.replacingOccurrences(of: "ü", with: "v")
        var out = [edit(text, slot, typed, "\(ch) \(p.marked) → \(typed)")]
        if initial != typed { out.append(edit(text, slot, initial, "\(ch) \(p.marked) → initial \(initial)")) }
        return out
    }
}
