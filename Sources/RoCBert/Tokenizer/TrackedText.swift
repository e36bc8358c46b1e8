import Foundation

/// Scalars of a normalised text, each remembering which scalars of the original text it came from.
///
/// Every normalisation step of the reference (cleaning, lower-casing, NFC, accent stripping) maps
/// scalars to scalars; carrying the source range through each step gives exact offsets without
/// re-aligning strings afterwards.
struct TrackedText: Sendable {
    var scalars: [Unicode.Scalar] = []
    /// Source range of each scalar, in scalar indices of the original text.
    var starts: [Int] = []
    var ends: [Int] = []

    init() {}

    init<S: Sequence>(scalars source: S, offset: Int = 0) where S.Element == Unicode.Scalar {
        for (i, s) in source.enumerated() {
            append(s, start: offset + i, end: offset + i + 1)
        }
    }

    var isEmpty: Bool { scalars.isEmpty }
    var count: Int { scalars.count }

    mutating func reserveCapacity(_ n: Int) {
        scalars.reserveCapacity(n)
        starts.reserveCapacity(n)
        ends.reserveCapacity(n)
    }

    mutating func append(_ s: Unicode.Scalar, start: Int, end: Int) {
        scalars.append(s)
        starts.append(start)
        ends.append(end)
    }

    mutating func append(_ other: TrackedText, range: Range<Int>) {
        scalars.append(contentsOf: other.scalars[range])
        starts.append(contentsOf: other.starts[range])
        ends.append(contentsOf: other.ends[range])
    }

    func slice(_ range: Range<Int>) -> TrackedText {
        var t = TrackedText()
        t.append(self, range: range)
        return t
    }

    var string: String { string(0..<count) }

    /// The scalars `range` as a String.
    func string(_ range: Range<Int>) -> String {
        var s = String()
        s.unicodeScalars.append(contentsOf: scalars[range])
        return s
    }

    /// Source range covered by scalars `range` (nil when empty).
    func sourceRange(_ range: Range<Int>) -> Range<Int>? {
        guard !range.isEmpty else { return nil }
        var lo = Int.max, hi = Int.min
        for i in range {
            lo = min(lo, starts[i])
            hi = max(hi, ends[i])
        }
        return lo..<hi
    }

    /// Splits on `str.isspace` characters, as Python's `str.split()` does.
    func splitOnPythonWhitespace() -> [TrackedText] {
        wordRanges().map(slice)
    }

    /// The ranges of the words `splitOnPythonWhitespace` returns.
    func wordRanges() -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start: Int? = nil
        for i in 0..<scalars.count {
            if PythonUnicode.isPythonSpace(scalars[i]) {
                if let s = start { out.append(s..<i); start = nil }
            } else if start == nil {
                start = i
            }
        }
        if let s = start { out.append(s..<scalars.count) }
        return out
    }

    /// Applies a normalisation form per grapheme cluster, keeping offsets exact where the
    /// cluster maps scalar for scalar and giving the whole cluster's range otherwise.
    func normalized(
        inert: (Unicode.Scalar) -> Bool,
        transform: (String) -> String
    ) -> TrackedText {
        if scalars.allSatisfy(inert) { return self }
        var out = TrackedText()
        out.reserveCapacity(scalars.count)
        var index = 0
        // Canonical composition and reordering never cross an extended grapheme cluster boundary.
        for character in string {
            let n = character.unicodeScalars.count
            let range = index..<(index + n)
            index += n
            if range.allSatisfy({ inert(scalars[$0]) }) {
                out.append(self, range: range)
                continue
            }
            let mapped = Array(transform(String(character)).unicodeScalars)
            if mapped.elementsEqual(scalars[range]) {
                out.append(self, range: range)
            } else if mapped.count == n {
                // Same length: keep the positional correspondence (e.g. singleton decompositions).
                for (k, s) in mapped.enumerated() {
                    out.append(s, start: starts[range.lowerBound + k], end: ends[range.lowerBound + k])
                }
            } else {
                let whole = sourceRange(range)!
                for s in mapped { out.append(s, start: whole.lowerBound, end: whole.upperBound) }
            }
        }
        return out
    }

    func nfc() -> TrackedText {
        normalized(inert: PythonUnicode.isNFCInert) { $0.precomposedStringWithCanonicalMapping }
    }

    func nfd() -> TrackedText {
        normalized(inert: PythonUnicode.isNFDInert) { $0.decomposedStringWithCanonicalMapping }
    }
}
