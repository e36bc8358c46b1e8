import CBLAS

/// For every glyph vector, the `top` most similar others by cosine, highest first.
///
/// All-pairs similarity is one GEMM per block of rows (8,105² × 1,024 is ~130 GFLOP, a few seconds
/// on OpenBLAS); the block keeps the score matrix to a few tens of MB. It runs in fp64: in fp32 the
/// summation order of OpenBLAS's kernel (AVX2 on one CPU, AVX-512 on another) moved 178 of 162,100
/// printed similarities by one in the fourth decimal, and the table must be the same on every machine.
public enum NearestGlyphs {
    /// One neighbour: its index in the input and the cosine similarity.
    public struct Neighbour: Equatable, Sendable {
        public let index: Int
        public let similarity: Double
    }

    /// `vectors` are unit vectors of equal length `dimension`; ties break towards the lower
    /// `order` key (the code point), so the table never depends on thread timing.
    public static func search(vectors: [[Float]], dimension: Int, top: Int, order: [UInt32], block: Int = 512) -> [[Neighbour]] {
        let n = vectors.count
        precondition(order.count == n && vectors.allSatisfy { $0.count == dimension })
        var matrix = [Double](repeating: 0, count: n * dimension)
        for (i, v) in vectors.enumerated() { matrix.replaceSubrange(i * dimension..<(i + 1) * dimension, with: v.map(Double.init)) }
        var result = [[Neighbour]](repeating: [], count: n)
        var scores = [Double](repeating: 0, count: block * n)
        for start in stride(from: 0, to: n, by: block) {
            let rows = min(block, n - start)
            matrix.withUnsafeBufferPointer { m in
                scores.withUnsafeMutableBufferPointer { s in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(dimension),
                                1, m.baseAddress! + start * dimension, Int32(dimension),
                                m.baseAddress!, Int32(dimension), 0, s.baseAddress!, Int32(n))
                }
            }
            for r in 0..<rows {
                let i = start + r
                result[i] = topK(Array(scores[(r * n)..<(r * n + n)]), excluding: i, top: top, order: order)
            }
        }
        return result
    }

    /// The `top` best of one score row by insertion into a short sorted list: O(n) for small `top`.
    static func topK(_ row: [Double], excluding skip: Int, top: Int, order: [UInt32]) -> [Neighbour] {
        var best: [Neighbour] = []
        best.reserveCapacity(top + 1)
        func better(_ a: Neighbour, _ b: Neighbour) -> Bool {
            a.similarity != b.similarity ? a.similarity > b.similarity : order[a.index] < order[b.index]
        }
        for j in row.indices where j != skip {
            let candidate = Neighbour(index: j, similarity: row[j])
            if best.count == top, let last = best.last, !better(candidate, last) { continue }
            let at = best.firstIndex { better(candidate, $0) } ?? best.count
            best.insert(candidate, at: at)
            if best.count > top { best.removeLast() }
        }
        return best
    }
}
