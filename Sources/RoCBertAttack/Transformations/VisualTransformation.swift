/// Characters whose glyphs look alike (未 → 末), most similar first, at or above a similarity floor.
public struct VisualTransformation: Transformation {
    public let name = "visual"
    let table: ShapeTable
    let minimumSimilarity: Double

    public init(table: ShapeTable, minimumSimilarity: Double = 0) {
        self.table = table
        self.minimumSimilarity = minimumSimilarity
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        return (table.neighbours[ch] ?? []).filter { $0.similarity >= minimumSimilarity }.map {
            edit(text, slot, $0.character, "\(ch) looks like \($0.character) (glyph similarity \(String(format: "%.3f", $0.similarity)))")
        }
    }
}
