import Foundation
import RoCBertCore

/// Hands tensors to the layers by their HF key names, checks shapes, and reports what was left over.
public final class WeightBinder {
    private let weights: CheckpointWeights
    /// Set for random initialisation (benchmarks): tensors are drawn instead of read.
    private var random: RandomSource?
    private var used = Set<String>()
    /// Key prefixes of heads this model does not build (their tensors may be present and are ignored,
    /// as transformers ignores them with a warning when a checkpoint is loaded under another head).
    private let ignorablePrefixes: [String]
    /// The base model's key prefix with its dot (`roc_bert.`, `bert.`): head checkpoints have it,
    /// base checkpoints lack it.
    private let basePrefix: String
    /// What the Linear layers bound through this binder multiply in (bf16 packs each weight once).
    public var precision: Precision = .fp32

    /// `ignoring`: key prefixes of parts of other heads, allowed to be present and unused;
    /// `modelType` names the base model's key prefix.
    public init(_ weights: CheckpointWeights, ignoring: [String], modelType: RoCBertConfig.ModelType = .rocBert) {
        self.weights = weights
        self.ignorablePrefixes = ignoring
        self.basePrefix = modelType.weightPrefix + "."
    }

    /// A binder that invents every tensor: normal(0, 0.02) weights, LayerNorm weights 1, as HF initialises.
    public static func random(seed: UInt64) -> WeightBinder {
        let b = WeightBinder(CheckpointWeights(tensors: [:], source: "random weights"), ignoring: [])
        b.random = RandomSource(seed: seed)
        return b
    }

    /// The stored name for `key`: as is, or with the base-model prefix added or removed,
    /// because base checkpoints lack it and head checkpoints have it.
    private func resolve(_ key: String) -> String? {
        let t = weights.tensors
        if t[key] != nil { return key }
        let base = basePrefix
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

    /// When the stored names carry another model type's base prefix, what config.json should say.
    private var modelTypeHint: String {
        let other = RoCBertConfig.ModelType.allCases.first { type in
            type.weightPrefix + "." != basePrefix && weights.tensors.keys.contains { $0.hasPrefix(type.weightPrefix + ".") }
        }
        guard let other else { return "" }
        return "; the weights are named \(other.weightPrefix).*, so config.json's model_type should be \(other.rawValue)"
    }

    /// Whether the checkpoint holds `key`.
    public func contains(_ key: String) -> Bool { random != nil || resolve(key) != nil }

    /// The tensor named `key`, which must have `shape`.
    public func tensor(_ key: String, shape: [Int]) throws -> Tensor {
        if let random {
            let n = shape.reduce(1, *)
            if key.hasSuffix("LayerNorm.weight") { return Tensor(zeros: shape, value: 1) }
            return Tensor(shape: shape, data: (0..<n).map { _ in random.normal() * 0.02 })
        }
        guard let name = resolve(key), let stored = weights.tensors[name] else {
            throw RoCBertError(weights.source, "missing tensor \(key) (expected shape \(shape))\(modelTypeHint)")
        }
        // Checked before the values are read, so a misshapen tensor costs no allocation.
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
                && !ignorablePrefixes.contains { key.hasPrefix($0) || key.hasPrefix(basePrefix + $0) }
        }.sorted()
        if let first = leftover.first {
            let more = leftover.count > 1 ? " (and \(leftover.count - 1) more)" : ""
            throw RoCBertError(weights.source, "unexpected tensor \(first)\(more): the checkpoint does not match config.json")
        }
    }
}

/// A small deterministic generator (SplitMix64 + Box–Muller) so random models are reproducible.
final class RandomSource {
    private var bits: SplitMix64
    init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    func next() -> UInt64 { bits.next() }

    func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }

    func normal() -> Float {
        let u = max(uniform(), 1e-7), v = uniform()
        return (-2 * logf(u)).squareRoot() * cosf(2 * .pi * v)
    }
}
