import Foundation
import XCTest
@testable import RoCBert

/// Locates the committed fixtures of scripts/make_tokenizer_fixtures.py from this file's path.
enum TokenizerFixtures {
    static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("scripts/fixtures/tokenizer")
            }
            url = url.deletingLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static var chinese: URL { directory.appendingPathComponent("chinese") }
    static var tiny: URL { directory.appendingPathComponent("tiny") }

    /// Every line of cases.jsonl.
    ///
    /// Decoded with JSONDecoder: swift-foundation's JSONSerialization drops a raw U+FEFF at the
    /// start of a string or after an escape, and the fuzz cases contain exactly that.
    static func cases() throws -> [FixtureCase] {
        let data = try Data(contentsOf: directory.appendingPathComponent("cases.jsonl"))
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(FixtureCase.self, from: Data($0)) }
    }

    /// One line of bert-cases.jsonl: BertTokenizer's outputs on the case of the same line of cases.jsonl,
    /// given in full only where they differ from RoCBertTokenizer's without side ids.
    struct BertCase: Decodable {
        var name: String
        var same: Bool?
        var expected: [FixtureCase.Expected]?
    }

    /// Every line of bert-cases.jsonl.
    static func bertCases() throws -> [BertCase] {
        let data = try Data(contentsOf: directory.appendingPathComponent("bert-cases.jsonl"))
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(BertCase.self, from: Data($0)) }
    }

    static func sentences() throws -> [String] {
        try String(contentsOf: directory.appendingPathComponent("corpus.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// The tokenizer of a fixture vocabulary with options applied.
    static func tokenizer(vocab: String, options: RoCBertTokenizer.Options) throws -> RoCBertTokenizer {
        let dir = directory.appendingPathComponent(vocab)
        let base = try RoCBertTokenizer(directory: dir)
        return try RoCBertTokenizer(
            vocab: base.tokensInOrder, shapeTable: base.wordShapeTable,
            pronunciationTable: base.wordPronunciationTable, options: options,
            sources: ("vocab.txt", "word_shape.json", "word_pronunciation.json"))
    }
}

/// Python compares strings by code points; Swift's == by canonical equivalence.
func scalarsEqual(_ a: [String], _ b: [String]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.unicodeScalars.elementsEqual($1.unicodeScalars) }
}

/// One line of cases.jsonl (see scripts/fixtures/tokenizer/README.md).
struct FixtureCase: Decodable {
    struct Options: Decodable, Hashable {
        var do_lower_case: Bool?
        var do_basic_tokenize: Bool?
        var tokenize_chinese_chars: Bool?
        var strip_accents: Bool?
        var never_split: [String]?

        var isEmpty: Bool { self == Options() }

        var tokenizerOptions: RoCBertTokenizer.Options {
            var o = RoCBertTokenizer.Options()
            if let v = do_lower_case { o.doLowerCase = v }
            if let v = do_basic_tokenize { o.doBasicTokenize = v }
            if let v = tokenize_chinese_chars { o.tokenizeChineseChars = v }
            o.stripAccents = strip_accents
            if let v = never_split { o.neverSplit = v }
            return o
        }
    }

    struct Call: Decodable {
        var max_length: Int?
        var truncation: String?
        var padding: String?
        var add_special_tokens: Bool?
    }

    struct Expected: Decodable {
        var tokens: [String]
        var input_ids: [Int]
        /// Absent from BertTokenizer's outputs.
        var input_shape_ids: [Int]?
        var input_pronunciation_ids: [Int]?
        var token_type_ids: [Int]
        var attention_mask: [Int]
        var special_tokens_mask: [Int]
        var offsets: [[Int]?]
        var decode: String
        var decode_skip_special: String
    }

    var name: String
    var vocab: String
    var options: Options
    var kind: String
    var inputs: [[String?]]
    var call: Call
    var expected: [Expected]
}
