import Foundation
import XCTest
@testable import RoCBert

/// Every case of cases.jsonl, made by the reference, must come out identical in Swift.
final class TokenizerParityTests: XCTestCase {
    func testEveryFixtureCaseMatchesTheReference() throws {
        let cases = try TokenizerFixtures.cases()
        XCTAssertGreaterThan(cases.count, 2300)
        var tokenizers: [String: RoCBertTokenizer] = [:]
        var failures: [String] = []
        var checkedItems = 0
        for c in cases {
            let name = c["name"] as! String
            let vocab = c["vocab"] as! String
            let optionsJSON = c["options"] as! [String: Any]
            let key = vocab + String(describing: optionsJSON.sorted { $0.key < $1.key })
            let tokenizer: RoCBertTokenizer
            if let t = tokenizers[key] { tokenizer = t } else {
                tokenizer = try TokenizerFixtures.tokenizer(vocab: vocab, options: TokenizerFixtures.options(optionsJSON))
                tokenizers[key] = tokenizer
            }
            let call = c["call"] as! [String: Any]
            let inputs = (c["inputs"] as! [[Any]]).map { (text: $0[0] as! String, pair: $0[1] as? String) }
            let maxLength = call["max_length"] as? Int
            let truncation = Truncation(rawValue: call["truncation"] as? String ?? "do_not_truncate")!
            let padding = Padding(rawValue: call["padding"] as? String ?? "do_not_pad")!
            let addSpecial = call["add_special_tokens"] as? Bool ?? true
            let encodings: [Encoding]
            if c["kind"] as! String == "single" {
                encodings = [tokenizer.encode(inputs[0].text, pair: inputs[0].pair, addSpecialTokens: addSpecial,
                                              maxLength: maxLength, truncation: truncation, padding: padding)]
            } else {
                encodings = tokenizer.encodeBatch(inputs, addSpecialTokens: addSpecial, maxLength: maxLength,
                                                  truncation: truncation, padding: padding)
            }
            let expected = c["expected"] as! [[String: Any]]
            XCTAssertEqual(encodings.count, expected.count, name)
            for (e, x) in zip(encodings, expected) {
                checkedItems += 1
                var bad: [String] = []
                if !scalarsEqual(e.tokens, x["tokens"] as! [String]) { bad.append("tokens \(e.tokens)") }
                if e.inputIds != x["input_ids"] as! [Int] { bad.append("input_ids \(e.inputIds)") }
                if e.inputShapeIds != x["input_shape_ids"] as! [Int] { bad.append("input_shape_ids") }
                if e.inputPronunciationIds != x["input_pronunciation_ids"] as! [Int] { bad.append("input_pronunciation_ids") }
                if e.tokenTypeIds != x["token_type_ids"] as! [Int] { bad.append("token_type_ids") }
                if e.attentionMask != x["attention_mask"] as! [Int] { bad.append("attention_mask") }
                if e.specialTokensMask != x["special_tokens_mask"] as! [Int] { bad.append("special_tokens_mask") }
                let offsets: [Range<Int>?] = (x["offsets"] as! [Any]).map {
                    guard let pair = $0 as? [Int] else { return nil }
                    return pair[0]..<pair[1]
                }
                if e.offsets != offsets { bad.append("offsets \(e.offsets)") }
                let decoded = tokenizer.decode(e.inputIds)
                if !decoded.unicodeScalars.elementsEqual((x["decode"] as! String).unicodeScalars) {
                    bad.append("decode \(decoded.debugDescription)")
                }
                let skipped = tokenizer.decode(e.inputIds, skipSpecialTokens: true)
                if !skipped.unicodeScalars.elementsEqual((x["decode_skip_special"] as! String).unicodeScalars) {
                    bad.append("decode_skip_special \(skipped.debugDescription)")
                }
                if !bad.isEmpty { failures.append("\(name): " + bad.joined(separator: "; ")) }
            }
        }
        XCTAssertGreaterThan(checkedItems, 2400)
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(checkedItems) items differ:\n"
                      + failures.prefix(15).joined(separator: "\n"))
        print("tokenizer parity: \(checkedItems - failures.count) of \(checkedItems) items identical")
    }
}
