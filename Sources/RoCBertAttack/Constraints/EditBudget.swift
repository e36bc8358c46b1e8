/// How many characters an attack may change in one text (`max_perturbed_ratio`, `min_edits`):
/// ⌊ratio × length⌋, at least `minEdits`. With `minEdits` 0 a text too short for one edit at the
/// ratio is not edited at all, so no success ever goes over the ratio.
public struct EditBudget: Sendable, Equatable {
    public let ratio: Double
    public let minEdits: Int

    public init(ratio: Double, minEdits: Int) {
        self.ratio = ratio
        self.minEdits = minEdits
    }

    /// Characters a text of `length` Unicode scalars may have changed.
    public func characters(length: Int) -> Int {
        max(minEdits, Int((ratio * Double(length)).rounded(.down)))
    }
}
