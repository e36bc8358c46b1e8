/// The word around the attacked character replaced by a synonym from the thesaurus
/// (高兴 → 快乐), commonest word first. Words come from segmenting the clean text.
public struct SynonymTransformation: Transformation {
    public let name = "synonym"
    let thesaurus: SynonymThesaurus
    let segmenter: WordSegmenter

    public init(thesaurus: SynonymThesaurus, segmenter: WordSegmenter) {
        self.thesaurus = thesaurus
        self.segmenter = segmenter
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        // Segmenting once per slot is cheap next to a model query; the clean text never changes.
        guard let range = segmenter.segment(String(String.UnicodeScalarView(text.original))).first(where: { $0.contains(slot) }) else { return [] }
        let word = String(String.UnicodeScalarView(text.original[range]))
        let frequency = segmenter.dictionary.frequency
        let synonyms = thesaurus.synonyms(of: word).enumerated().sorted { a, b in
            let fa = frequency[a.element.word] ?? 0, fb = frequency[b.element.word] ?? 0
            return fa != fb ? fa > fb : a.offset < b.offset
        }
        return synonyms.map { s in
            SlotEdit(range: range, original: word, replacement: s.element.word, transformation: name,
                     justification: "\(name): \(word) ≈ \(s.element.word) (Cilin \(s.element.group.code))")
        }
    }
}
