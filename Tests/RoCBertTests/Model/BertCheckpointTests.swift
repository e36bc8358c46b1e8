import Foundation
import RoCBertCore
import XCTest
@testable import RoCBert
@testable import rocbert

/// model_type "bert" checkpoints (BERT, RoBERTa-wwm, MacBERT): loading, the tokenizer without side
/// tables, and each bad checkpoint in one line. Numeric parity is ModelParityTests' bert-* cases.
final class BertCheckpointTests: XCTestCase {
    /// A writable copy of a model fixture, with `vocab` (BERT: vocab.txt only) added.
    func copy(_ name: String, vocab: [String]? = nil) throws -> URL {
        let source = Fixtures.directory("model/\(name)")
        let dir = Fixtures.temporaryDirectory()
        for f in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        if let vocab { try Data(vocab.map { $0 + "\n" }.joined().utf8).write(to: dir.appendingPathComponent("vocab.txt")) }
        return dir
    }

    func assertOneLineError(_ expected: [String], file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"), "one line: \(text)", file: file, line: line)
            for e in expected { XCTAssertTrue(text.contains(e), "\"\(text)\" should mention \"\(e)\"", file: file, line: line) }
        }
    }

    func editConfig(_ dir: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = dir.appendingPathComponent("config.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    static let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + "我爱北京天安门的好".map(String.init)
        + (0..<(64 - 14)).map { "##\($0)" }

    func testConfigReadsAsBertWithoutSideInputs() throws {
        let config = try RoCBertConfig(contentsOf: Fixtures.directory("model/bert-base").appendingPathComponent("config.json"))
        XCTAssertEqual(config.modelType, .bert)
        XCTAssertFalse(config.hasSideInputs)
        XCTAssertFalse(config.concatInput || config.enableShape || config.enablePronunciation)
        // RoCBert keys in a bert config are ignored, as BertConfig keeps them as unused attributes.
        let json = #"{"model_type": "bert", "vocab_size": 10, "hidden_size": 8, "num_attention_heads": 2, "shape_vocab_size": -5, "concat_input": true}"#
        let odd = try RoCBertConfig(json: Data(json.utf8))
        XCTAssertFalse(odd.concatInput)
    }

    func testUnknownModelTypeIsOneLineNamingTheSupportedOnes() throws {
        let dir = try copy("bert-base")
        try editConfig(dir) { $0["model_type"] = "gpt2" }
        assertOneLineError(["config.json", "model_type \"gpt2\" is not supported", "roc_bert, bert"]) {
            _ = try HeadKind.base.load(directory: dir)
        }
    }

    func testWeightsOfTheOtherModelTypeSayWhichTypeTheyAre() throws {
        let dir = try copy("bert-sequence-classification")
        try editConfig(dir) { $0["model_type"] = "roc_bert" }
        assertOneLineError(["missing tensor", "named bert.*", "model_type should be bert"]) {
            _ = try HeadKind.sequenceClassification.load(directory: dir)
        }
        let rocbert = try copy("sequence-classification")
        try editConfig(rocbert) { $0["model_type"] = "bert" }
        assertOneLineError(["missing tensor bert.", "named roc_bert.*", "model_type should be roc_bert"]) {
            _ = try HeadKind.sequenceClassification.load(directory: rocbert)
        }
    }

    func testMismatchedShapeNamesTheTensor() throws {
        let dir = try copy("bert-sequence-classification")
        let weights = try CheckpointWeights(directory: dir)
        var tensors = try weights.tensors.mapValues { Tensor(shape: $0.shape, data: try $0.floats(key: "")) }
        tensors["bert.embeddings.word_embeddings.weight"] = Tensor(zeros: [65, 24])
        try SafeTensorsFile.write(tensors, to: dir.appendingPathComponent("model.safetensors"))
        assertOneLineError(["model.safetensors", "bert.embeddings.word_embeddings.weight", "[65, 24]", "expected [64, 24]"]) {
            _ = try HeadKind.sequenceClassification.load(directory: dir)
        }
    }

    func testMissingVocabularyIsOneLine() throws {
        let dir = try copy("bert-sequence-classification")
        assertOneLineError(["vocab.txt", "file not found"]) { _ = try RoCBertTokenizer(directory: dir) }
    }

    func testSideIdsAreRefusedByABertModel() throws {
        let model = try HeadKind.base.load(directory: Fixtures.directory("model/bert-base"))
        let inputs = RoCBertInputs(batch: 1, seqLength: 2, inputIds: [2, 3], inputShapeIds: [1, 1])
        assertOneLineError(["bert model has no shape or pronunciation inputs"]) { _ = try model(inputs) }
    }

    /// bert-base-chinese is a BertForPreTraining checkpoint: the other heads load it and ignore the
    /// next-sentence head, and the masked-LM head gives the pretraining head's prediction logits.
    func testOtherHeadsLoadAPretrainingCheckpoint() throws {
        let dir = Fixtures.directory("model/bert-pretraining")
        let request = try ForwardRequest(json: Data(contentsOf: dir.appendingPathComponent("inputs.json")), source: "inputs.json")
        let pretraining = try HeadKind.pretraining.load(directory: dir)
        XCTAssertTrue(pretraining is BertForPreTraining)
        let maskedLM = try HeadKind.maskedLM.load(directory: dir)
        let a = try pretraining.forward(request, outputHiddenStates: false, outputAttentions: false)
        let b = try maskedLM.forward(request, outputHiddenStates: false, outputAttentions: false)
        XCTAssertEqual(a["prediction_logits"]?.data, b.logits.data)
        XCTAssertEqual(a["seq_relationship_logits"]?.shape, [3, 2])
        assertOneLineError(["missing tensor classifier.weight"]) { _ = try HeadKind.sequenceClassification.load(directory: dir) }
    }

    func testTokenizerKindFollowsTokenizerClassThenModelType() throws {
        let dir = try copy("bert-base", vocab: Self.vocab)
        let bert = try RoCBertTokenizer(directory: dir)
        XCTAssertFalse(bert.hasSideTables)
        XCTAssertTrue(bert.options.cleanUpTokenizationSpaces, "BertTokenizer cleans up spaces by default")
        let e = bert.encode("我爱北京", pair: "天安门", maxLength: 12, padding: .maxLength)
        XCTAssertNil(e.inputShapeIds)
        XCTAssertNil(e.inputPronunciationIds)
        XCTAssertEqual(e.inputIds, [2, 5, 6, 7, 8, 3, 9, 10, 11, 3, 0, 0])
        XCTAssertEqual(e.offsets.compactMap { $0 }, [0..<1, 1..<2, 2..<3, 3..<4, 0..<1, 1..<2, 2..<3])
        // The saved vocabulary of a BERT tokenizer is vocab.txt alone.
        let out = Fixtures.temporaryDirectory()
        XCTAssertEqual(try bert.saveVocabulary(to: out).map(\.lastPathComponent), ["vocab.txt"])

        // tokenizer_config.json's class wins over model_type, as in AutoTokenizer.
        let config = dir.appendingPathComponent("tokenizer_config.json")
        try Data(#"{"tokenizer_class": "RoCBertTokenizer"}"#.utf8).write(to: config)
        assertOneLineError(["word_shape.json", "file not found"]) { _ = try RoCBertTokenizer(directory: dir) }
        try Data(#"{"tokenizer_class": "XLMRobertaTokenizer"}"#.utf8).write(to: config)
        assertOneLineError(["tokenizer_config.json", "XLMRobertaTokenizer", "not supported"]) { _ = try RoCBertTokenizer(directory: dir) }
        try Data(#"{"tokenizer_class": "BertTokenizerFast", "do_lower_case": false}"#.utf8).write(to: config)
        let cased = try RoCBertTokenizer(directory: dir)
        XCTAssertFalse(cased.hasSideTables)
        XCTAssertFalse(cased.options.doLowerCase)
    }

    /// `rocbert forward` on a BERT pretraining checkpoint prints both outputs and the summed loss.
    func testForwardCommandRunsTheNextSentenceHead() throws {
        let dir = Fixtures.directory("model/bert-pretraining-labels")
        let r = try CLITests.run(["forward", "--checkpoint", dir.path, "--head", "pretraining", "--inputs", dir.appendingPathComponent("inputs.json").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("{\"loss\":"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\"prediction_logits\":[[[") && r.stdout.contains("\"seq_relationship_logits\":[["), r.stdout)
    }

    /// `rocbert predict` on the harness's BERT checkpoint gives the reference's class probabilities.
    func testPredictCommandMatchesTheReferenceOnABertCheckpoint() throws {
        let harness = Fixtures.repoRoot.appendingPathComponent("scripts/fixtures/harness")
        let r = try CLITests.run(["predict", "--checkpoint", harness.appendingPathComponent("checkpoint-bert").path,
                                  "--head", "sequence-classification", "--input", harness.appendingPathComponent("data.jsonl").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: harness.appendingPathComponent("bert-expected.json"))) as! [String: [Double]]
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, expected.count)
        for line in lines {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let id = row["id"] as! String, scores = row["scores"] as! [Double]
            let want = try XCTUnwrap(expected[id], id)
            XCTAssertEqual(scores.count, want.count, id)
            for (g, w) in zip(scores, want) { XCTAssertEqual(g, w, accuracy: 1e-4, id) }
        }
    }
}
