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

    static func run(_ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func testForwardPrintsTheHeadOutputs() throws {
        let dir = Fixtures.directory("model/question-answering-labels")
        let r = try Self.run(["forward", "--checkpoint", dir.path, "--head", "question-answering", "--inputs", dir.appendingPathComponent("inputs.json").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("{\"loss\":"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\"start_logits\":[["))
        XCTAssertTrue(r.stdout.contains("\"end_logits\":[["))
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
