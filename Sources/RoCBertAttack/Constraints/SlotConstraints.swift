/// Whitespace, punctuation and symbols: never edited (an edit there says nothing about reading).
public struct SeparatorSlots: SlotConstraint {
    public let name = "separators"
    public init() {}

    public func forbidden(in scalars: [Unicode.Scalar]) -> Set<Int> {
        Set(scalars.indices.filter { scalars[$0].properties.isWhitespace || scalars[$0].properties.generalCategory.isPunctuationOrSymbol })
    }
}

/// Digits and Latin letters (`digits: true`): an edit there changes the meaning outright.
public struct DigitAndLatinSlots: SlotConstraint {
    public let name = "digits"
    public init() {}

    public func forbidden(in scalars: [Unicode.Scalar]) -> Set<Int> {
        Set(scalars.indices.filter { scalars[$0].properties.numericType == .decimal || (scalars[$0].isASCII && scalars[$0].properties.isAlphabetic) })
    }
}

/// Function words (`stopwords: true`): swapping them changes little for a reader but much for
/// fluency, and attack papers leave them alone (TextAttack's StopwordModification).
public struct StopwordSlots: SlotConstraint {
    public let name = "stopwords"
    public let stopwords: Set<String>
    public init(_ stopwords: Set<String>) { self.stopwords = stopwords }

    public func forbidden(in scalars: [Unicode.Scalar]) -> Set<Int> {
        Set(scalars.indices.filter { stopwords.contains(String(scalars[$0])) })
    }
}

/// Strings never edited wherever they occur (`protected:`, and an example's own protected list).
public struct ProtectedStrings: SlotConstraint {
    public let name = "protected"
    public let strings: [String]
    public init(_ strings: [String]) { self.strings = strings }

    public func forbidden(in scalars: [Unicode.Scalar]) -> Set<Int> {
        var blocked = Set<Int>()
        for p in strings where !p.isEmpty {
            let needle = Array(p.unicodeScalars)
            var i = 0
            while i + needle.count <= scalars.count {
                if Array(scalars[i..<(i + needle.count)]) == needle { blocked.formUnion(i..<(i + needle.count)); i += needle.count } else { i += 1 }
            }
        }
        return blocked
    }
}

/// Spans of the text given by position (a QA example's gold answer).
public struct ProtectedRanges: SlotConstraint {
    public let name = "protected spans"
    public let ranges: [Range<Int>]
    public init(_ ranges: [Range<Int>]) { self.ranges = ranges }

    public func forbidden(in scalars: [Unicode.Scalar]) -> Set<Int> {
        ranges.reduce(into: Set<Int>()) { $0.formUnion($1) }
    }
}

/// Slots past what the model reads of a text its tokenizer truncated: an edit there cannot change
/// the answer, so trying one only spends queries.
public struct WindowSlots: SlotConstraint {
    public let name = "window"
    /// Scalars at the start of the text the model reads.
    public let readPrefix: Int
    public init(readPrefix: Int) { self.readPrefix = readPrefix }

    public func forbidden(in scalars: [Unicode.Scalar]) -> Set<Int> {
        Set(min(max(readPrefix, 0), scalars.count)..<scalars.count)
    }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
