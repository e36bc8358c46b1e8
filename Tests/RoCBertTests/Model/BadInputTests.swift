import Foundation
import XCTest
@testable import RoCBert
@testable import rocbert

/// Each bad input gives one clear error naming the file and the problem.
final class BadInputTests: XCTestCase {
    let fixture = Fixtures.directory("model/sequence-classification-single")

    /// A writable copy of the fixture checkpoint.
    func copyOfFixture() throws -> URL {
        let dir = Fixtures.temporaryDirectory()
        for f in try FileManager.default.contentsOfDirectory(atPath: fixture.path) {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        return dir
    }

    func allTensors(_ dir: URL) throws -> [String: Tensor] {
        let w = try CheckpointWeights(directory: dir)
        return try w.tensors.mapValues { Tensor(shape: $0.shape, data: try $0.floats(key: "")) }
    }

    func assertError(_ expected: [String], file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"), "one line: \(text)", file: file, line: line)
            for e in expected { XCTAssertTrue(text.contains(e), "\"\(text)\" should mention \"\(e)\"", file: file, line: line) }
        }
    }

    func testTruncatedSafetensors() throws {
        let dir = try copyOfFixture()
        let weights = dir.appendingPathComponent("model.safetensors")
        let data = try Data(contentsOf: weights)
        try data.prefix(data.count / 2).write(to: weights)
        assertError(["model.safetensors", "truncated"]) { _ = try RoCBertForSequenceClassification(directory: dir) }
        try data.prefix(5).write(to: weights)
        assertError(["model.safetensors", "truncated"]) { _ = try RoCBertForSequenceClassification(directory: dir) }
    }

