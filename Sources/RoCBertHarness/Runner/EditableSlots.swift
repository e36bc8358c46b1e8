import RoCBertAttack
import RoCBertCore

/// Which clean-text slots an attack may edit: the slot constraints a suite's `constraints:` turn on
/// (separators always; digits and Latin letters, stopwords, protected strings and spans as set).
public enum EditableSlots {
    /// The slot rules of `constraints` for one example.
    public static func constraints(
        _ constraints: AttackSpec.Constraints, protected: [String], protectedRanges: [Range<Int>] = [], stopwords: Set<String>
    ) -> [any SlotConstraint] {
        var rules: [any SlotConstraint] = [SeparatorSlots(), ProtectedStrings(protected + constraints.protectedStrings)]
        if !protectedRanges.isEmpty { rules.append(ProtectedRanges(protectedRanges)) }
        if constraints.skipDigits { rules.append(DigitAndLatinSlots()) }
        if constraints.skipStopwords { rules.append(StopwordSlots(stopwords)) }
        return rules
    }

    /// The slots of `text` no rule forbids, in text order.
    public static func compute(
        _ text: String, constraints: AttackSpec.Constraints, protected: [String], protectedRanges: [Range<Int>] = [],
        stopwords: Set<String>
    ) -> [Int] {
        Self.constraints(constraints, protected: protected, protectedRanges: protectedRanges, stopwords: stopwords).editableSlots(of: text)
    }
}

extension AttackSpec.Constraints {
    /// The edit budget these constraints set.
    public var editBudget: EditBudget { EditBudget(ratio: maxPerturbedRatio, minEdits: minEdits) }
}
