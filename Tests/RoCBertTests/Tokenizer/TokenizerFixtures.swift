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

    /// Every line of cases.jsonl as a JSON object.
    static func cases() throws -> [[String: Any]] {
        let text = try String(contentsOf: directory.appendingPathComponent("cases.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func sentences() throws -> [String] {
        try String(contentsOf: directory.appendingPathComponent("corpus.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// Options from a case's "options" object (the reference's keyword arguments).
    static func options(_ json: [String: Any]) -> RoCBertTokenizer.Options {
        var o = RoCBertTokenizer.Options()
        if let v = json["do_lower_case"] as? Bool { o.doLowerCase = v }
        if let v = json["do_basic_tokenize"] as? Bool { o.doBasicTokenize = v }
        if let v = json["tokenize_chinese_chars"] as? Bool { o.tokenizeChineseChars = v }
        if let v = json["strip_accents"] as? Bool { o.stripAccents = v }
        if let v = json["never_split"] as? [String] { o.neverSplit = v }
        return o
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