    func testTruncatedPyTorchFile() throws {
        let dir = Fixtures.temporaryDirectory()
        let src = Fixtures.directory("model/format-bin")
        for f in ["config.json", "pytorch_model.bin"] {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let weights = dir.appendingPathComponent("pytorch_model.bin")
        let data = try Data(contentsOf: weights)
        try data.prefix(data.count - 100).write(to: weights)
        assertError(["pytorch_model.bin", "truncated"]) { _ = try RoCBertBaseModel(directory: dir) }
    }

    func testWrongShape() throws {
        let dir = try copyOfFixture()
        var tensors = try allTensors(dir)
        tensors["classifier.weight"] = Tensor(zeros: [4, 24])
        try SafeTensorsFile.write(tensors, to: dir.appendingPathComponent("model.safetensors"))
        assertError(["model.safetensors", "classifier.weight", "[4, 24]", "expected [3, 24]"]) {
            _ = try RoCBertForSequenceClassification(directory: dir)
        }
    }

    func testMissingKey() throws {
        let dir = try copyOfFixture()
        var tensors = try allTensors(dir)
        tensors["roc_bert.encoder.layer.1.attention.self.key.bias"] = nil
        try SafeTensorsFile.write(tensors, to: dir.appendingPathComponent("model.safetensors"))
        assertError(["model.safetensors", "missing tensor roc_bert.encoder.layer.1.attention.self.key.bias", "[24]"]) {
            _ = try RoCBertForSequenceClassification(directory: dir)
        }
    }

    func testUnexpectedKey() throws {
        let dir = try copyOfFixture()
        var tensors = try allTensors(dir)
        tensors["roc_bert.encoder.layer.2.output.dense.bias"] = Tensor(zeros: [24])
        try SafeTensorsFile.write(tensors, to: dir.appendingPathComponent("model.safetensors"))
        assertError(["unexpected tensor roc_bert.encoder.layer.2.output.dense.bias"]) {
            _ = try RoCBertForSequenceClassification(directory: dir)
        }
        // Another head's tensors are ignored, as transformers ignores them.
        tensors["roc_bert.encoder.layer.2.output.dense.bias"] = nil
        tensors["qa_outputs.weight"] = Tensor(zeros: [2, 24])
        try SafeTensorsFile.write(tensors, to: dir.appendingPathComponent("model.safetensors"))
        XCTAssertNoThrow(try RoCBertForSequenceClassification(directory: dir))
    }

    func testUnknownDtype() throws {
        let dir = try copyOfFixture()
        let header = #"{"classifier.bias":{"dtype":"F8_E4M3","shape":[3],"data_offsets":[0,3]}}"#
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8) + [1, 2, 3])
        try data.write(to: dir.appendingPathComponent("model.safetensors"))
        assertError(["model.safetensors", "classifier.bias", "unsupported dtype F8_E4M3"]) {
            _ = try RoCBertForSequenceClassification(directory: dir)
        }
    }

    func testNoWeightFile() throws {
        let dir = try copyOfFixture()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("model.safetensors"))
        assertError(["no weight file", "model.safetensors"]) { _ = try RoCBertForSequenceClassification(directory: dir) }
    }

    func testConfigOutOfRange() throws {
        func config(_ json: String) throws -> RoCBertConfig { try RoCBertConfig(json: Data(json.utf8), source: "config.json") }
        assertError(["config.json", "hidden_size 30 is not a multiple of num_attention_heads 4"]) {
            _ = try config(#"{"hidden_size": 30, "num_attention_heads": 4}"#)
        }
        assertError(["config.json", "position_embedding_type \"rotary\""]) { _ = try config(#"{"position_embedding_type": "rotary"}"#) }
        assertError(["config.json", "hidden_act \"selu\""]) { _ = try config(#"{"hidden_act": "selu"}"#) }
        assertError(["config.json", "vocab_size must be an integer"]) { _ = try config(#"{"vocab_size": "big"}"#) }
        assertError(["config.json", "vocab_size must be at least 1"]) { _ = try config(#"{"vocab_size": 0}"#) }
        assertError(["config.json", "shape_embed_dim 512 differs from hidden_size 768"]) { _ = try config(#"{"concat_input": false}"#) }
        assertError(["config.json", "pad_token_id 30000 is outside shape_vocab_size"]) {
            _ = try config(#"{"pad_token_id": 30000, "shape_vocab_size": 100}"#)
        }
        assertError(["config.json", "malformed JSON"]) { _ = try config(#"{"vocab_size": 3"#) }
        let c = try config(#"{"id2label": {"0": "neg", "1": "neu", "2": "pos"}, "problem_type": "multi_label_classification"}"#)
        XCTAssertEqual(c.numLabels, 3)
        XCTAssertEqual(c.problemType, .multiLabel)
        XCTAssertEqual(try config("{}"), RoCBertConfig())
    }

    func testTokenIdBeyondVocabulary() throws {
        let model = try RoCBertForSequenceClassification(directory: fixture)
        let inputs = RoCBertInputs(batch: 1, seqLength: 3, inputIds: [1, 64, 2])
        assertError(["input_ids[0][1] = 64 is outside vocab_size 64"]) { _ = try model(inputs) }
        let shapes = RoCBertInputs(batch: 1, seqLength: 3, inputIds: [1, 2, 3], inputShapeIds: [0, -1, 0])
        assertError(["input_shape_ids[0][1] = -1 is outside shape_vocab_size 30"]) { _ = try model(shapes) }
    }

    func testSequenceLongerThanMaxPositions() throws {
        let model = try RoCBertForSequenceClassification(directory: fixture)
        let inputs = RoCBertInputs(batch: 1, seqLength: 33, inputIds: [Int](repeating: 5, count: 33))
        assertError(["sequence length 33 exceeds max_position_embeddings 32"]) { _ = try model(inputs) }
    }

    func testMalformedInputs() throws {
        assertError(["in.json", "malformed JSON"]) { _ = try ForwardRequest(json: Data("{\"input_ids\": [[1, 2]".utf8), source: "in.json") }
        assertError(["in.json", "not a rectangular nested list"]) {
            _ = try ForwardRequest(json: Data(#"{"input_ids": [[1, 2], [3]]}"#.utf8), source: "in.json")
        }
        assertError(["in.json", "input_ids must hold integers"]) {
            _ = try ForwardRequest(json: Data(#"{"input_ids": [[1.5, 2]]}"#.utf8), source: "in.json")
        }
        assertError(["in.json", "unknown input key inputs_ids"]) {
            _ = try ForwardRequest(json: Data(#"{"inputs_ids": [[1, 2]]}"#.utf8), source: "in.json")
        }
        assertError(["in.json", "token_type_ids has shape [1, 1]"]) {
            _ = try ForwardRequest(json: Data(#"{"input_ids": [[1, 2]], "token_type_ids": [[1]]}"#.utf8), source: "in.json")
        }
    }

    func testFloatLabelsStayFloats() throws {
        let r = try ForwardRequest(json: Data(#"{"input_ids": [[1, 2]], "labels": [[1.0, 0.0]]}"#.utf8), source: "in.json")
        XCTAssertNil(r.labels.integers["labels"])
        XCTAssertEqual(r.labels.floats["labels"]?.values, [1, 0])
    }
}
