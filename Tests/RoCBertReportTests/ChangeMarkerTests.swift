import XCTest
import RoCBertStore
@testable import RoCBertReport

final class ChangeMarkerTests: XCTestCase {
    func testRecordedPerturbationsAreMarked() {
        let p = [Perturbation(position: 6, original: "未", replacement: "末", transformation: "shape", justification: "")]
        XCTAssertEqual(ChangeMarker.marked(clean: "这部电影我还未看过", attacked: "这部电影我还末看过", perturbations: p), "这部电影我还~~未~~**末**看过")
    }

    func testMultiCharacterReplacementAndSpecialCharacters() {
        let p = [Perturbation(position: 0, original: "好", replacement: "女子", transformation: "split", justification: ""),
                 Perturbation(position: 2, original: "*", replacement: "_", transformation: "x", justification: "")]
        XCTAssertEqual(ChangeMarker.marked(clean: "好a*", attacked: "女子a_", perturbations: p), "~~好~~**女子**a~~\\*~~**\\_**")
    }

    func testInconsistentPerturbationsFallBackToADiff() {
        let wrong = [Perturbation(position: 3, original: "未", replacement: "末", transformation: "shape", justification: "")]
        XCTAssertEqual(ChangeMarker.marked(clean: "我还未看过", attacked: "我还末看过", perturbations: wrong), "我还~~未~~**末**看过")
        XCTAssertEqual(ChangeMarker.marked(clean: "abc", attacked: "abxc", perturbations: []), "ab**x**c")
        XCTAssertEqual(ChangeMarker.marked(clean: "abc", attacked: "ac", perturbations: []), "a~~b~~c")
    }
}
