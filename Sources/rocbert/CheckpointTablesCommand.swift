import ArgumentParser
import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore

/// `rocbert tables checkpoint`: a checkpoint's word_pronunciation.json and word_shape.json for a
/// vocabulary, from the project's pronunciation and shape tables.
struct CheckpointTablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Write word_pronunciation.json and word_shape.json for a vocab.txt from attacks/tables; prints the two vocabulary sizes for config.json."
    )

    @Option(help: "The vocabulary (one token per line).")
    var vocab: String

    @Option(help: "Folder the two JSON files are written to.")
    var out: String

    @Option(help: "The committed tables.")
    var tables = "attacks/tables"

    @Option(help: "Mutual nearest glyphs at least this similar share a shape id.")
    var shapeThreshold = 0.8

    func run() throws {
        try reportingErrors {
            guard let data = FileManager.default.contents(atPath: vocab), let text = String(data: data, encoding: .utf8) else {
                throw RoCBertError(vocab, "cannot read the vocabulary as UTF-8")
            }
            let tokens = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
            let dir = URL(fileURLWithPath: tables)
            let built = CheckpointTableBuilder(vocabulary: tokens.last == "" ? Array(tokens.dropLast()) : tokens,
                                               pronunciationTable: try PronunciationTable(directory: dir), shapeTable: try ShapeTable(directory: dir),
                                               shapeThreshold: shapeThreshold)
            let outDir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
            try write(built.pronunciation, to: outDir.appendingPathComponent("word_pronunciation.json"))
            try write(built.shape, to: outDir.appendingPathComponent("word_shape.json"))
            print("{\"pronunciation_vocab_size\":\(built.pronunciationVocabSize),\"shape_vocab_size\":\(built.shapeVocabSize)}")
        }
    }

    /// Token → id as a JSON object, keys sorted so a rebuild is byte-identical.
    private func write(_ ids: [String: Int], to url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: ids, options: [.sortedKeys, .withoutEscapingSlashes])
        do { try data.write(to: url) } catch { throw RoCBertError(url.path, "cannot write: \(error.localizedDescription)") }
    }
}
