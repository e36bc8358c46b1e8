import Foundation

/// Hands tensors to the layers by their HF key names, checks shapes, and reports what was left over.
public final class WeightBinder {
    private let weights: CheckpointWeights
    private var used = Set<String>()
    /// Key prefixes of heads this model does not build (their tensors may be present and are ignored,
    /// as transformers ignores them with a warning when a checkpoint is loaded under another head).
    private let ignorablePrefixes: [String]

    /// `ignoring`: key prefixes of parts of other heads, allowed to be present and unused.
    public init(_ weights: CheckpointWeights, ignoring: [String]) {
        self.weights = weights
        self.ignorablePrefixes = ignoring
    }

    /// The stored name for `key`: as is, or with the `roc_bert.` base-model prefix added or removed,
    /// because base checkpoints lack it and head checkpoints have it.
    private func resolve(_ key: String) -> String? {
        let t = weights.tensors
        if t[key] != nil { return key }
        let base = "roc_bert."
        if key.hasPrefix(base) {
            let short = String(key.dropFirst(base.count))
            if t[short] != nil { return short }
        } else if t[base + key] != nil {
            return base + key
        }
        // Old TF-converted names.
        for (new, old) in [(".weight", ".gamma"), (".bias", ".beta")] where key.hasSuffix(new) && key.contains("LayerNorm") {
            if let r = resolve(String(key.dropLast(new.count)) + old) { return r }
        }
        return nil
    }

    /// Whether the checkpoint holds `key`.
    public func contains(_ key: String) -> Bool { resolve(key) != nil }

    /// The tensor named `key`, which must have `shape`.
    public func tensor(_ key: String, shape: [Int]) throws -> Tensor {
        guard let name = resolve(key), let stored = weights.tensors[name] else {
            throw RoCBertError(weights.source, "missing tensor \(key) (expected shape \(shape))")
        }
        guard stored.shape == shape else {
            throw RoCBertError(stored.file, "tensor \(name) has shape \(stored.shape), expected \(shape)")
        }
        used.insert(name)
        return Tensor(shape: shape, data: try stored.floats(key: name))
    }

    /// Counts `key` as consumed when present (aliases of a parameter bound under another name).
    public func markUsedIfPresent(_ key: String) {
        if let name = resolve(key) { used.insert(name) }
    }

    /// Fails on any stored tensor that no layer took and that no other head would take.
    public func finish() throws {
        let leftover = weights.tensors.keys.filter { key in
            !used.contains(key)
                && !key.hasSuffix("position_ids") && !key.hasSuffix("embeddings.token_type_ids")
                && !key.hasPrefix("cls.seq_relationship.")  // BERT's next-sentence head: RoCBert has no place for it
                && !ignorablePrefixes.contains { key.hasPrefix($0) || key.hasPrefix("roc_bert." + $0) }
        }.sorted()
        if let first = leftover.first {
            let more = leftover.count > 1 ? " (and \(leftover.count - 1) more)" : ""
            throw RoCBertError(weights.source, "unexpected tensor \(first)\(more): the checkpoint does not match config.json")
        }
    }
}
