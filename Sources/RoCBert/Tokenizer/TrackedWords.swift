/// The words of a text as ranges of one `TrackedText`, so a word costs no allocation of its own.
///
/// On Chinese text every ideograph is a word; a `TrackedText` per word (three arrays each) made
/// allocation and reference counting most of the tokenizer's time.
struct TrackedWords: Sendable {
    /// The words' scalars, one after another.
    var text = TrackedText()
    /// Each word's scalars in `text`, in order.
    var ranges: [Range<Int>] = []

    /// Appends `range` of `source` as a new word.
    mutating func append(_ source: TrackedText, range: Range<Int>) {
        let start = text.count
        text.append(source, range: range)
        ranges.append(start..<text.count)
    }

    /// Each word as a `TrackedText` of its own.
    var words: [TrackedText] { ranges.map { text.slice($0) } }
}

/// A never-split set with the lengths of its entries, so most words skip building a String to miss it.
struct NeverSplitWords: Sendable {
    let words: Set<ExactString>
    let lengths: Set<Int>

    init(_ words: Set<ExactString>) {
        self.words = words
        self.lengths = Set(words.map { $0.value.unicodeScalars.count })
    }

    /// Whether scalars `range` of `text` spell an entry.
    func contains(_ text: TrackedText, _ range: Range<Int>) -> Bool {
        lengths.contains(range.count) && words.contains(ExactString(text.string(range)))
    }
}
