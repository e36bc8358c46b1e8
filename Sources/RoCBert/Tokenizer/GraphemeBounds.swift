/// Widens token offsets to whole user-perceived characters (extended grapheme clusters).
///
/// Normalisation can drop part of a character (an accent, a variation selector) or split one
/// character into several tokens; widening makes a perturbed character always map to the
/// token(s) that carry it, whatever survived normalisation.
struct GraphemeBounds {
    private let clusterStart: [Int]
    private let clusterEnd: [Int]

    /// nil when every cluster of `text` is a single scalar (the common case; CR LF aside,
    /// which never lies inside a token).
    init?(_ text: String, scalars: [Unicode.Scalar]) {
        if scalars.allSatisfy(Self.isAlwaysAlone) { return nil }
        var starts = [Int](repeating: 0, count: scalars.count)
        var ends = [Int](repeating: 0, count: scalars.count)
        var index = 0
        for character in text {
            let n = character.unicodeScalars.count
            for k in index..<(index + n) {
                starts[k] = index
                ends[k] = index + n
            }
            index += n
        }
        clusterStart = starts
        clusterEnd = ends
    }

    func widen(_ range: Range<Int>) -> Range<Int> {
        clusterStart[range.lowerBound]..<clusterEnd[range.upperBound - 1]
    }

    /// Scalars that neither extend a previous scalar nor get extended (outside CR LF).
    private static func isAlwaysAlone(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x300 || (0x3000...0x3029).contains(v) || (0x3030...0x3098).contains(v)
            || (0x309B...0x9FFF).contains(v) || (0xFF01...0xFF9D).contains(v)
    }
}
