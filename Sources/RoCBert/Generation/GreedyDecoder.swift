import RoCBertCore
/// Greedy decoding with a key/value cache: the prompt is run once, then each step feeds one new token.
public struct GreedyDecoder: Sendable {
    public let model: RoCBertForCausalLM
    /// Shape and pronunciation ids of a generated token (the tokenizer's lookups); nil for a BERT model.
    public let sideIds: (@Sendable (Int) -> (shape: Int, pronunciation: Int))?

    public init(model: RoCBertForCausalLM, sideIds: (@Sendable (Int) -> (shape: Int, pronunciation: Int))?) {
        self.model = model
        self.sideIds = sideIds
    }

    /// One decoding step's record: the token chosen and the seconds the step took.
    public struct Step: Sendable {
        public let token: Int
        public let seconds: Double
    }

    /// Extends one prompt by up to `maxNewTokens` argmax tokens, stopping after `stopToken`.
    public func generate(prompt: RoCBertInputs, maxNewTokens: Int, stopToken: Int? = nil) throws -> [Step] {
        precondition(prompt.batch == 1, "greedy decoding takes one prompt")
        guard model.config.isDecoder else {
            throw RoCBertError("config.json", "generation needs is_decoder true (a causal-LM checkpoint)")
        }
        var inputs = prompt
        inputs.useCache = true
        var mask = prompt.attentionMask ?? [Float](repeating: 1, count: prompt.seqLength)
        var steps: [Step] = []
        let clock = ContinuousClock()
        for _ in 0..<maxNewTokens {
            if (inputs.pastKeyValues?.length ?? 0) + inputs.seqLength > model.config.maxPositionEmbeddings { break }
            let start = clock.now
            let (logits, cache) = try model.nextTokenLogits(inputs)
            let token = logits.data.indices.max { logits.data[$0] < logits.data[$1] }!
            let elapsed = clock.now - start
            steps.append(Step(token: token, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            if token == stopToken { break }
            let side = sideIds?(token)
            mask.append(1)
            inputs = RoCBertInputs(
                batch: 1, seqLength: 1, inputIds: [token], inputShapeIds: side.map { [$0.shape] },
                inputPronunciationIds: side.map { [$0.pronunciation] }, attentionMask: mask)
            inputs.pastKeyValues = cache
            inputs.useCache = true
            inputs.encoderHiddenStates = prompt.encoderHiddenStates
            inputs.encoderAttentionMask = prompt.encoderAttentionMask
        }
        return steps
    }
}
