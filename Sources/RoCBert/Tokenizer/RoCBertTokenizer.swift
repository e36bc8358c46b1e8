import Foundation

/// RoCBert's tokenizer: WordPiece over vocab.txt, plus a shape id and a pronunciation id for every token.
/// Without the two id tables it is BERT's tokenizer (`BertTokenizer`): the same tokens and offsets, no side ids.
public struct RoCBertTokenizer: Sendable {
    /// Constructor options of the reference `RoCBertTokenizer`, with its defaults.
    public struct Options: Sendable, Equatable {
        /// Lower-case the text (special tokens excepted).
        public var doLowerCase = true
        /// Run the basic tokenizer before WordPiece.
        public var doBasicTokenize = true
        /// Words the basic tokenizer keeps whole.
        public var neverSplit: [String] = []
        /// Unknown token; this and the four below must be in the vocabulary.
        public var unkToken = "[UNK]"
        /// Separator closing each text.
        public var sepToken = "[SEP]"
        /// Padding token.
        public var padToken = "[PAD]"
        /// Token opening every encoding.
        public var clsToken = "[CLS]"
        /// Masked-LM mask token.
        public var maskToken = "[MASK]"
        /// Split CJK ideographs into one word each.
        public var tokenizeChineseChars = true
        /// Strip accents; nil follows `doLowerCase`.
        public var stripAccents: Bool? = nil
        /// Apply the reference's English clean-up of spaces when decoding.
        public var cleanUpTokenizationSpaces = false
        /// Length used for truncation and max-length padding when a call gives none.
        public var modelMaxLength: Int? = nil

        /// The reference defaults.
        public init() {}

        /// `BertTokenizer`'s defaults: RoCBert's, except that decoding cleans up spaces.
        public static var bertDefaults: Options {
            var o = Options()
            o.cleanUpTokenizationSpaces = true
            return o
        }
    }

    /// The options this tokenizer was built with.
    public let options: Options
    /// Whether encodings carry shape and pronunciation ids (RoCBert) or not (BERT).
    public let hasSideTables: Bool
    /// The basic tokenizer, nil when `doBasicTokenize` is off.
    public let basicTokenizer: BasicTokenizer?
    /// The WordPiece tokenizer over the vocabulary.
    public let wordpieceTokenizer: WordpieceTokenizer

    let vocab: [ExactString: Int]
    let idToToken: [Int: String]
    let tokensInOrder: [String]
    let wordShape: [ExactString: Int]
    let wordPronunciation: [ExactString: Int]
    /// Shape and pronunciation ids by vocabulary id, so encoding needs one lookup per token.
    let shapeByVocabId: [Int]
    let pronunciationByVocabId: [Int]
    let wordShapeTable: [(String, Int)]
    let wordPronunciationTable: [(String, Int)]
    /// In the reference's `all_special_tokens` order: unk, sep, pad, cls, mask.
    let specialTokens: [String]
    let specialTokenSet: Set<ExactString>
    let specialIds: Set<Int>
    private let specialsByFirstScalar: [Unicode.Scalar: [[Unicode.Scalar]]]
    /// The basic tokenizer's never-split entries and the special tokens: words it keeps whole.
    private let wordsKeptWhole: NeverSplitWords
    /// The basic tokenizer's own never-split entries: words that become tokens as they are.
    private let wordsAsTokens: NeverSplitWords

    /// "[UNK]"'s shape id, which the reference gives the [CLS] and [SEP] it adds.
    public let specialShapeId: Int
    /// "[UNK]"'s pronunciation id, which the reference gives the [CLS] and [SEP] it adds.
    public let specialPronunciationId: Int
    /// The shape id of a token the shape table lacks: the unknown token's.
    public let unknownShapeId: Int
    /// The pronunciation id of a token the pronunciation table lacks: the unknown token's.
    public let unknownPronunciationId: Int

