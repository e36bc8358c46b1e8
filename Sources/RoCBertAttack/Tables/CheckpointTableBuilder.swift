/// Builds a checkpoint's word_pronunciation.json and word_shape.json from the project's tables, so a
/// model trained with them sees a homophone or a look-alike as the same pronunciation or shape id.
///
/// Ids 0–4 go to [PAD], [UNK], [CLS], [SEP], [MASK]. A Chinese character (or its `##` wordpiece)
/// gets the id of its primary reading's key (`PronunciationKey`) and the id of its shape group
/// (`ShapeGrouping`). Other tokens are left out of the files, so the tokenizer gives them [UNK]'s ids.
/// Pronunciation ids are numbered in key order, shape ids in vocabulary order, so a rebuild from the
/// same tables is identical.
public struct CheckpointTableBuilder {
    public static let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    public let pronunciation: [String: Int]
    public let shape: [String: Int]
    /// pronunciation_vocab_size and shape_vocab_size for config.json.
    public let pronunciationVocabSize: Int
    public let shapeVocabSize: Int

    public init(vocabulary: [String], pronunciationTable: PronunciationTable, shapes: ShapeGrouping, pronunciationKey: PronunciationKey) {
        let characters = vocabulary.compactMap(Self.character)
        let groupOf = shapes.groups(of: characters)
        let key = { (c: String) in pronunciationTable.readings[c].map { pronunciationKey.key(of: $0[0]) } }
        (pronunciation, pronunciationVocabSize) = Self.ids(vocabulary, key, sorted: true)
        (shape, shapeVocabSize) = Self.ids(vocabulary, { groupOf[$0] }, sorted: false)
    }

    /// The character a token stands for: a single ideograph, bare or as a `##` wordpiece.
    static func character(_ token: String) -> String? {
        let bare = token.hasPrefix("##") ? String(token.dropFirst(2)) : token
        guard bare.unicodeScalars.count == 1, bare.unicodeScalars.first!.properties.isIdeographic else { return nil }
        return bare
    }

    /// Token → id, one id per distinct key after the specials, in key order when `sorted`, else in the
    /// order the vocabulary first reaches each key; and the id count.
    private static func ids(_ vocabulary: [String], _ key: (String) -> String?, sorted: Bool) -> ([String: Int], Int) {
        var keyOf: [String: String] = [:], order: [String] = []
        for token in vocabulary {
            guard let c = character(token), let k = key(c) else { continue }
            keyOf[token] = k
            order.append(k)
        }
        var idOf: [String: Int] = [:]
        for k in sorted ? order.sorted() : order where idOf[k] == nil { idOf[k] = specials.count + idOf.count }
        var out = Dictionary(uniqueKeysWithValues: specials.enumerated().map { ($1, $0) })
        for (token, k) in keyOf { out[token] = idOf[k] }
        return (out, specials.count + idOf.count)
    }
}
