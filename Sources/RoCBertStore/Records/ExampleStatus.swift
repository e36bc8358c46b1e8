/// How an example's attack ended (TextAttack's categories, plus `error`).
public enum ExampleStatus: String, Codable, CaseIterable, Sendable {
    /// The clean prediction was right and a perturbed text changed it.
    case successful
    /// The clean prediction was right and the search found no perturbed text that changed it.
    case failed
    /// The clean prediction was already wrong, so there was nothing to attack.
    case skipped
    /// The example could not be run (bad input, model failure); counted apart from N.
    case error
}
