import XCTest
@testable import RoCBert

final class TokenizerSmokeTests: XCTestCase {
    func testBuilds() throws {
        let t = try RoCBertTokenizer(vocab: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "你", "好"],
                                     wordShape: ["[UNK]": 1], wordPronunciation: ["[UNK]": 1])
        XCTAssertEqual(t.tokenize("你好吗"), ["你", "好", "[UNK]"])
    }
}
