/// A rule on the replacement a transformation proposes, checked on every candidate (TextAttack's
/// constraints on transformed text).
public protocol SubstituteConstraint: Sendable {
    /// The suite's name for the rule, for messages and reports.
    var name: String { get }
    func allows(_ edit: SlotEdit) -> Bool
}

/// Sound and shape substitutes come from the commonest characters (`common_rank` of the 通用规范
/// 汉字表, lifted by `allow_rare`): a reader who does not know the substitute cannot read past it.
/// Traditional forms, splits, pinyin and synonyms are other kinds of rewrite and pass.
public struct CommonSubstitutes: SubstituteConstraint {
    public let name = "common_rank"
    /// Transformations that swap one character for another of the same script.
    public static let characterSubstitutions: Set<String> = [
        "homophone", "near-homophone", "visual", "visual-slip", "checkpoint-homophone", "checkpoint-visual", "masked-lm",
    ]
    public let standard: StandardCharacters
    public let commonRank: Int

    public init(standard: StandardCharacters, commonRank: Int) {
        self.standard = standard
        self.commonRank = commonRank
    }

    public func allows(_ edit: SlotEdit) -> Bool {
        guard Self.characterSubstitutions.contains(edit.transformation) else { return true }
        guard let rank = standard.rank[edit.replacement] else { return false }
        return rank <= commonRank
    }
}

/// No substitute the attacked checkpoint reads as [UNK] (lifted by `allow_unk`): the model then sees
/// no character at all, which says little about its robustness to the substitution.
public struct KnownToVocabulary: SubstituteConstraint {
    public let name = "allow_unk"
    public init() {}
    public func allows(_ edit: SlotEdit) -> Bool { !edit.outOfVocabulary }
}
