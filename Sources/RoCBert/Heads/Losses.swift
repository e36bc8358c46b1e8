import Foundation

/// The torch losses the heads use, reduced by mean as torch's defaults are.
public enum Losses {
    /// `CrossEntropyLoss(ignore_index:)` over rows of `logits` [n, classes]; NaN when every target is ignored, as in torch.
    public static func crossEntropy(_ logits: Tensor, targets: [Int], ignoreIndex: Int = -100) -> Float {
        let c = logits.lastDim
        var total = 0.0
        var count = 0
        var row = [Float](repeating: 0, count: c)
        logits.data.withUnsafeBufferPointer { p in
            row.withUnsafeMutableBufferPointer { r in
                for (i, t) in targets.enumerated() where t != ignoreIndex {
                    Normalization.logSoftmax(p.baseAddress! + i * c, width: c, into: r.baseAddress!)
                    total -= Double(r[t])
                    count += 1
                }
            }
        }
        return Float(total / Double(count))
    }

    /// `MSELoss()`: mean squared difference.
    public static func meanSquaredError(_ predictions: [Float], _ targets: [Float]) -> Float {
        var total = 0.0
        for (p, t) in zip(predictions, targets) { total += Double((p - t) * (p - t)) }
        return Float(total / Double(predictions.count))
    }

    /// `BCEWithLogitsLoss()`: mean of the numerically stable binary cross-entropy on logits.
    public static func binaryCrossEntropyWithLogits(_ logits: [Float], _ targets: [Float]) -> Float {
        var total = 0.0
        for (x, y) in zip(logits, targets) {
            total += Double(max(x, 0) - x * y + log1pf(expf(-abs(x))))
        }
        return Float(total / Double(logits.count))
    }
}
