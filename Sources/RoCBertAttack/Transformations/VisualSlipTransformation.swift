import Foundation

/// Look-alikes people write for one another (错 → 措, 不 → 坏), best first by the score fitted on
/// people's confusions (visual-slip.tsv). They change the word, so a reader does not read past them:
/// opt-in, for studying robustness to spelling slips, and not a reader-preserving attack like `visual`.
public struct VisualSlipTransformation: Transformation {
    public let name = "visual-slip"
    let table: VisualTable

    /// `table` read from visual-slip.tsv (`VisualTable.slipFileName`).
    public init(table: VisualTable) {
        self.table = table
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let ch = String(text.original[slot])
        return (table.neighbours[ch] ?? []).map {
            edit(text, slot, $0.character, "\($0.character) is written for \(ch) (people \(String(format: "%.2f", $0.score)))")
        }
    }
}
