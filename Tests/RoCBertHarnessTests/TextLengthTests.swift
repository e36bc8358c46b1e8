import XCTest
import RoCBertCore
@testable import RoCBertHarness

final class TextLengthTests: XCTestCase {
    func testAMaskCountsAsOneCharacterOnlyForMaskedLM() {
        XCTAssertEqual(TextLength.characters("今天[MASK]气很好", task: .maskedLM), 6)
        XCTAssertEqual(TextLength.characters("[MASK][MASK]", task: .maskedLM), 2)
        XCTAssertEqual(TextLength.characters("今天天气很好", task: .maskedLM), 6)
        XCTAssertEqual(TextLength.characters("今天[MASK]气很好", task: .sequenceClassification), 11)
        XCTAssertEqual(TextLength.characters("", task: .maskedLM), 0)
        // Only the whole token: a broken spelling is ordinary text.
        XCTAssertEqual(TextLength.characters("[MASK", task: .maskedLM), 5)
    }
}
