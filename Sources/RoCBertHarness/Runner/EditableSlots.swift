import RoCBertAttack
import RoCBertCore

/// Which clean-text slots an attack may edit: the slot constraints a suite's `constraints:` turn on
/// (separators always; digits and Latin letters, stopwords, protected strings and spans as set), and
/// the model's window when its tokenizer cut the text.
public enum EditableSlots {
    /// The slot rules of `constraints` for one example; `readPrefix`: the scalars of a truncated text
    /// the model reads (nil when it reads all of it).
    public static func constraints(
        _ constraints: AttackSpec.Constraints, protected: [String], protectedRanges: [Range<Int>] = [], stopwords: Set<String>,
        readPrefix: Int? = nil
    ) -> [any SlotConstraint] {
        var rules: [any SlotConstraint] = [SeparatorSlots(), ProtectedStrings(protected + constraints.protectedStrings)]
        if !protectedRanges.isEmpty { rules.append(ProtectedRanges(protectedRanges)) }
        if let readPrefix { rules.append(WindowSlots(readPrefix: readPrefix)) }
        if constraints.skipDigits { rules.append(DigitAndLatinSlots()) }
        if constraints.skipStopwords { rules.append(StopwordSlots(stopwords)) }
        return rules
    }

    /// The slots of `text` no rule forbids, in text order.
    public static func compute(
        _ text: String, constraints: AttackSpec.Constraints, protected: [String], protectedRanges: [Range<Int>] = [],
        stopwords: Set<String>, readPrefix: Int? = nil
    ) -> [Int] {
        Self.constraints(constraints, protected: protected, protectedRanges: protectedRanges, stopwords: stopwords, readPrefix: readPrefix)
            .editableSlots(of: text)
    }
}

extension AttackSpec.Constraints {
    /// The edit budget these constraints set.
    public var editBudget: EditBudget { EditBudget(ratio: maxPerturbedRatio, minEdits: minEdits) }
}
