import CRoCBertKernels
import Foundation
import XCTest

/// Runs the built `rocbert` executable: outputs on stdout, one error line on stderr, exit status.
final class CLITests: XCTestCase {
    static var executable: URL {
        // The test bundle sits beside the executable in the build products folder.
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent()
            ?? Fixtures.repoRoot.appendingPathComponent(".build/debug")
        return products.appendingPathComponent("rocbert")
    }

    struct Result { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func testOpenBLASRunsItsAVX512KernelsUnlessTheUserChoseACore() throws {
        func core(_ setting: String?) throws -> String {
            var env = ProcessInfo.processInfo.environment
            env["OPENBLAS_CORETYPE"] = setting
            let r = try Self.run(["bench", "--layers", "1", "--shapes", "1x8", "--repeats", "1"], environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
            let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("OpenBLAS core: ") } ?? ""
            return String(line.dropFirst("OpenBLAS core: ".count).prefix { $0 != "," })
        }
        let chosen = try core(nil)
        if rb_cpu_has_avx512f() != 0 {
            XCTAssertTrue(["SkylakeX", "Cooperlake", "SapphireRapids"].contains(chosen), chosen)
        } else {
            XCTAssertFalse(chosen.isEmpty)
        }
        if rb_cpu_has_avx2_fma() != 0 { XCTAssertEqual(try core("Haswell"), "Haswell") }
    }

    func testForwardPrintsTheHeadOutputs() throws {
        let dir = Fixtures.directory("model/question-answering-labels")
        let r = try Self.run(["forward", "--checkpoint", dir.path, "--head", "question-answering", "--inputs", dir.appendingPathComponent("inputs.json").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("{\"loss\":"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\"start_logits\":[["))
        XCTAssertTrue(r.stdout.contains("\"end_logits\":[["))
    }

    /// A limit the special tokens alone exceed leaves the input whole (as transformers does), and says
    /// so instead of "truncated from 9 to 9".
    func testTokenizeSaysWhenItCannotTruncate() throws {
        let checkpoint = Fixtures.repoRoot.appendingPathComponent("models/demo-bert").path
        let tight = try Self.run(["tokenize", "--checkpoint", checkpoint, "--text", "这部电影真好看", "--max-length", "1"])
        XCTAssertEqual(tight.status, 0, tight.stderr)
        XCTAssertTrue(tight.stderr.contains("--max-length 1 leaves no room for the text after the special tokens; the input is not truncated (9 tokens)"), tight.stderr)
        XCTAssertFalse(tight.stderr.contains("truncated from"), tight.stderr)
        let cut = try Self.run(["tokenize", "--checkpoint", checkpoint, "--text", "这部电影真好看", "--max-length", "5"])
        XCTAssertTrue(cut.stderr.contains("input truncated from 9 to 5 tokens (--max-length 5)"), cut.stderr)
    }

    func testForwardErrorsAreOneLineAndNonZero() throws {
        let dir = Fixtures.directory("model/question-answering-labels")
        let tmp = Fixtures.temporaryDirectory()
        let badJSON = tmp.appendingPathComponent("bad.json")
        try Data("{\"input_ids\": [[1, 2,".utf8).write(to: badJSON)
        let longInput = tmp.appendingPathComponent("long.json")
        try Data("{\"input_ids\": [[\((0..<40).map { _ in "3" }.joined(separator: ","))]]}".utf8).write(to: longInput)
        let bigId = tmp.appendingPathComponent("big.json")
        try Data(#"{"input_ids": [[1, 99999]]}"#.utf8).write(to: bigId)
        let cases: [([String], String)] = [
            (["--head", "question-answering", "--inputs", badJSON.path], "malformed JSON"),
            (["--head", "question-answering", "--inputs", longInput.path], "exceeds max_position_embeddings"),
            (["--head", "question-answering", "--inputs", bigId.path], "outside vocab_size"),
            (["--head", "masked-lm", "--inputs", bigId.path], "missing tensor cls.predictions"),
            (["--head", "summarize", "--inputs", bigId.path], "unknown head summarize"),
            (["--head", "base", "--inputs", tmp.appendingPathComponent("absent.json").path], "cannot read the inputs file"),
        ]
        for (args, message) in cases {
            let r = try Self.run(["forward", "--checkpoint", dir.path] + args)
            XCTAssertEqual(r.status, 1, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty, "\(args)")
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }
}

/// `rocbert generate` on the causal-LM fixture given a vocabulary of its own.
final class GenerateCLITests: XCTestCase {
    func testGenerateDecodesGreedilyWithTheCache() throws {
        let dir = Fixtures.temporaryDirectory()
        let src = Fixtures.directory("model/causal-lm")
        for f in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        // 64 tokens: the specials, then single characters.
        let chars = ["我", "是"] + (0..<57).map { String(UnicodeScalar(0x4E00 + 3 * $0)!) }
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars
        XCTAssertEqual(tokens.count, 64)
        try Data((tokens.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("vocab.txt"))
        let ids = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($1, $0 % 20) })
        let json = "{" + ids.map { "\"\($0.key)\": \($0.value)" }.sorted().joined(separator: ",") + "}"
        try Data(json.utf8).write(to: dir.appendingPathComponent("word_shape.json"))
        try Data(json.utf8).write(to: dir.appendingPathComponent("word_pronunciation.json"))
        let r = try CLITests.run(["generate", "--checkpoint", dir.path, "--text", "我是", "--max-new-tokens", "8", "--timings"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(line.hasPrefix("我是"), line)
        XCTAssertGreaterThan(line.count, 2)
        XCTAssertTrue(r.stderr.contains("step 1 (length 3)"), r.stderr)
        // An encoder checkpoint cannot generate: one clear line.
        let bad = try CLITests.run(["generate", "--checkpoint", Fixtures.directory("model/masked-lm").path, "--text", "我"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
    }
}
