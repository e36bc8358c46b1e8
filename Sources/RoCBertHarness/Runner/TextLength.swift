import RoCBertCore

/// A text's length as the edit budget and the perturbed share count it: Unicode scalars, except
/// that a masked-LM `[MASK]` is one character (it stands for one), not the six its spelling has.
enum TextLength {
    static let mask = "[MASK]"

    static func characters(_ text: String, task: AttackTask) -> Int {
        let scalars = text.unicodeScalars.count
        guard task == .maskedLM else { return scalars }
        let masks = text.components(separatedBy: mask).count - 1
        return scalars - masks * (mask.unicodeScalars.count - 1)
    }
}
