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
    /// The (original, replacement) pair appears in human confusion data (spelling-correction
    /// confusion sets), so people are known to mistake one for the other; nil when not known or
    /// not applicable.
    public var humanConfusion: Bool?
    /// The replacement's index in the General Standard Chinese Characters list (通用规范汉字表,
    /// `attacks/tables/standard-chars.tsv`): 1 is the commonest, 8105 the rarest; nil when the
    /// replacement is not a single standard character.
    public var substituteRank: Int?
    /// For sound-based substitutions (homophone, near-homophone): the replacement's matching
    /// reading has another tone than the original's; nil for every other transformation.
    public var toneChanged: Bool?
    /// The attacked checkpoint reads the replacement with the original's shape ids (its shape input
    /// is unchanged by the edit); nil when the checkpoint has no shape input or for rows recorded
    /// before schema version 8.
    public var shapeKept: Bool?
    /// Likewise for its pronunciation ids.
    public var pronunciationKept: Bool?

    /// One edit; the validity facts stay nil unless the transformation knows them.
    public init(position: Int, original: String, replacement: String, transformation: String, justification: String,
                outOfVocabulary: Bool = false, humanConfusion: Bool? = nil, substituteRank: Int? = nil, toneChanged: Bool? = nil,
                shapeKept: Bool? = nil, pronunciationKept: Bool? = nil) {
        self.position = position
        self.original = original
        self.replacement = replacement
        self.transformation = transformation
        self.justification = justification
        self.outOfVocabulary = outOfVocabulary
        self.humanConfusion = humanConfusion
        self.substituteRank = substituteRank
        self.toneChanged = toneChanged
        self.shapeKept = shapeKept
        self.pronunciationKept = pronunciationKept
    }
}
