import Foundation
import XCTest
@testable import RoCBert

/// Every case of cases.jsonl, made by the reference, must come out identical in Swift.
final class TokenizerParityTests: XCTestCase {
    func testEveryFixtureCaseMatchesTheReference() throws {
        let cases = try TokenizerFixtures.cases()
        XCTAssertGreaterThan(cases.count, 3000)
        var tokenizers: [String: RoCBertTokenizer] = [:]
        try compare(cases.map { ($0, $0.expected) }, label: "tokenizer parity") { c in
            let key = "\(c.vocab) \(c.options)"
            if let t = tokenizers[key] { return t }
            let t = try TokenizerFixtures.tokenizer(vocab: c.vocab, options: c.options.tokenizerOptions)
            tokenizers[key] = t
            return t
        }
    }

    /// The same cases through the BERT tokenizer (no side tables) against BertTokenizer's outputs.
    func testEveryFixtureCaseMatchesBertTokenizer() throws {
        let cases = try TokenizerFixtures.cases()
        let bert = try TokenizerFixtures.bertCases()
        XCTAssertEqual(bert.map(\.name), cases.map(\.name), "bert-cases.jsonl must follow cases.jsonl line by line")
        var tokenizers: [String: RoCBertTokenizer] = [:]
        var pairs: [(FixtureCase, [FixtureCase.Expected])] = []
        for (c, b) in zip(cases, bert) {
            guard let expected = b.same == true ? c.expected.map(\.withoutSideIds) : b.expected else {
                XCTFail("\(b.name): neither same nor expected"); continue
            }
            pairs.append((c, expected))
        }
        XCTAssertGreaterThan(pairs.filter { $0.1.first?.input_shape_ids == nil }.count, 3000)
        try compare(pairs, label: "BertTokenizer parity") { c in
            let key = "\(c.vocab) \(c.options)"
            if let t = tokenizers[key] { return t }
            var options = c.options.tokenizerOptions
            options.cleanUpTokenizationSpaces = RoCBertTokenizer.Options.bertDefaults.cleanUpTokenizationSpaces
            let vocab = try TokenizerFixtures.tokenizer(vocab: c.vocab, options: options).tokensInOrder
            let t = try RoCBertTokenizer(bertVocab: vocab, options: options)
            XCTAssertFalse(t.hasSideTables)
            tokenizers[key] = t
            return t
        }
    }

    /// Encodes every case with its tokenizer and requires every output to equal the expected one.
    private func compare(
        _ cases: [(FixtureCase, [FixtureCase.Expected])], label: String, tokenizer: (FixtureCase) throws -> RoCBertTokenizer
    ) throws {
        var failures: [String] = []
        var checkedItems = 0
        for (c, expected) in cases {
            let tokenizer = try tokenizer(c)
            let inputs = c.inputs.map { (text: $0[0]!, pair: $0[1]) }
            let truncation = Truncation(rawValue: c.call.truncation ?? "do_not_truncate")!
            let padding = Padding(rawValue: c.call.padding ?? "do_not_pad")!
            let addSpecial = c.call.add_special_tokens ?? true
            let encodings: [Encoding]
            if c.kind == "single" {
                encodings = [tokenizer.encode(inputs[0].text, pair: inputs[0].pair, addSpecialTokens: addSpecial,
                                              maxLength: c.call.max_length, truncation: truncation, padding: padding)]
            } else {
                encodings = tokenizer.encodeBatch(inputs, addSpecialTokens: addSpecial, maxLength: c.call.max_length,
                                                  truncation: truncation, padding: padding)
            }
            XCTAssertEqual(encodings.count, expected.count, c.name)
            for (e, x) in zip(encodings, expected) {
                checkedItems += 1
                var bad: [String] = []
                if !scalarsEqual(e.tokens, x.tokens) { bad.append("tokens \(e.tokens)") }
                if e.inputIds != x.input_ids { bad.append("input_ids \(e.inputIds)") }
                if e.inputShapeIds != x.input_shape_ids { bad.append("input_shape_ids") }
                if e.inputPronunciationIds != x.input_pronunciation_ids { bad.append("input_pronunciation_ids") }
                if e.tokenTypeIds != x.token_type_ids { bad.append("token_type_ids") }
                if e.attentionMask != x.attention_mask { bad.append("attention_mask") }
                if e.specialTokensMask != x.special_tokens_mask { bad.append("special_tokens_mask") }
                if e.offsets != x.offsets.map({ $0.map { $0[0]..<$0[1] } }) { bad.append("offsets \(e.offsets)") }
                let decoded = tokenizer.decode(e.inputIds)
                if !decoded.unicodeScalars.elementsEqual(x.decode.unicodeScalars) {
                    bad.append("decode \(decoded.debugDescription)")
                }
                let skipped = tokenizer.decode(e.inputIds, skipSpecialTokens: true)
                if !skipped.unicodeScalars.elementsEqual(x.decode_skip_special.unicodeScalars) {
                    bad.append("decode_skip_special \(skipped.debugDescription)")
                }
                if !bad.isEmpty { failures.append("\(c.name): " + bad.joined(separator: "; ")) }
            }
        }
        XCTAssertGreaterThan(checkedItems, 3100)
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(checkedItems) items differ:\n"
                      + failures.prefix(15).joined(separator: "\n"))
        print("\(label): \(checkedItems - failures.count) of \(checkedItems) items identical")
    }
}

extension FixtureCase.Expected {
    /// The outputs a tokenizer without shape and pronunciation tables gives.
    var withoutSideIds: Self {
        var e = self
        e.input_shape_ids = nil
        e.input_pronunciation_ids = nil
        return e
    }
}
