import Foundation
import RoCBertCore

/// The keys and defaults of transformers' `RoCBertConfig` (config.json), validated on load; a
/// `model_type: "bert"` config (BERT, RoBERTa-wwm, MacBERT) reads as one without shape or
/// pronunciation inputs, which is what `BertConfig` describes.
public struct RoCBertConfig: Sendable, Equatable {
    /// `model_type`: which reference family the checkpoint belongs to.
    public var modelType = ModelType.rocBert
    public var vocabSize = 30522
    public var hiddenSize = 768
    public var numHiddenLayers = 12
    public var numAttentionHeads = 12
    public var intermediateSize = 3072
    public var hiddenAct = Activation.gelu
    public var hiddenDropoutProb: Float = 0.1
    public var attentionProbsDropoutProb: Float = 0.1
    public var maxPositionEmbeddings = 512
    public var typeVocabSize = 2
    public var initializerRange: Float = 0.02
    public var layerNormEps: Float = 1e-12
    public var useCache = true
    public var padTokenId: Int? = 0
    public var positionEmbeddingType = PositionEmbeddingType.absolute
    public var classifierDropout: Float? = nil
    public var enablePronunciation = true
    public var enableShape = true
    public var pronunciationEmbedDim = 768
    public var pronunciationVocabSize = 910
    public var shapeEmbedDim = 512
    public var shapeVocabSize = 24858
    public var concatInput = true
    public var isDecoder = false
    public var addCrossAttention = false
    public var tieWordEmbeddings = true
    public var problemType: ProblemType? = nil
    /// Label names by class index; its size sets `numLabels` as in the reference.
    public var id2label: [Int: String] = [0: "LABEL_0", 1: "LABEL_1"]
    public var architectures: [String] = []

    /// Number of output classes of the classification heads.
    public var numLabels: Int {
        get { id2label.count }
        set { id2label = Dictionary(uniqueKeysWithValues: (0..<newValue).map { ($0, "LABEL_\($0)") }) }
    }

    /// Width of one attention head.
    public var attentionHeadSize: Int { hiddenSize / numAttentionHeads }

    /// The `model_type` values this library loads.
    public enum ModelType: String, Sendable, CaseIterable {
        case rocBert = "roc_bert", bert

        /// The key prefix of the base model's weights in a head checkpoint (`roc_bert.`, `bert.`).
        public var weightPrefix: String { rawValue }
        /// Whether the model has shape and pronunciation embeddings (and its tokenizer their tables).
        public var hasSideInputs: Bool { self == .rocBert }
    }

    /// Whether the embeddings read shape and pronunciation ids.
    public var hasSideInputs: Bool { modelType.hasSideInputs }

    /// How `position_embedding_type` places positions.
    public enum PositionEmbeddingType: String, Sendable, CaseIterable {
        case absolute, relativeKey = "relative_key", relativeKeyQuery = "relative_key_query"
    }

    /// `problem_type` of the sequence-classification head.
    public enum ProblemType: String, Sendable, CaseIterable {
        case regression, singleLabel = "single_label_classification", multiLabel = "multi_label_classification"
    }

    public init() {}