    /// Vocabulary size (lines of vocab.txt).
    public var vocabSize: Int { tokensInOrder.count }
    /// Vocabulary id of the unknown token.
    public let unkTokenId: Int
    /// Vocabulary id of the separator token.
    public let sepTokenId: Int
    /// Vocabulary id of the padding token (also the padding value of shape and pronunciation ids).
    public let padTokenId: Int
    /// Vocabulary id of the classifier token.
    public let clsTokenId: Int
    /// Vocabulary id of the mask token.
    public let maskTokenId: Int

    /// Builds a tokenizer from a vocabulary (id = index) and the two id tables.
    public init(
        vocab: [String],
        wordShape: [String: Int],
        wordPronunciation: [String: Int],
        options: Options = Options()
    ) throws {
        try self.init(
            vocab: vocab,
            shapeTable: wordShape.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
                .map { ($0.key, $0.value) },
            pronunciationTable: wordPronunciation
                .sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
                .map { ($0.key, $0.value) },
            options: options,
            sources: ("vocab", "word_shape", "word_pronunciation")
        )
    }

    /// BERT's tokenizer over a vocabulary (id = index): no shape or pronunciation ids.
    public init(bertVocab vocab: [String], options: Options = .bertDefaults) throws {
        try self.init(vocab: vocab, shapeTable: nil, pronunciationTable: nil, options: options,
                      sources: ("vocab", "word_shape", "word_pronunciation"))
    }

    /// Loads vocab.txt, and for a RoCBert checkpoint word_shape.json and word_pronunciation.json, from a
    /// checkpoint directory, with options from tokenizer_config.json and special_tokens_map.json when
    /// present. Which tokenizer the checkpoint has follows tokenizer_config.json's `tokenizer_class`, else
    /// config.json's `model_type`, as the reference's AutoTokenizer decides.
    public init(directory: URL) throws {
        let vocabURL = directory.appendingPathComponent("vocab.txt")
        let shapeURL = directory.appendingPathComponent("word_shape.json")
        let pronunciationURL = directory.appendingPathComponent("word_pronunciation.json")
        let vocab = try VocabularyFiles.readVocab(vocabURL)
        let (sideTables, options) = try TokenizerConfig.load(directory: directory)
        let shape = sideTables ? try VocabularyFiles.readIdTable(shapeURL) : nil
        let pronunciation = sideTables ? try VocabularyFiles.readIdTable(pronunciationURL) : nil
        try self.init(
            vocab: vocab, shapeTable: shape, pronunciationTable: pronunciation, options: options,
            sources: (vocabURL.path, shapeURL.path, pronunciationURL.path)
        )
    }

