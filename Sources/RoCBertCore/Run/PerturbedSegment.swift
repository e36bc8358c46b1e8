/// Which segment of a two-segment input an attack may edit. Sequence classification with a `pair`
/// field has the text and the pair; multiple choice has the stem and the gold choice (the one the
/// example's label names), since one attacked text is rewritten per example.
public enum PerturbedSegment: String, Sendable, Codable, CaseIterable {
    /// The text (the stem for multiple choice): what every attack edited before the setting existed.
    case first
    /// The pair (the gold choice for multiple choice).
    case second
    /// Both segments: the attacked text is the first and the second joined by a separator no edit
    /// touches, and the model reads them apart again.
    case both
}