    /// Reads and validates a HF config.json.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw RoCBertError(url.path, "cannot read the config file")
        }
        try self.init(json: data, source: url.path)
    }

    /// Decodes config.json bytes; `source` names the file in errors.
    public init(json data: Data, source: String = "config.json") throws {
        guard let dict = try JSONValue.parse(data, source: source).object else {
            throw RoCBertError(source, "not a JSON object")
        }
        let reader = ConfigReader(dict: dict, source: source)
        // A config.json without model_type predates the key; the harness's own checkpoints are RoCBert.
        if let type = try reader.string("model_type") {
            guard let t = ModelType(rawValue: type) else {
                throw RoCBertError(source, "model_type \"\(type)\" is not supported (supported: \(ModelType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            modelType = t
        }
        vocabSize = try reader.int("vocab_size") ?? vocabSize
        hiddenSize = try reader.int("hidden_size") ?? hiddenSize
        numHiddenLayers = try reader.int("num_hidden_layers") ?? numHiddenLayers
        numAttentionHeads = try reader.int("num_attention_heads") ?? numAttentionHeads
        intermediateSize = try reader.int("intermediate_size") ?? intermediateSize
        if let act = try reader.string("hidden_act") {
            guard let a = Activation(rawValue: act) else {
                throw RoCBertError(source, "hidden_act \"\(act)\" is not an activation the reference knows (\(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            hiddenAct = a
        }
        hiddenDropoutProb = try reader.float("hidden_dropout_prob") ?? hiddenDropoutProb
        attentionProbsDropoutProb = try reader.float("attention_probs_dropout_prob") ?? attentionProbsDropoutProb
        maxPositionEmbeddings = try reader.int("max_position_embeddings") ?? maxPositionEmbeddings
        typeVocabSize = try reader.int("type_vocab_size") ?? typeVocabSize
        initializerRange = try reader.float("initializer_range") ?? initializerRange
        layerNormEps = try reader.float("layer_norm_eps") ?? layerNormEps
        useCache = try reader.bool("use_cache") ?? useCache
        if reader.has("pad_token_id") { padTokenId = try reader.int("pad_token_id") }
        if let p = try reader.string("position_embedding_type") {
            guard let t = PositionEmbeddingType(rawValue: p) else {
                throw RoCBertError(source, "position_embedding_type \"\(p)\" is not absolute, relative_key or relative_key_query")
            }
            positionEmbeddingType = t
        }
        classifierDropout = try reader.float("classifier_dropout")
        if modelType.hasSideInputs {
            enablePronunciation = try reader.bool("enable_pronunciation") ?? enablePronunciation
            enableShape = try reader.bool("enable_shape") ?? enableShape
            pronunciationEmbedDim = try reader.int("pronunciation_embed_dim") ?? pronunciationEmbedDim
            pronunciationVocabSize = try reader.int("pronunciation_vocab_size") ?? pronunciationVocabSize
            shapeEmbedDim = try reader.int("shape_embed_dim") ?? shapeEmbedDim
            shapeVocabSize = try reader.int("shape_vocab_size") ?? shapeVocabSize
            concatInput = try reader.bool("concat_input") ?? concatInput
        } else {
            // BertEmbeddings: word, position and token-type embeddings summed, then LayerNorm,
            // which is RoCBert's averaging path with both side inputs off.
            enablePronunciation = false
            enableShape = false
            concatInput = false
        }
        isDecoder = try reader.bool("is_decoder") ?? isDecoder
        addCrossAttention = try reader.bool("add_cross_attention") ?? addCrossAttention
        tieWordEmbeddings = try reader.bool("tie_word_embeddings") ?? tieWordEmbeddings
        if let p = try reader.string("problem_type") {
            guard let t = ProblemType(rawValue: p) else {
                throw RoCBertError(source, "problem_type \"\(p)\" is not regression, single_label_classification or multi_label_classification")
            }
            problemType = t
        }
        architectures = try reader.stringArray("architectures") ?? []
        if let labels = try reader.labelMap() {
            id2label = labels
        } else if let n = try reader.int("num_labels") {
            guard n >= 1 else { throw RoCBertError(source, "num_labels must be at least 1, found \(n)") }
            // Checked before the label map of n entries is built.
            guard n <= RoCBertConfig.maxVocabulary else {
                throw RoCBertError(source, "num_labels must be at most \(RoCBertConfig.maxVocabulary), found \(n)")
            }
            numLabels = n
        }
        try validate(source: source)
    }

    /// The largest vocabulary-like count a config may declare. Real vocabularies stay below
    /// 300,000 entries; the ceiling leaves room for them while keeping an untrusted config from
    /// sizing tables, label maps or loops by a number no checkpoint could back.
    public static let maxVocabulary = 1 << 20
    /// The most encoder layers a config may declare: the deepest published BERT-style encoders
    /// have under 100, and each layer is a loop step and an array slot before any weight is read.
    public static let maxLayers = 1024
    /// The widest hidden, intermediate, embedding or head count a config may declare: the widest
    /// published encoders stay under 60,000, and products of two widths size the weight matrices.
    public static let maxWidth = 1 << 16

    /// Each size key with its value and ceiling; each must lie in 1...ceiling
    /// (num_labels is bounded on its own: an empty id2label gives 0 labels, as in the reference).
    var sizeBounds: [(key: String, value: Int, ceiling: Int)] {
        let v = RoCBertConfig.maxVocabulary, w = RoCBertConfig.maxWidth
        let shared = [
            ("vocab_size", vocabSize, v), ("hidden_size", hiddenSize, w), ("num_hidden_layers", numHiddenLayers, RoCBertConfig.maxLayers),
            ("num_attention_heads", numAttentionHeads, w), ("intermediate_size", intermediateSize, w),
            ("max_position_embeddings", maxPositionEmbeddings, v), ("type_vocab_size", typeVocabSize, v),
        ]
        guard hasSideInputs else { return shared }
        return shared + [
            ("pronunciation_embed_dim", pronunciationEmbedDim, w), ("pronunciation_vocab_size", pronunciationVocabSize, v),
            ("shape_embed_dim", shapeEmbedDim, w), ("shape_vocab_size", shapeVocabSize, v),
        ]
    }

    /// The vocabularies nn.Embedding(padding_idx=pad_token_id) is built for.
    var paddedVocabularies: [(key: String, size: Int)] {
        let word = [("vocab_size", vocabSize)]
        guard hasSideInputs else { return word }
        return word + [("shape_vocab_size", shapeVocabSize), ("pronunciation_vocab_size", pronunciationVocabSize)]
    }

    /// Checks ranges and the combinations the reference cannot build.
    public func validate(source: String = "config.json") throws {
        func fail(_ message: String) -> RoCBertError { RoCBertError(source, message) }
        for (key, value, ceiling) in sizeBounds where value < 1 || value > ceiling {
            throw fail(value < 1 ? "\(key) must be at least 1, found \(value)" : "\(key) must be at most \(ceiling), found \(value)")
        }
        if numLabels > RoCBertConfig.maxVocabulary {
            throw fail("num_labels must be at most \(RoCBertConfig.maxVocabulary), found \(numLabels)")
        }
        if hiddenSize % numAttentionHeads != 0 {
            throw fail("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        for (key, p) in [("hidden_dropout_prob", hiddenDropoutProb), ("attention_probs_dropout_prob", attentionProbsDropoutProb)]
        where !(0...1).contains(p) {
            throw fail("\(key) must lie in [0, 1], found \(p)")
        }
        if let c = classifierDropout, !(0...1).contains(c) { throw fail("classifier_dropout must lie in [0, 1], found \(c)") }
        if !(layerNormEps > 0) { throw fail("layer_norm_eps must be positive, found \(layerNormEps)") }
        if let pad = padTokenId {
            for (key, size) in paddedVocabularies
            where pad < -size || pad >= size {
                throw fail("pad_token_id \(pad) is outside \(key) \(size)")
            }
        }
        if !concatInput {
            // Without the input map the three embeddings are summed, so their widths must agree.
            if enableShape && shapeEmbedDim != hiddenSize {
                throw fail("concat_input is false but shape_embed_dim \(shapeEmbedDim) differs from hidden_size \(hiddenSize)")
            }
            if enablePronunciation && pronunciationEmbedDim != hiddenSize {
                throw fail("concat_input is false but pronunciation_embed_dim \(pronunciationEmbedDim) differs from hidden_size \(hiddenSize)")
            }
        }
        if !hasSideInputs && (enableShape || enablePronunciation || concatInput) {
            throw fail("a \(modelType.rawValue) model has no shape or pronunciation inputs")
        }
        if addCrossAttention && !isDecoder {
            throw fail("add_cross_attention needs is_decoder true, as in the reference")
        }
    }
}

/// Typed access to a decoded JSON object, each mismatch an error naming the key.
private struct ConfigReader {
    let dict: [String: JSONValue]
    let source: String

    func has(_ key: String) -> Bool { dict[key] != nil }

    private func value(_ key: String) -> JSONValue? {
        guard let v = dict[key], v != .null else { return nil }
        return v
    }

    private func fail(_ key: String, _ what: String, _ v: JSONValue) -> RoCBertError {
        RoCBertError(source, "\(key) must be \(what), found \(v)")
    }

    func int(_ key: String) throws -> Int? {
        guard let v = value(key) else { return nil }
        if case .int(let i) = v { return i }
        if case .double(let d) = v, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        throw fail(key, "an integer", v)
    }

    func float(_ key: String) throws -> Float? {
        guard let v = value(key) else { return nil }
        if let d = v.number { return Float(d) }
        throw fail(key, "a number", v)
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        if case .bool(let b) = v { return b }
        throw fail(key, "true or false", v)
    }

    func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        if case .string(let s) = v { return s }
        throw fail(key, "a string", v)
    }

    func stringArray(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        if let a = v.array {
            let strings = a.compactMap { e -> String? in if case .string(let s) = e { return s } else { return nil } }
            if strings.count == a.count { return strings }
        }
        throw fail(key, "a list of strings", v)
    }

    func labelMap() throws -> [Int: String]? {
        guard let v = value("id2label") else { return nil }
        guard let d = v.object else { throw fail("id2label", "an object", v) }
        var out: [Int: String] = [:]
        for (k, name) in d {
            guard let i = Int(k), i >= 0, case .string(let s) = name else {
                throw RoCBertError(source, "id2label entry \"\(k)\" is not an index mapped to a name")
            }
            out[i] = s
        }
        guard Set(out.keys) == Set(0..<out.count) else {
            throw RoCBertError(source, "id2label indices must be 0..<\(out.count)")
        }
        return out
    }
}
