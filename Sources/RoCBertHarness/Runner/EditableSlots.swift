import RoCBertAttack
import RoCBertCore

/// Which clean-text slots an attack may edit: not inside protected strings or spans, not stopwords,
/// not digits or Latin letters (whose meaning an edit changes outright), not whitespace or punctuation.
public enum EditableSlots {
    public static func compute(
        _ text: String, constraints: AttackSpec.Constraints, protected: [String], protectedRanges: [Range<Int>] = [],
        stopwords: Set<String>
    ) -> [Int] {
        let scalars = Array(text.unicodeScalars)
        var blocked = Set<Int>()
        for r in protectedRanges { blocked.formUnion(r) }
        for p in protected + constraints.protectedStrings where !p.isEmpty {
            let needle = Array(p.unicodeScalars)
            var i = 0
            while i + needle.count <= scalars.count {
                if Array(scalars[i..<(i + needle.count)]) == needle { blocked.formUnion(i..<(i + needle.count)); i += needle.count } else { i += 1 }
            }
        }
        return scalars.indices.filter { i in
            let s = scalars[i]
            if blocked.contains(i) || s.properties.isWhitespace || s.properties.generalCategory.isPunctuation { return false }
            if constraints.skipDigits && (s.properties.numericType == .decimal || (s.isASCII && s.properties.isAlphabetic)) { return false }
            if constraints.skipStopwords && stopwords.contains(String(s)) { return false }
            return true
        }
    }
}

extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
