/// The character written as its components side by side (好 → 女子), which a reader puts back
/// together; left-right layouts read best, so only those unless `allLayouts`.
public struct SplitTransformation: Transformation {
    public let name = "split"
    let table: DecompositionTable
    let allLayouts: Bool

    public init(table: DecompositionTable, allLayouts: Bool = false) {
        self.table = table
        self.allLayouts = allLayouts
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        guard let e = table.entries[ch], allLayouts || e.structure == "⿰" || e.structure == "⿲" else { return [] }
        let joined = e.components.joined()
        return [edit(text, slot, joined, "\(ch) = \(e.structure)\(joined)")]
    }
}
