import ArgumentParser
import Foundation
import RoCBert
import RoCBertCore

/// `rocbert generate`: greedy decoding with the key/value cache from a causal-LM (is_decoder) checkpoint.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue a text greedily with a causal-LM checkpoint (config is_decoder true), using the key/value cache."
    )

    @Option(help: "Checkpoint folder (HF layout: vocab.txt, and for RoCBert word_shape.json and word_pronunciation.json).")
    var checkpoint: String

    @Option(help: "The prompt.")
    var text: String

    @Option(help: "Most tokens to generate (stops earlier at [SEP]).")
    var maxNewTokens = 20

    @Flag(help: "Print the milliseconds each step took on stderr.")
    var timings = false

    func run() throws {
        try reportingErrors {
            let dir = URL(fileURLWithPath: checkpoint)
            let model = try RoCBertForCausalLM(directory: dir)
            let tokenizer = try RoCBertTokenizer(directory: dir)
            guard maxNewTokens >= 1 else { throw RoCBertError("--max-new-tokens", "must be at least 1") }
            // A BERT-style prompt: [CLS] then the text, no closing [SEP] (the model may produce one to stop).
            let e = tokenizer.encode(text, addSpecialTokens: false)
            let ids = [tokenizer.clsTokenId] + e.inputIds
            let side = tokenizer.hasSideTables
            let prompt = RoCBertInputs(
                batch: 1, seqLength: ids.count, inputIds: ids,
                inputShapeIds: side ? ids.map { tokenizer.shapeId(tokenizer.idToToken($0)) } : nil,
                inputPronunciationIds: side ? ids.map { tokenizer.pronunciationId(tokenizer.idToToken($0)) } : nil)
            let sideIds: @Sendable (Int) -> (shape: Int, pronunciation: Int) = { id in
                let token = tokenizer.idToToken(id)
                return (tokenizer.shapeId(token), tokenizer.pronunciationId(token))
            }
            let decoder = GreedyDecoder(model: model, sideIds: side ? sideIds : nil)
            let steps = try decoder.generate(prompt: prompt, maxNewTokens: maxNewTokens, stopToken: tokenizer.sepTokenId)
            print(text + tokenizer.decode(steps.map(\.token).filter { $0 != tokenizer.sepTokenId }, skipSpecialTokens: true))
            if timings {
                for (i, s) in steps.enumerated() {
                    FileHandle.standardError.write(Data(String(format: "step %d (length %d): %.2f ms\n", i + 1, ids.count + i, s.seconds * 1000).utf8))
                }
            }
        }
    }
}
