import Foundation

/// BERT's basic tokenizer as the reference runs it: cleaning, CJK spacing, NFC, whitespace
/// split, lower-casing, accent stripping and punctuation split.
public struct BasicTokenizer: Sendable {
    /// Lower-case every word not in `neverSplit`.
    public var doLowerCase: Bool
    /// Words kept whole (neither lower-cased nor split on punctuation).
    public var neverSplit: [String] {
        get { neverSplitSet.map(\.value).sorted() }
        set { neverSplitSet = Set(newValue.map(ExactString.init)) }
    }
    /// Put spaces around CJK ideographs so each becomes its own word.
    public var tokenizeChineseChars: Bool
    /// Strip accents; nil follows `doLowerCase`, as in the original BERT.
    public var stripAccents: Bool?
    /// Split words on punctuation.
    public var doSplitOnPunc: Bool

    var neverSplitSet: Set<ExactString>

    /// A basic tokenizer with the reference defaults.
    public init(
        doLowerCase: Bool = true,
        neverSplit: [String] = [],
        tokenizeChineseChars: Bool = true,
        stripAccents: Bool? = nil,
        doSplitOnPunc: Bool = true
    ) {
        self.doLowerCase = doLowerCase
        self.neverSplitSet = Set(neverSplit.map(ExactString.init))
        self.tokenizeChineseChars = tokenizeChineseChars
        self.stripAccents = stripAccents
        self.doSplitOnPunc = doSplitOnPunc
    }

    /// Splits `text` into words, like the reference's `BasicTokenizer.tokenize`.
    public func tokenize(_ text: String, neverSplit extra: [String] = []) -> [String] {
        tokenize(TrackedText(scalars: text.unicodeScalars), extraNeverSplit: Set(extra.map(ExactString.init)))
            .map(\.string)
    }

    func tokenize(_ text: TrackedText, extraNeverSplit: Set<ExactString>) -> [TrackedText] {
        let never = extraNeverSplit.isEmpty ? neverSplitSet : neverSplitSet.union(extraNeverSplit)
        return words(text, neverSplit: NeverSplitWords(never)).words
    }

    /// The words of `text`; `never` holds this tokenizer's never-split entries and any extra ones.
    func words(_ text: TrackedText, neverSplit never: NeverSplitWords) -> TrackedWords {
        var cleaned = TrackedText()
        cleaned.reserveCapacity(text.count + 8)
        for i in 0..<text.count {
            let s = text.scalars[i]
            if s.value == 0 || s.value == 0xFFFD || PythonUnicode.isControl(s) { continue }
            if PythonUnicode.isWhitespace(s) {
                cleaned.append(" ", start: text.starts[i], end: text.ends[i])
            } else if tokenizeChineseChars && PythonUnicode.isChineseChar(s) {
                cleaned.append(" ", start: text.starts[i], end: text.ends[i])
                cleaned.append(s, start: text.starts[i], end: text.ends[i])
                cleaned.append(" ", start: text.starts[i], end: text.ends[i])
            } else {
                cleaned.append(s, start: text.starts[i], end: text.ends[i])
            }
        }
        let normalized = cleaned.nfc()
        let transforms = doLowerCase || stripAccents == true
        var output = TrackedWords()
        output.text.reserveCapacity(normalized.count)
        for range in normalized.wordRanges() {
            let keep = never.contains(normalized, range)
            // Most words (every ideograph, ASCII without capitals) come through lower-casing and
            // accent stripping unchanged, and are split straight from the normalised text.
            if keep || !transforms || normalized.scalars[range].allSatisfy(PythonUnicode.isCaseAndAccentInert) {
                splitOnPunctuation(normalized, range, keepWhole: keep, into: &output)
                continue
            }
            var word = normalized.slice(range)
            if doLowerCase {
                word = lowercased(word)
                if stripAccents != false { word = Self.stripAccents(word) }
            } else if stripAccents == true {
                word = Self.stripAccents(word)
            }
            // A word can become an entry once lower-cased.
            splitOnPunctuation(word, 0..<word.count, keepWhole: never.contains(word, 0..<word.count), into: &output)
        }
        return output
    }

    private func lowercased(_ word: TrackedText) -> TrackedText {
        if !word.scalars.contains(where: { $0.value < 0x80 ? ($0.value >= 0x41 && $0.value <= 0x5A) : true }) {
            return word
        }
        var out = TrackedText()
        out.reserveCapacity(word.count)
        var buffer: [Unicode.Scalar] = []
        for i in 0..<word.count {
            buffer.removeAll(keepingCapacity: true)
            PythonUnicode.appendLowercased(word.scalars[i], to: &buffer)
            for s in buffer { out.append(s, start: word.starts[i], end: word.ends[i]) }
        }
        return out
    }

    static func stripAccents(_ word: TrackedText) -> TrackedText {
        let decomposed = word.nfd()
        if !decomposed.scalars.contains(where: PythonUnicode.isNonspacingMark) { return decomposed }
        var out = TrackedText()
        for i in 0..<decomposed.count where !PythonUnicode.isNonspacingMark(decomposed.scalars[i]) {
            out.append(decomposed, range: i..<(i + 1))
        }
        return out
    }

    private func splitOnPunctuation(_ word: TrackedText, _ range: Range<Int>, keepWhole: Bool, into output: inout TrackedWords) {
        // Accent stripping can empty a word; the reference drops it when it re-splits on whitespace.
        if range.isEmpty { return }
        if !doSplitOnPunc || keepWhole {
            output.append(word, range: range)
            return
        }
        var start = range.lowerBound
        for i in range where PythonUnicode.isPunctuation(word.scalars[i]) {
            if start < i { output.append(word, range: start..<i) }
            output.append(word, range: i..<(i + 1))
            start = i + 1
        }
        if start < range.upperBound { output.append(word, range: start..<range.upperBound) }
    }
}
