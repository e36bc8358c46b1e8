import Foundation
import RoCBert
import RoCBertCore

/// The JSON a forward pass is asked with: the reference tokenizer's keys (`input_ids`, …) as nested
/// lists, plus label keys (`labels`, `start_positions`, `attack_input_ids`, `labels_input_ids`, …).
public struct ForwardRequest: Sendable {
    public var inputs: RoCBertInputs
    public var labels: HeadLabels
    /// Choices per example when `input_ids` is [batch, choices, seq] (multiple choice).
    public var choices: Int?

    /// Parses a request document; `source` names the file in errors.
    public init(json data: Data, source: String) throws {
        guard let object = try JSONValue.parse(data, source: source).object else {
            throw RoCBertError(source, "the inputs must be a JSON object with input_ids")
        }
        try self.init(object: object, source: source)
    }

    /// The label keys a head's loss reads, by the reference's argument names.
    static let labelKeys = ["labels", "start_positions", "end_positions", "next_sentence_label"]

    public init(object: [String: JSONValue], source: String) throws {
        let known = Set([
            "input_ids", "input_shape_ids", "input_pronunciation_ids", "attention_mask", "token_type_ids",
            "position_ids", "head_mask", "encoder_hidden_states", "encoder_attention_mask", "past_key_values", "use_cache",
        ] + ForwardRequest.labelKeys)
        for key in object.keys where !known.contains(key) && !key.hasPrefix("attack_") && !key.hasPrefix("labels_") {
            throw RoCBertError(source, "unknown input key \(key)")
        }
        guard let main = try ForwardRequest.group(object, prefix: "", source: source) else {
            throw RoCBertError(source, "input_ids is missing")
        }
        inputs = main.inputs
        choices = main.choices
        if let h = object["head_mask"] {
            inputs.headMask = try NestedArray(h, name: "head_mask", source: source).values.map { Float($0) }
        }
        if let e = object["encoder_hidden_states"] {
            let a = try NestedArray(e, name: "encoder_hidden_states", source: source)
            inputs.encoderHiddenStates = Tensor(shape: a.shape, data: a.values.map { Float($0) })
        }
        if let m = object["encoder_attention_mask"] {
            inputs.encoderAttentionMask = try NestedArray(m, name: "encoder_attention_mask", source: source).values.map { Float($0) }
        }
        if let p = object["past_key_values"] {
            inputs.pastKeyValues = try ForwardRequest.cache(p, source: source)
        }
        if let u = object["use_cache"] {
            guard case .bool(let flag) = u else { throw RoCBertError(source, "use_cache must be true or false") }
            inputs.useCache = flag
        }
        labels = HeadLabels()
        for key in ForwardRequest.labelKeys {
            guard let v = object[key] else { continue }
            let a = try NestedArray(v, name: key, source: source)
            if a.allIntegers {
                labels.integers[key] = try a.integers(name: key, source: source)
            } else {
                labels.floats[key] = (a.values.map { Float($0) }, a.shape)
            }
        }
        labels.attackInputs = try ForwardRequest.group(object, prefix: "attack_", source: source)?.inputs
        labels.labelInputs = try ForwardRequest.group(object, prefix: "labels_", source: source)?.inputs
    }

    /// One set of encoder inputs (`prefix` is "", "attack_" or "labels_"); 3-D ids are flattened over choices.
    private static func group(_ o: [String: JSONValue], prefix: String, source: String) throws -> (inputs: RoCBertInputs, choices: Int?)? {
        guard let idsValue = o[prefix + "input_ids"] else { return nil }
        let ids = try NestedArray(idsValue, name: prefix + "input_ids", source: source)
        guard ids.shape.count == 2 || ids.shape.count == 3 else {
            throw RoCBertError(source, "\(prefix)input_ids must be [batch, seq] or [batch, choices, seq], found shape \(ids.shape)")
        }
        let seq = ids.shape.last!
        let rows = ids.values.count / max(seq, 1)
        func ints(_ key: String) throws -> [Int]? {
            guard let v = o[prefix + key] else { return nil }
            let a = try NestedArray(v, name: prefix + key, source: source)
            // With past_key_values the mask also covers the cached tokens, so only its last dimension may differ.
            let comparable = key == "attention_mask" ? (a.shape.dropLast() == ids.shape.dropLast()) : (a.shape == ids.shape)
            guard comparable else {
                throw RoCBertError(source, "\(prefix + key) has shape \(a.shape), input_ids has \(ids.shape)")
            }
            return try a.integers(name: prefix + key, source: source)
        }
        let mask = try ints("attention_mask")?.map(Float.init)
        let inputs = RoCBertInputs(
            batch: rows, seqLength: seq, inputIds: try ids.integers(name: prefix + "input_ids", source: source),
            inputShapeIds: try ints("input_shape_ids"), inputPronunciationIds: try ints("input_pronunciation_ids"),
            attentionMask: mask, tokenTypeIds: try ints("token_type_ids"), positionIds: try ints("position_ids"))
        return (inputs, ids.shape.count == 3 ? ids.shape[1] : nil)
    }

    /// The reference's legacy cache layout: per layer (self keys, self values[, cross keys, cross values]),
    /// each [batch, heads, length, headSize].
    private static func cache(_ v: JSONValue, source: String) throws -> DecoderCache {
        guard let layers = v.array, !layers.isEmpty else { throw RoCBertError(source, "past_key_values must be a list of layers") }
        var selfCaches: [KeyValueCache] = []
        var crossCaches: [KeyValueCache] = []
        for (i, layer) in layers.enumerated() {
            guard let parts = layer.array, parts.count == 2 || parts.count == 4 else {
                throw RoCBertError(source, "past_key_values[\(i)] must hold 2 or 4 tensors")
            }
            let t = try parts.enumerated().map { j, p -> Tensor in
                let a = try NestedArray(p, name: "past_key_values[\(i)][\(j)]", source: source)
                guard a.shape.count == 4 else { throw RoCBertError(source, "past_key_values[\(i)][\(j)] must be [batch, heads, length, head_size]") }
                return Tensor(shape: a.shape, data: a.values.map { Float($0) })
            }
            selfCaches.append(KeyValueCache.imported(keys: t[0], values: t[1]))
            if t.count == 4 { crossCaches.append(KeyValueCache.imported(keys: t[2], values: t[3])) }
        }
        guard crossCaches.isEmpty || crossCaches.count == selfCaches.count else {
            throw RoCBertError(source, "past_key_values: every layer or none must carry cross-attention tensors")
        }
        return DecoderCache(selfAttention: selfCaches, crossAttention: crossCaches.isEmpty ? nil : crossCaches)
    }
}
