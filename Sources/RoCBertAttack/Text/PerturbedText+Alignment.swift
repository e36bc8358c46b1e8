/// Where the clean text's characters sit in a perturbed text, so a goal can read a prediction on the
/// attacked text in clean-text positions and tell edited characters from the rest.
extension PerturbedText {
    /// For every clean slot, its scalar offset in `text`, or nil when an edit has touched it.
    public var unchangedOffsets: [Int?] {
        let touched = modifiedSlots
        var offset = 0
        return slots.indices.map { i in
            defer { offset += slots[i].unicodeScalars.count }
            return touched.contains(i) ? nil : offset
        }
    }

    /// The clean-text span that scalars `range` of `text` stand for: an unedited scalar stands for its
    /// own slot, a scalar of a replacement for the whole range its edit rewrote. Nil for an empty range
    /// or one beyond the text.
    public func cleanRange(of range: Range<Int>) -> Range<Int>? {
        guard !range.isEmpty else { return nil }
        var editOf = [Int: Range<Int>]()
        for edit in edits { for i in edit.range { editOf[i] = edit.range } }
        var spans: [Range<Int>] = []
        for (i, slot) in slots.enumerated() {
            for _ in slot.unicodeScalars { spans.append(editOf[i] ?? i..<(i + 1)) }
        }
        guard range.upperBound <= spans.count else { return nil }
        return spans[range.lowerBound].lowerBound..<spans[range.upperBound - 1].upperBound
    }

    /// The edit saliency measures at slot `i`: the slot deleted, or replaced by `token` (e.g. "[UNK]").
    public func saliencyEdit(at i: Int, token: String?) -> SlotEdit {
        SlotEdit(range: i..<(i + 1), original: String(original[i]), replacement: token ?? "", transformation: "saliency",
                 justification: token.map { "saliency: \(original[i]) → \($0)" } ?? "saliency: \(original[i]) deleted")
    }
}
