import Foundation
import XCTest
@testable import RoCBert

/// Every case of cases.jsonl, made by the reference, must come out identical in Swift.
final class TokenizerParityTests: XCTestCase {
    func testEveryFixtureCaseMatchesTheReference() throws {
        let cases = try TokenizerFixtures.cases()
        XCTAssertGreaterThan(cases.count, 3000)
        var tokenizers: [String: RoCBertTokenizer] = [:]
        var failures: [String] = []
        var checkedItems = 0
        for c in cases {
            let key = "\(c.vocab) \(c.options)"
            let tokenizer: RoCBertTokenizer
            if let t = tokenizers[key] { tokenizer = t } else {
                tokenizer = try TokenizerFixtures.tokenizer(vocab: c.vocab, options: c.options.tokenizerOptions)
                tokenizers[key] = tokenizer
            }
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
            XCTAssertEqual(encodings.count, c.expected.count, c.name)
            for (e, x) in zip(encodings, c.expected) {
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
        print("tokenizer parity: \(checkedItems - failures.count) of \(checkedItems) items identical")
    }
}
