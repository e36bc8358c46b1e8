import Foundation
import XCTest
@testable import RoCBert

/// The opt-in bf16 mode: every Linear on the bf16 kernel, close to fp32 and never a different class.
final class BF16ModeTests: XCTestCase {
    func testBF16LogitsStayCloseToFP32AndPickTheSameClass() throws {
        for name in ["sequence-classification-single", "sequence-classification-multi", "token-classification"] {
            let dir = Fixtures.directory("model").appendingPathComponent(name)
            let request = try ForwardRequest(json: Data(contentsOf: dir.appendingPathComponent("inputs.json")), source: name)
            let kind = name.hasPrefix("token") ? HeadKind.tokenClassification : .sequenceClassification
            let fp32 = try kind.load(directory: dir).forward(request)
            let bf16 = try kind.load(directory: dir, precision: .bf16).forward(request)
            let a = try XCTUnwrap(fp32["logits"]), b = try XCTUnwrap(bf16["logits"])
            XCTAssertEqual(a.shape, b.shape, name)
            let scale = a.data.map(abs).max() ?? 1
            var worst: Float = 0
            for (x, y) in zip(a.data, b.data) { worst = max(worst, abs(x - y)) }
            // bf16 keeps 8 bits of mantissa: relative error per product ~4e-3, and sums average it down.
            XCTAssertLessThan(worst, 0.02 * max(scale, 1), "\(name): largest difference \(worst)")
            XCTAssertNotEqual(a.data, b.data, "\(name): bf16 mode should not be fp32 in disguise")
            let classes = a.shape.last!
            for row in 0..<(a.data.count / classes) {
                let ra = a.data[(row * classes)..<((row + 1) * classes)], rb = b.data[(row * classes)..<((row + 1) * classes)]
                if let ma = ra.max(), let mb = rb.max(), ra.filter({ $0 == ma }).count == 1, abs(ma - (ra.filter { $0 != ma }.max() ?? -.infinity)) > 0.05 {
                    XCTAssertEqual(ra.firstIndex(of: ma), rb.firstIndex(of: mb), "\(name) row \(row)")
                }
            }
        }
    }
}
