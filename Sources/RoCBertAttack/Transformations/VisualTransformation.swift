/// Look-alikes a reader still reads as the original (未 → 末, 日 → 曰), best first: the visual
/// table keeps only glyphs that nearly coincide with agreeing Four-Corner codes and stroke counts.
public struct VisualTransformation: Transformation {
    public let name = "visual"
    let table: VisualTable

    public init(table: VisualTable) {
        self.table = table
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        return (table.neighbours[ch] ?? []).map { edit(text, slot, $0.character, "\(ch) looks like \($0.character) (\($0.evidence))") }
    }
}
