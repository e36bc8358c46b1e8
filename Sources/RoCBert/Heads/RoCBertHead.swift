import Foundation
import RoCBertCore

/// The heads `rocbert forward --head` accepts, by their CLI names.
public enum HeadKind: String, Sendable, CaseIterable {
    case base, pretraining, maskedLM = "masked-lm", causalLM = "causal-lm", sequenceClassification = "sequence-classification"
    case multipleChoice = "multiple-choice", tokenClassification = "token-classification"
    case questionAnswering = "question-answering"
}

/// What every head returns: the loss when labels were given, its named outputs in the reference's
/// order and names (`logits`, `start_logits`, …), and the base model's optional extras.
public struct HeadOutput: Sendable {
    public var loss: Float?
    public var outputs: [(name: String, tensor: Tensor)]
    public var hiddenStates: [Tensor]?
    public var attentions: [Tensor]?
    public var crossAttentions: [Tensor]?
    /// Decoders with use_cache: the cache to pass to the next step.
    public var pastKeyValues: DecoderCache?

    /// A head's outputs with the base model's extras.
    public init(loss: Float?, outputs: [(name: String, tensor: Tensor)], model o: RoCBertModelOutput) {
        self.loss = loss
        self.outputs = outputs
        hiddenStates = o.hiddenStates
        attentions = o.attentions
        crossAttentions = o.crossAttentions
        pastKeyValues = o.pastKeyValues
    }

    /// The output called `name`.
    public subscript(_ name: String) -> Tensor? { outputs.first { $0.name == name }?.tensor }
    /// The head's main output (`logits`, or the first one).
    public var logits: Tensor { self["logits"] ?? outputs[0].tensor }
}

/// Labels a head may take, by the reference's argument names.
public struct HeadLabels: Sendable {
    /// `labels` (or `start_positions` …) as integers, flattened row-major.
    public var integers: [String: [Int]] = [:]
    /// `labels` as floats (regression / multi-label), flattened row-major, with their shape.
    public var floats: [String: (values: [Float], shape: [Int])] = [:]
    /// `attack_*` and `labels_*` input groups of the pretraining head.
    public var attackInputs: RoCBertInputs?
    public var labelInputs: RoCBertInputs?
    public init() {}
}

/// A model head over `RoCBertModel`, bound from a HF checkpoint by its key names.
public protocol RoCBertHead: Sendable {
    /// Key prefixes of other heads that this head ignores when a checkpoint carries them.
    static var foreignPrefixes: [String] { get }
    var config: RoCBertConfig { get }
    init(_ w: WeightBinder, config: RoCBertConfig) throws
    /// Runs the head; computes the loss when the labels it needs are present.
    func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput
}

extension RoCBertHead {
    /// Binds the head from loaded weights; fails on missing, misshapen or unexpected tensors.
    public init(config: RoCBertConfig, weights: CheckpointWeights, precision: Precision = .fp32) throws {
        let binder = WeightBinder(weights, ignoring: Self.foreignPrefixes, modelType: config.modelType)
        binder.precision = precision
        self = try Self(binder, config: config)
        try binder.finish()
    }

    /// Loads config.json and the weights of a HF checkpoint folder.
    public init(directory: URL, precision: Precision = .fp32) throws {
        let config = try RoCBertConfig(contentsOf: directory.appendingPathComponent("config.json"))
        try self.init(config: config, weights: try CheckpointWeights(directory: directory), precision: precision)
    }

    /// Runs the head without labels.
    public func callAsFunction(_ inputs: RoCBertInputs) throws -> HeadOutput {
        try forward(inputs, labels: nil, outputHiddenStates: false, outputAttentions: false)
    }
}

/// Every part a RoCBert or BERT checkpoint may hold beyond the encoder (`cls.seq_relationship.` is
/// BERT's next-sentence head, which bert-base-chinese and other pretraining checkpoints carry).
enum HeadPrefixes {
    static let all = ["cls.predictions.", "cls.seq_relationship.", "classifier.", "qa_outputs.", "pooler."]
    static func except(_ own: String...) -> [String] { all.filter { !own.contains($0) } }
}
