import ArgumentParser
import Foundation
import RoCBert
import RoCBertCore

/// `rocbert tokenize`: a checkpoint's tokenizer on one text (or pair), printed as JSON.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Encode a text (or a pair) with a checkpoint's tokenizer and print the encoding as JSON.",
        discussion: """
            Offsets are Unicode-scalar ranges [start, end) of the text the token came from (null for
            added [CLS]/[SEP] and padding). With --bench FILE, times encoding of every line of FILE instead.
            """
    )

    @Option(help: "Checkpoint directory holding vocab.txt (RoCBert: also word_shape.json and word_pronunciation.json).")
    var checkpoint: String

    @Option(help: "The text to encode.")
    var text: String?

    @Option(help: "A second text, encoded as a pair with the first.")
    var pair: String?

    @Option(name: .customLong("max-length"), help: "Truncate (longest_first unless --truncation says otherwise) to this many tokens.")
    var maxLength: Int?

    @Option(help: "do_not_truncate, longest_first, only_first or only_second.")
    var truncation: String?

    @Option(help: "do_not_pad, longest or max_length.")
    var padding: String = Padding.none.rawValue

    @Flag(name: .customLong("no-special-tokens"), help: "Do not add [CLS] and [SEP].")
    var noSpecialTokens = false

    @Option(help: "Benchmark: encode every non-empty line of this file and print sentences per second.")
    var bench: String?

    @Option(help: "Benchmark rounds over the file.")
    var rounds: Int = 5

    func run() throws {
        do {
            try execute()
        } catch let error as TokenizerError {
            FileHandle.standardError.write(Data("rocbert tokenize: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func fail(_ message: String) -> TokenizerError { .invalidArgument(message) }

    private func execute() throws {
        let tokenizer = try RoCBertTokenizer(directory: URL(fileURLWithPath: checkpoint))
        if let bench {
            try runBenchmark(tokenizer, file: bench)
            return
        }
        guard let text else { throw fail("--text is required (or --bench FILE)") }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { throw fail("--text is empty") }
        if let maxLength, maxLength < 1 { throw fail("--max-length must be at least 1, got \(maxLength)") }
        guard let strategy = Truncation(rawValue: truncation ?? (maxLength == nil ? "do_not_truncate" : "longest_first")) else {
            throw fail("--truncation must be one of \(Truncation.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let paddingStrategy = Padding(rawValue: padding) else {
            throw fail("--padding must be one of \(Padding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let full = tokenizer.encode(text, pair: pair, addSpecialTokens: !noSpecialTokens)
        let encoding = tokenizer.encode(text, pair: pair, addSpecialTokens: !noSpecialTokens, maxLength: maxLength,
                                        truncation: strategy, padding: paddingStrategy)
        if strategy != .none, let maxLength, full.count > maxLength {
            let kept = encoding.attentionMask.reduce(0, +)
            // Like transformers, a limit the special tokens alone exceed leaves the input whole.
            let message = kept < full.count
                ? "input truncated from \(full.count) to \(kept) tokens (--max-length \(maxLength))"
                : "--max-length \(maxLength) leaves no room for the text after the special tokens; the input is not truncated (\(full.count) tokens), as transformers does"
            FileHandle.standardError.write(Data("rocbert tokenize: \(message)\n".utf8))
        }
        print(Self.json(encoding))
    }

    private func runBenchmark(_ tokenizer: RoCBertTokenizer, file: String) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TokenizerError.missingFile(path: file)
        }
        guard let content = String(data: data, encoding: .utf8) else {
            throw TokenizerError.unreadableFile(path: file, reason: "not valid UTF-8")
        }
        let lines = content.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard !lines.isEmpty, rounds >= 1 else { throw fail("\(file): nothing to benchmark") }
        var tokens = 0
        for line in lines { tokens += tokenizer.encode(line).count }  // warm-up
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for line in lines { _ = tokenizer.encode(line) }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let sentences = lines.count * rounds
        print(String(format: "%d sentences x %d rounds (%d tokens a round) in %.3f s: %.0f sentences/s",
                     lines.count, rounds, tokens, seconds, Double(sentences) / seconds))
    }

    static func json(_ e: Encoding) -> String {
        func ints(_ a: [Int]) -> String { "[" + a.map(String.init).joined(separator: ", ") + "]" }
        let tokens = "[" + e.tokens.map(CanonicalJSON.quote).joined(separator: ", ") + "]"
        let offsets = "[" + e.offsets.map { r in r.map { "[\($0.lowerBound), \($0.upperBound)]" } ?? "null" }
            .joined(separator: ", ") + "]"
        let sequences = "[" + e.sequenceIds.map { $0.map(String.init) ?? "null" }.joined(separator: ", ") + "]"
        // A BERT tokenizer's encodings have no side ids, as BertTokenizer returns none.
        let side = [("input_shape_ids", e.inputShapeIds), ("input_pronunciation_ids", e.inputPronunciationIds)]
            .compactMap { key, ids in ids.map { "\n  \"\(key)\": \(ints($0))," } }.joined()
        return """
            {
              "tokens": \(tokens),
              "input_ids": \(ints(e.inputIds)),\(side)
              "token_type_ids": \(ints(e.tokenTypeIds)),
              "attention_mask": \(ints(e.attentionMask)),
              "special_tokens_mask": \(ints(e.specialTokensMask)),
              "offsets": \(offsets),
              "sequence_ids": \(sequences)
            }
            """
    }
}
