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

    @Option(help: "Which characters share a shape id: nearest (mutual nearest glyphs, --shape-threshold) or visual (groups of the look-alikes the visual attack offers).")
    var shapeGroups = "nearest"

    @Option(help: "Mutual nearest glyphs at least this similar share a shape id (--shape-groups nearest).")
    var shapeThreshold = 0.8

    @Option(help: "With --shape-groups visual: look-alikes per character, as the attack's --top-k.")
    var shapeTopK = 5

    @Option(help: "With --shape-groups visual: at most this many characters per shape id.")
    var shapeGroupCap = 8

    @Option(help: "What a pronunciation id keeps of the primary reading: toned, toneless, or near-homophone (toneless, near-homophone spellings merged).")
    var pronunciation = "toned"

    func run() throws {
        try reportingErrors {
            guard let data = FileManager.default.contents(atPath: vocab), let text = String(data: data, encoding: .utf8) else {
                throw RoCBertError(vocab, "cannot read the vocabulary as UTF-8")
            }
            let tokens = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
            let dir = URL(fileURLWithPath: tables)
            let built = CheckpointTableBuilder(vocabulary: tokens.last == "" ? Array(tokens.dropLast()) : tokens,
                                               pronunciationTable: try PronunciationTable(directory: dir),
                                               shapes: try shapeGrouping(dir), pronunciationKey: try pronunciationKey(dir))
            let outDir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
            try write(built.pronunciation, to: outDir.appendingPathComponent("word_pronunciation.json"))
            try write(built.shape, to: outDir.appendingPathComponent("word_shape.json"))
            print("{\"pronunciation_vocab_size\":\(built.pronunciationVocabSize),\"shape_vocab_size\":\(built.shapeVocabSize)}")
        }
    }

    private func shapeGrouping(_ dir: URL) throws -> ShapeGrouping {
        switch shapeGroups {
        case "nearest": return .mutualNearest(try ShapeTable(directory: dir), threshold: shapeThreshold)
        case "visual":
            guard shapeTopK >= 1, shapeGroupCap >= 2 else { throw RoCBertError("--shape-group-cap", "needs --shape-top-k at least 1 and a cap of at least 2") }
            return .visual(try VisualTable(directory: dir), standard: try StandardCharacters(directory: dir),
                           common: StandardCharacters.commonCount, topK: shapeTopK, cap: shapeGroupCap)
        default: throw RoCBertError("--shape-groups", "\(shapeGroups) is neither nearest nor visual")
        }
    }

    private func pronunciationKey(_ dir: URL) throws -> PronunciationKey {
        switch pronunciation {
        case "toned": return .toned
        case "toneless": return .toneless
        case "near-homophone": return .nearHomophone(try NearHomophoneRules(directory: dir))
        default: throw RoCBertError("--pronunciation", "\(pronunciation) is not toned, toneless or near-homophone")
        }
    }

    /// Token → id as a JSON object, keys sorted so a rebuild is byte-identical.
    private func write(_ ids: [String: Int], to url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: ids, options: [.sortedKeys, .withoutEscapingSlashes])
        do { try data.write(to: url) } catch { throw RoCBertError(url.path, "cannot write: \(error.localizedDescription)") }
    }
}
