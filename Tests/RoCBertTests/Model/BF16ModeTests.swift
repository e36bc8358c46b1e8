import Foundation
import RoCBertCore
import XCTest
@testable import RoCBert
@testable import rocbert

/// The opt-in bf16 mode: every Linear on the bf16 kernel, close to fp32 and never a different class.
final class BF16ModeTests: XCTestCase {
    func testBF16LogitsStayCloseToFP32AndPickTheSameClass() throws {
        for name in ["sequence-classification-single", "sequence-classification-multi", "token-classification",
                     "bert-sequence-classification", "bert-token-classification-labels"] {
            let dir = Fixtures.directory("model").appendingPathComponent(name)
            let request = try ForwardRequest(json: Data(contentsOf: dir.appendingPathComponent("inputs.json")), source: name)
            let kind = name.contains("token") ? HeadKind.tokenClassification : .sequenceClassification
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

    /// bf16x3 (three bf16 products of hi and lo parts) lands far closer to fp32 than bf16 does, and on
    /// AMX it really is the bf16x3 kernel (elsewhere it is sgemm, the same numbers as fp32).
    func testBF16x3IsFarCloserToFP32ThanBF16() throws {
        for name in ["sequence-classification-single", "token-classification", "masked-lm", "bert-masked-lm"] {
            let dir = Fixtures.directory("model").appendingPathComponent(name)
            let request = try ForwardRequest(json: Data(contentsOf: dir.appendingPathComponent("inputs.json")), source: name)
            let kind: HeadKind = name.contains("token") ? .tokenClassification : name.contains("masked") ? .maskedLM : .sequenceClassification
            func logits(_ precision: Precision) throws -> [Float] {
                try XCTUnwrap(kind.load(directory: dir, precision: precision).forward(request)["logits"]).data
            }
            let fp32 = try logits(.fp32), bf16 = try logits(.bf16), x3 = try logits(.bf16x3)
            func worst(_ other: [Float]) -> Float { zip(fp32, other).map { abs($0 - $1) }.max() ?? 0 }
            let bf16Error = worst(bf16), x3Error = worst(x3)
            if BF16Weights.hasAMX {
                XCTAssertNotEqual(fp32, x3, "\(name): bf16x3 should not be sgemm on an AMX CPU")
                // 16 significant bits per operand against bf16's 8: some hundred times closer.
                XCTAssertLessThan(x3Error * 50, bf16Error, "\(name): bf16x3 off by \(x3Error), bf16 by \(bf16Error)")
            } else {
                XCTAssertEqual(fp32, x3, "\(name): without AMX bf16x3 is sgemm")
            }
            print("\(name): largest |logit - fp32| bf16 \(bf16Error), bf16x3 \(x3Error)")
        }
    }
}
