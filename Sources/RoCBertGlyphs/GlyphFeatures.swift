/// A glyph as a unit vector for cosine similarity: blurred, downsampled, mean-centred.
///
/// Raw pixels make near-identical shapes look unrelated when one stroke sits a pixel
/// further along (日/曰, 拨/拔); a Gaussian blur of σ = size/21 (3 px at 64 px) lets
/// neighbouring strokes overlap. Centring removes the "lots of ink" component that would
/// otherwise make every dense character similar to every other. Chosen on 35 known
/// confusable pairs (RealTableTests.confusablePairs): this setting puts each pair within
/// the top 3 of the other's list; unblurred pixels managed 31 of 35.
public struct GlyphFeatures: Sendable {
    /// Blur standard deviation in pixels of the rendered bitmap.
    public let sigma: Double
    /// Side of the square averaging cell when downsampling.
    public let cell: Int

    /// The setting measured in the type's documentation, scaled to the bitmap size.
    public init(bitmapSize: Int) {
        self.init(sigma: Double(bitmapSize) * 3 / 64, cell: max(1, bitmapSize / 32))
    }

    public init(sigma: Double, cell: Int) {
        self.sigma = sigma
        self.cell = cell
    }

    /// Length of the vector `vector(of:)` returns for a bitmap of `size` pixels.
    public func dimension(bitmapSize size: Int) -> Int { (size / cell) * (size / cell) }

    /// The unit feature vector of `bitmap` (all zeros for a blank glyph).
    public func vector(of bitmap: GlyphBitmap) -> [Float] {
        let n = bitmap.size
        var image = bitmap.pixels.map { Float($0) / 255 }
        if sigma > 0 { image = blur(image, size: n) }
        let m = n / cell
        var out = [Float](repeating: 0, count: m * m)
        let scale = 1 / Float(cell * cell)
        for y in 0..<m {
            for x in 0..<m {
                var sum: Float = 0
                for dy in 0..<cell { for dx in 0..<cell { sum += image[(y * cell + dy) * n + x * cell + dx] } }
                out[y * m + x] = sum * scale
            }
        }
        let mean = out.reduce(0, +) / Float(out.count)
        var norm: Float = 0
        for i in out.indices { out[i] -= mean; norm += out[i] * out[i] }
        norm = norm.squareRoot()
        if norm > 0 { for i in out.indices { out[i] /= norm } }
        return out
    }

    /// Separable Gaussian blur, zero outside the image (paper around the em box).
    private func blur(_ image: [Float], size n: Int) -> [Float] {
        let radius = Int((3 * sigma).rounded(.up))
        var kernel = (-radius...radius).map { Float(Foundation.exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        var rows = [Float](repeating: 0, count: n * n)
        for y in 0..<n {
            for x in 0..<n {
                var s: Float = 0
                for k in -radius...radius where x + k >= 0 && x + k < n { s += kernel[k + radius] * image[y * n + x + k] }
                rows[y * n + x] = s
            }
        }
        var out = [Float](repeating: 0, count: n * n)
        for y in 0..<n {
            for x in 0..<n {
                var s: Float = 0
                for k in -radius...radius where y + k >= 0 && y + k < n { s += kernel[k + radius] * rows[(y + k) * n + x] }
                out[y * n + x] = s
            }
        }
        return out
    }
}

import Foundation
