/// A text under attack as one slot per Unicode scalar of the clean text; an edit rewrites a run of
/// slots, so positions keep meaning the clean text's offsets however long the replacements are.
public struct PerturbedText: Hashable, Sendable {
    /// The clean text's scalars.
    public let original: [Unicode.Scalar]
    /// What each slot reads now: its original scalar, a replacement (possibly several characters,
    /// e.g. 好 → 女子 or a pinyin), or "" for slots folded into an edit that starts earlier.
    public private(set) var slots: [String]
    /// Edits applied so far, in order.
    public private(set) var edits: [SlotEdit]

    /// The clean text.
    public init(_ text: String) {
        original = Array(text.unicodeScalars)
        slots = original.map { String($0) }
        edits = []
    }

    /// The current text.
    public var text: String { slots.joined() }

    /// Slots an edit has touched.
    public var modifiedSlots: Set<Int> { Set(edits.flatMap { Array($0.range) }) }

    /// Number of clean-text characters changed, the numerator of the perturbed-character ratio.
    public var perturbedCharacters: Int { modifiedSlots.count }

    /// The text with `edit` applied (slots in its range become the replacement then blanks).
    public func applying(_ edit: SlotEdit) -> PerturbedText {
        var copy = self
        for i in edit.range { copy.slots[i] = "" }
        copy.slots[edit.range.lowerBound] = edit.replacement
        copy.edits.append(edit)
        return copy
    }
}

/// One proposed rewrite of a run of clean-text slots, with the reason a report can show.
public struct SlotEdit: Hashable, Sendable {
    /// Slots (clean-text scalar offsets) replaced.
    public let range: Range<Int>
    /// The clean text of the range.
    public let original: String
    /// What replaces it.
    public let replacement: String
    /// Name of the transformation that proposed it ("homophone", "visual", …).
    public let transformation: String
    /// The table row that justifies it (e.g. "homophone: 是 shì = 事 shì").
    public let justification: String
    /// The replacement holds a character the checkpoint's vocabulary lacks: it tokenizes to [UNK].
    /// Such candidates stay (a human reads them fine) but records and reports flag them.
    public var outOfVocabulary: Bool
    /// People are known to confuse original and replacement (spelling-correction confusion data);
    /// nil when not a one-character substitution or not looked up.
    public var humanConfusion: Bool?
    /// The replacement's place in the 通用规范汉字表 (1 = commonest of 8,105); nil when it is not
    /// one standard character or not looked up.
    public var substituteRank: Int?
    /// A sound substitution whose replacement has no reading in the original's tones; nil for other kinds.
    public var toneChanged: Bool?
    /// The replacement has the original's shape ids in the checkpoint's word_shape.json (the model's
    /// shape input does not change); nil when the checkpoint reads no shape ids.
    public var shapeKept: Bool?
    /// Likewise for the pronunciation ids of word_pronunciation.json.
    public var pronunciationKept: Bool?

    public init(range: Range<Int>, original: String, replacement: String, transformation: String, justification: String,
                outOfVocabulary: Bool = false) {
        self.range = range
        self.original = original
        self.replacement = replacement
        self.transformation = transformation
        self.justification = justification
        self.outOfVocabulary = outOfVocabulary
    }
}