    /// `shapeTable` and `pronunciationTable` nil: BERT's tokenizer.
    init(
        vocab tokens: [String],
        shapeTable: [(String, Int)]?,
        pronunciationTable: [(String, Int)]?,
        options: Options,
        sources: (vocab: String, shape: String, pronunciation: String)
    ) throws {
        var vocab: [ExactString: Int] = [:]
        vocab.reserveCapacity(tokens.count)
        for (i, token) in tokens.enumerated() {
            if vocab.updateValue(i, forKey: ExactString(token)) != nil {
                throw TokenizerError.duplicateToken(path: sources.vocab, token: token, line: i + 1)
            }
        }
        self.vocab = vocab
        self.tokensInOrder = tokens
        self.idToToken = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($0.offset, $0.element) })
        self.options = options
        hasSideTables = shapeTable != nil && pronunciationTable != nil
        self.wordShapeTable = shapeTable ?? []
        self.wordPronunciationTable = pronunciationTable ?? []
        let wordShape = Dictionary(wordShapeTable.map { (ExactString($0.0), $0.1) }, uniquingKeysWith: { $1 })
        let wordPronunciation = Dictionary(
            wordPronunciationTable.map { (ExactString($0.0), $0.1) }, uniquingKeysWith: { $1 })
        self.wordShape = wordShape
        self.wordPronunciation = wordPronunciation

        func id(_ token: String) throws -> Int {
            guard let id = vocab[ExactString(token)] else {
                throw TokenizerError.missingToken(token: token, source: sources.vocab)
            }
            return id
        }
        unkTokenId = try id(options.unkToken)
        sepTokenId = try id(options.sepToken)
        padTokenId = try id(options.padToken)
        clsTokenId = try id(options.clsToken)
        maskTokenId = try id(options.maskToken)

        // The reference indexes both tables with the literal "[UNK]" for [CLS]/[SEP]
        // (whatever unk_token is), and falls back to unk_token's entry for unknown tokens.
        // A BERT tokenizer has no tables: its side ids are never emitted, so 0 stands in.
        guard let shapeUnk = hasSideTables ? wordShape[ExactString("[UNK]")] : 0 else {
            throw TokenizerError.missingToken(token: "[UNK]", source: sources.shape)
        }
        guard let pronunciationUnk = hasSideTables ? wordPronunciation[ExactString("[UNK]")] : 0 else {
            throw TokenizerError.missingToken(token: "[UNK]", source: sources.pronunciation)
        }
        specialShapeId = shapeUnk
        specialPronunciationId = pronunciationUnk
        let unknownShape = wordShape[ExactString(options.unkToken)] ?? shapeUnk
        let unknownPronunciation = wordPronunciation[ExactString(options.unkToken)] ?? pronunciationUnk
        unknownShapeId = unknownShape
        unknownPronunciationId = unknownPronunciation

        shapeByVocabId = tokens.map { wordShape[ExactString($0)] ?? unknownShape }
        pronunciationByVocabId = tokens.map { wordPronunciation[ExactString($0)] ?? unknownPronunciation }
        specialTokens = [options.unkToken, options.sepToken, options.padToken, options.clsToken, options.maskToken]
        specialTokenSet = Set(specialTokens.map(ExactString.init))
        specialIds = [unkTokenId, sepTokenId, padTokenId, clsTokenId, maskTokenId]
        var byFirst: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        for token in Set(specialTokens) {
            let scalars = Array(token.unicodeScalars)
            guard let first = scalars.first else { continue }
            byFirst[first, default: []].append(scalars)
        }
        specialsByFirstScalar = byFirst.mapValues { $0.sorted { $0.count > $1.count } }

        basicTokenizer = options.doBasicTokenize
            ? BasicTokenizer(
                doLowerCase: options.doLowerCase, neverSplit: options.neverSplit,
                tokenizeChineseChars: options.tokenizeChineseChars, stripAccents: options.stripAccents)
            : nil
        wordpieceTokenizer = WordpieceTokenizer(vocab: vocab, unkToken: options.unkToken)
        let ownNeverSplit = basicTokenizer?.neverSplitSet ?? []
        wordsKeptWhole = NeverSplitWords(ownNeverSplit.union(specialTokenSet))
        wordsAsTokens = NeverSplitWords(ownNeverSplit)
    }

    // MARK: Tokens

    /// A token and the scalars of the original text it covers.
    public struct TokenSpan: Sendable, Equatable {
        /// The token, as the reference's `tokenize` returns it.
        public var token: String
        /// Unicode-scalar indices into the original text (Python `str` indices), widened to
        /// whole grapheme clusters; tokens made from parts of one character share its range.
        public var offsets: Range<Int>
    }

    /// Splits `text` into tokens as the reference's `tokenize` does.
    public func tokenize(_ text: String) -> [String] {
        tokenizeWithOffsets(text).map(\.token)
    }

    /// Tokens with the range of the original text each one covers.
    public func tokenizeWithOffsets(_ text: String) -> [TokenSpan] {
        let scalars = Array(text.unicodeScalars)
        var spans: [TokenSpan] = []
        // Lower-casing happens first, character by character, everywhere but in special tokens;
        // it is why a never_split entry with capitals never matches.
        let lowerFirst = basicTokenizer?.doLowerCase == true
        var segmentStart = 0
        var i = 0
        func flush(upTo end: Int) {
            guard segmentStart < end else { return }
            var segment = TrackedText()
            segment.reserveCapacity(end - segmentStart)
            var buffer: [Unicode.Scalar] = []
            for k in segmentStart..<end {
                if lowerFirst {
                    buffer.removeAll(keepingCapacity: true)
                    PythonUnicode.appendLowercased(scalars[k], to: &buffer)
                    for s in buffer { segment.append(s, start: k, end: k + 1) }
                } else {
                    segment.append(scalars[k], start: k, end: k + 1)
                }
            }
            tokenizeSegment(segment, into: &spans)
        }
        while i < scalars.count {
            if let candidates = specialsByFirstScalar[scalars[i]],
               let match = candidates.first(where: { c in
                   i + c.count <= scalars.count && scalars[i..<(i + c.count)].elementsEqual(c)
               }) {
                flush(upTo: i)
                var token = String()
                token.unicodeScalars.append(contentsOf: match)
                spans.append(TokenSpan(token: token, offsets: i..<(i + match.count)))
                i += match.count
                segmentStart = i
            } else {
                i += 1
            }
        }
        flush(upTo: scalars.count)
        if let bounds = GraphemeBounds(text, scalars: scalars) {
            for k in spans.indices { spans[k].offsets = bounds.widen(spans[k].offsets) }
        }
        return spans
    }

    private func tokenizeSegment(_ segment: TrackedText, into spans: inout [TokenSpan]) {
        let words: TrackedWords
        if let basic = basicTokenizer {
            words = basic.words(segment, neverSplit: wordsKeptWhole)
        } else {
            words = TrackedWords(text: segment, ranges: segment.wordRanges())
        }
        var pieces: [(token: String, range: Range<Int>)] = []
        for range in words.ranges {
            if wordsAsTokens.contains(words.text, range) {
                spans.append(TokenSpan(token: words.text.string(range), offsets: words.text.sourceRange(range)!))
                continue
            }
            pieces.removeAll(keepingCapacity: true)
            wordpieceTokenizer.appendPieces(of: words.text.scalars[range], into: &pieces)
            for piece in pieces {
                spans.append(TokenSpan(token: piece.token, offsets: words.text.sourceRange(piece.range)!))
            }
        }
    }

    // MARK: Ids

    /// Vocabulary id of `token`; unknown tokens get the unknown token's id.
    public func tokenToId(_ token: String) -> Int { vocab[ExactString(token)] ?? unkTokenId }

    /// Token of vocabulary id `id`; ids outside the vocabulary give the unknown token.
    public func idToToken(_ id: Int) -> String { idToToken[id] ?? options.unkToken }

    /// Shape id of `token`, or the unknown token's when the table has no entry (0 without tables).
    public func shapeId(_ token: String) -> Int { wordShape[ExactString(token)] ?? unknownShapeId }

    /// Pronunciation id of `token`, or the unknown token's when the table has no entry (0 without tables).
    public func pronunciationId(_ token: String) -> Int {
        wordPronunciation[ExactString(token)] ?? unknownPronunciationId
    }

    /// Vocabulary, shape and pronunciation id of `token` with a single vocabulary lookup when it hits.
    func ids(of token: String) -> (id: Int, shape: Int, pronunciation: Int) {
        if let id = vocab[ExactString(token)] {
            return (id, shapeByVocabId[id], pronunciationByVocabId[id])
        }
        return (unkTokenId, shapeId(token), pronunciationId(token))
    }

    /// `tokenToId` over a list.
    public func convertTokensToIds(_ tokens: [String]) -> [Int] { tokens.map(tokenToId) }
    /// `shapeId` over a list.
    public func convertTokensToShapeIds(_ tokens: [String]) -> [Int] { tokens.map(shapeId) }
    /// `pronunciationId` over a list.
    public func convertTokensToPronunciationIds(_ tokens: [String]) -> [Int] { tokens.map(pronunciationId) }
    /// `idToToken` over a list.
    public func convertIdsToTokens(_ ids: [Int]) -> [String] { ids.map(idToToken) }

    /// The whole vocabulary, token → id.
    public var vocabulary: [String: Int] {
        Dictionary(tokensInOrder.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Special tokens

    /// `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]`.
    public func buildInputsWithSpecialTokens(_ ids0: [Int], _ ids1: [Int]? = nil) -> [Int] {
        buildInputs(ids0, ids1, cls: clsTokenId, sep: sepTokenId)
    }

    func buildInputs<T>(_ ids0: [T], _ ids1: [T]?, cls: T, sep: T) -> [T] {
        var out = [cls] + ids0 + [sep]
        if let ids1 { out += ids1 + [sep] }
        return out
    }

    /// 1 for the special tokens `buildInputsWithSpecialTokens` adds (or, when the ids already
    /// have them, for every special token id), 0 for the rest.
    public func getSpecialTokensMask(_ ids0: [Int], _ ids1: [Int]? = nil, alreadyHasSpecialTokens: Bool = false) -> [Int] {
        if alreadyHasSpecialTokens {
            return (ids0 + (ids1 ?? [])).map { specialIds.contains($0) ? 1 : 0 }
        }
        return buildInputs(ids0.map { _ in 0 }, ids1?.map { _ in 0 }, cls: 1, sep: 1)
    }

    /// 0 for `[CLS] A [SEP]`, 1 for `B [SEP]`.
    public func createTokenTypeIdsFromSequences(_ ids0: [Int], _ ids1: [Int]? = nil) -> [Int] {
        var out = [Int](repeating: 0, count: ids0.count + 2)
        if let ids1 { out += [Int](repeating: 1, count: ids1.count + 1) }
        return out
    }

    // MARK: Decoding

    /// Text of `ids` as the reference's `decode` gives it (pieces joined, "##" glued).
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = false) -> String {
        var tokens: [String] = []
        for id in ids {
            if skipSpecialTokens && specialIds.contains(id) { continue }
            let token = idToToken(id)
            if skipSpecialTokens && specialTokenSet.contains(ExactString(token)) { continue }
            tokens.append(token)
        }
        var text = Self.replacingScalars(in: tokens.joined(separator: " "), " ##", with: "")
        text = Self.pythonStrip(text)
        if options.cleanUpTokenizationSpaces { text = Self.cleanUpTokenization(text) }
        return text
    }

    /// Python's `str.replace`, matching scalars: Character-based matching would miss "##" (or
    /// " .") when a combining character follows it.
    static func replacingScalars(in text: String, _ target: String, with replacement: String) -> String {
        let scalars = Array(text.unicodeScalars), pattern = Array(target.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if i + pattern.count <= scalars.count, scalars[i..<(i + pattern.count)].elementsEqual(pattern) {
                out.append(contentsOf: replacement.unicodeScalars)
                i += pattern.count
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    static func pythonStrip(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !PythonUnicode.isPythonSpace($0) }),
              let last = scalars.lastIndex(where: { !PythonUnicode.isPythonSpace($0) }) else { return "" }
        if first == 0 && last == scalars.count - 1 { return text }
        var out = String()
        out.unicodeScalars.append(contentsOf: scalars[first...last])
        return out
    }

    static func cleanUpTokenization(_ text: String) -> String {
        var t = text
        for (from, to) in [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                           (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")] {
            t = replacingScalars(in: t, from, with: to)
        }
        return t
    }

    // MARK: Saving

    /// Writes vocab.txt, word_shape.json and word_pronunciation.json (a BERT tokenizer: vocab.txt alone)
    /// into `directory`, byte for byte as the reference's `save_vocabulary`; returns their URLs.
    @discardableResult
    public func saveVocabulary(to directory: URL, filenamePrefix: String? = nil) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw TokenizerError.missingFile(path: directory.path)
        }
        let prefix = filenamePrefix.map { $0 + "-" } ?? ""
        let files = ["vocab.txt", "word_shape.json", "word_pronunciation.json"].prefix(hasSideTables ? 3 : 1)
        let urls = files.map { directory.appendingPathComponent(prefix + $0) }
        let contents = [
            tokensInOrder.map { $0 + "\n" }.joined(),
            VocabularyFiles.jsonText(wordShapeTable),
            VocabularyFiles.jsonText(wordPronunciationTable),
        ].prefix(files.count)
        for (url, text) in zip(urls, contents) {
            do { try Data(text.utf8).write(to: url) } catch {
                throw TokenizerError.unreadableFile(path: url.path, reason: error.localizedDescription)
            }
        }
        return urls
    }
}
