/// The traditional or variant form of a simplified character (发 → 發), the usual one first.
public struct TraditionalTransformation: Transformation {
    public let name = "traditional"
    let table: TraditionalTable

    public init(table: TraditionalTable) {
        self.table = table
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        return (table.forms[ch] ?? []).map { edit(text, slot, $0, "\(ch) → traditional \($0)") }
    }
}
