/// Builds a checkpoint's word_pronunciation.json and word_shape.json from the project's tables, so a
/// model trained with them sees a homophone or a look-alike as the same pronunciation or shape id.
///
/// Ids 0–4 go to [PAD], [UNK], [CLS], [SEP], [MASK]. A Chinese character (or its `##` wordpiece)
/// gets the id of its primary toned syllable, and a shape id it shares with its glyph's mutual
/// nearest neighbour when their similarity reaches `shapeThreshold` (未/末, 己/已). Other tokens are
/// left out of the files, so the tokenizer gives them [UNK]'s ids.
public struct CheckpointTableBuilder {
    public static let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    public let pronunciation: [String: Int]
    public let shape: [String: Int]
    /// pronunciation_vocab_size and shape_vocab_size for config.json.
    public let pronunciationVocabSize: Int
    public let shapeVocabSize: Int

    public init(vocabulary: [String], pronunciationTable: PronunciationTable, shapeTable: ShapeTable, shapeThreshold: Double) {
        var pronunciation: [String: Int] = [:], shape: [String: Int] = [:]
        for (i, s) in Self.specials.enumerated() {
            pronunciation[s] = i
            shape[s] = i
        }
        func character(_ token: String) -> String? {
            let bare = token.hasPrefix("##") ? String(token.dropFirst(2)) : token
            guard bare.unicodeScalars.count == 1, bare.unicodeScalars.first!.properties.isIdeographic else { return nil }
            return bare
        }
        let syllables = Set(vocabulary.compactMap { character($0).flatMap { pronunciationTable.readings[$0]?.first } }).sorted()
        let syllableId = Dictionary(uniqueKeysWithValues: syllables.enumerated().map { ($1, Self.specials.count + $0) })
        var shapeOf: [String: Int] = [:]
        var nextShape = Self.specials.count
        func nearest(_ c: String) -> ShapeTable.Neighbour? { shapeTable.neighbours[c]?.first }
        for token in vocabulary {
            guard let c = character(token) else { continue }
            if let p = pronunciationTable.readings[c]?.first { pronunciation[token] = syllableId[p] }
            if shapeOf[c] == nil {
                if let n = nearest(c), n.similarity >= shapeThreshold, nearest(n.character)?.character == c, let partner = shapeOf[n.character] {
                    shapeOf[c] = partner
                } else {
                    shapeOf[c] = nextShape
                    nextShape += 1
                }
            }
            shape[token] = shapeOf[c]
        }
        self.pronunciation = pronunciation
        self.shape = shape
        pronunciationVocabSize = Self.specials.count + syllables.count
        shapeVocabSize = nextShape
    }
}
