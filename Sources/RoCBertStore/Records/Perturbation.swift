/// One edit the search made to the clean text.
public struct Perturbation: Codable, Equatable, Sendable {
    /// Unicode-scalar offset of `original` in the clean text.
    public var position: Int
    /// The clean text's characters at `position`.
    public var original: String
    /// What replaced them.
    public var replacement: String
    /// The transformation's name, e.g. `shape`, `pronunciation`, `synonym`.
    public var transformation: String
    /// Why the transformation proposed it, e.g. "未/末 differ by one stroke".
    public var justification: String
    /// The replacement tokenizes to [UNK] in the attacked checkpoint's vocabulary.
    public var outOfVocabulary: Bool

    /// One edit.
    public init(position: Int, original: String, replacement: String, transformation: String, justification: String,
                outOfVocabulary: Bool = false) {
        self.position = position
        self.original = original
        self.replacement = replacement
        self.transformation = transformation
        self.justification = justification
        self.outOfVocabulary = outOfVocabulary
    }
}
