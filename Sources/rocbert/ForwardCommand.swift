import ArgumentParser
import Foundation
import RoCBert
import RoCBertCore

/// `rocbert forward`: runs any head on explicit tensors and prints every output as JSON.
struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Run a head on tensors given as JSON (the reference tokenizer's keys plus labels); print its outputs as JSON."
    )

    @Option(help: "Checkpoint folder in the HF layout (config.json and model.safetensors, pytorch_model.bin or a shard index).")
    var checkpoint: String

    @Option(help: "One of: \(HeadKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var head: String

    @Option(help: "JSON file with input_ids, input_shape_ids and input_pronunciation_ids (RoCBert only), attention_mask, token_type_ids and label keys.")
    var inputs: String

    @Flag(help: "Also print the hidden states of every layer.")
    var hiddenStates = false

    @Flag(help: "Also print the attention probabilities of every layer.")
    var attentions = false

    func run() throws {
        try reportingErrors {
            guard let kind = HeadKind(rawValue: head) else {
                throw RoCBertError("--head", "unknown head \(head); expected one of \(HeadKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let data = FileManager.default.contents(atPath: inputs) else {
                throw RoCBertError(inputs, "cannot read the inputs file")
            }
            let request = try ForwardRequest(json: data, source: inputs)
            let model = try kind.load(directory: URL(fileURLWithPath: checkpoint))
            let out = try model.forward(request, outputHiddenStates: hiddenStates, outputAttentions: attentions)
            print(Self.json(out, heads: model.config.numAttentionHeads))
        }
    }

    /// The outputs as one JSON object, with the reference's key names.
    static func json(_ out: HeadOutput, heads: Int? = nil) -> String {
        var fields: [String] = []
        if let loss = out.loss { fields.append("\"loss\":\(loss.isFinite ? "\(loss)" : "NaN")") }
        for (name, t) in out.outputs { fields.append("\"\(name)\":\(NestedArray.json(t))") }
        if let hs = out.hiddenStates { fields.append("\"hidden_states\":[\(hs.map(NestedArray.json).joined(separator: ","))]") }
        if let at = out.attentions { fields.append("\"attentions\":[\(at.map(NestedArray.json).joined(separator: ","))]") }
        if let ca = out.crossAttentions { fields.append("\"cross_attentions\":[\(ca.map(NestedArray.json).joined(separator: ","))]") }
        if let cache = out.pastKeyValues, let heads = heads {
            // The reference's legacy layout, so the output can be fed back as the next step's past_key_values.
            let layers = cache.selfAttention.indices.map { i -> String in
                var parts = [cache.selfAttention[i]]
                if let cross = cache.crossAttention?[i], cross.length > 0 { parts.append(cross) }
                let tensors = parts.flatMap { [$0.exported(heads: heads, values: false), $0.exported(heads: heads, values: true)] }
                return "[" + tensors.map(NestedArray.json).joined(separator: ",") + "]"
            }
            fields.append("\"past_key_values\":[\(layers.joined(separator: ","))]")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
