import Foundation
import RoCBertCore

/// Element types a checkpoint may store; floating ones are widened to Float32 on load.
public enum DType: String, Sendable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64", i64 = "I64", i32 = "I32", u8 = "U8", bool = "BOOL"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16: return 2
        case .u8, .bool: return 1
        }
    }

    /// Converts `count` little-endian elements at `raw` to Float32; nil for integer types.
    func toFloat(_ raw: UnsafeRawPointer, count: Int) -> [Float]? {
        switch self {
        case .f32:
            var out = [Float](repeating: 0, count: count)
            out.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: count * 4)) }
            return out
        case .f16:
            return (0..<count).map { Float(Float16(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        case .bf16:
            return (0..<count).map { Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) << 16) }
        case .f64:
            return (0..<count).map { Float(raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self)) }
        case .i64, .i32, .u8, .bool:
            return nil
        }
    }
}

/// One tensor as a checkpoint file describes it: where its bytes are and how to read them.
public struct StoredTensor: Sendable {
    public let shape: [Int]
    public let dtype: DType
    /// The file the bytes live in (for error messages).
    public let file: String
    let storage: Data
    /// Byte offset of element 0 within `storage`.
    let byteOffset: Int
    /// End of the bytes this tensor may read (its storage entry's end).
    let byteLimit: Int
    /// Element strides (row-major contiguous when nil).
    let strides: [Int]?

    /// The values widened to Float32, row-major.
    public func floats(key: String) throws -> [Float] {
        // Shapes, strides and offsets come from the file, so every product and sum is checked.
        guard let count = StoredTensor.checkedExtent(shape: shape, strides: nil, byteOffset: byteOffset, elementSize: dtype.size)?.count,
              let needed = StoredTensor.checkedExtent(shape: shape, strides: strides, byteOffset: byteOffset, elementSize: dtype.size)?.end,
              byteOffset >= 0, needed <= byteLimit, byteLimit <= storage.count
        else {
            throw RoCBertError(file, "tensor \(key) reads past the end of its storage: the file is truncated or the tensor misshapen")
        }
        return try storage.withUnsafeBytes { (buf: UnsafeRawBufferPointer) -> [Float] in
            guard let base = buf.baseAddress else { return [] }
            if let strides, strides != StoredTensor.contiguousStrides(shape) {
                // Rare in saved state dicts, but torch.save keeps views as they are.
                var out = [Float](repeating: 0, count: count)
                var index = [Int](repeating: 0, count: shape.count)
                for flat in 0..<count {
                    var off = 0
                    for d in 0..<shape.count { off += index[d] * strides[d] }
                    guard let v = dtype.toFloat(base + byteOffset + off * dtype.size, count: 1) else {
                        throw RoCBertError(file, "tensor \(key) has dtype \(dtype.rawValue), not a floating type")
                    }
                    out[flat] = v[0]
                    var d = shape.count - 1
                    while d >= 0 { index[d] += 1; if index[d] < shape[d] { break }; index[d] = 0; d -= 1 }
                }
                return out
            }
            guard let v = dtype.toFloat(base + byteOffset, count: count) else {
                throw RoCBertError(file, "tensor \(key) has dtype \(dtype.rawValue), not a floating type")
            }
            return v
        }
    }

    /// The element count of `shape` and the end of the bytes it reads from `byteOffset`
    /// (with `strides`, or row-major when nil); nil when a dimension or stride is negative or any step overflows.
    static func checkedExtent(shape: [Int], strides: [Int]?, byteOffset: Int, elementSize: Int) -> (count: Int, end: Int)? {
        if let strides, strides.count != shape.count { return nil }
        var count = 1
        var span = 1  // one past the furthest element, in elements
        for (d, n) in shape.enumerated() {
            guard n >= 0 else { return nil }
            let (c, o1) = count.multipliedReportingOverflow(by: n)
            guard !o1 else { return nil }
            count = c
            if let strides {
                guard strides[d] >= 0 else { return nil }
                let (reach, o2) = (n - 1).multipliedReportingOverflow(by: strides[d])
                let (s, o3) = span.addingReportingOverflow(reach)
                guard !o2, !o3 else { return nil }
                if n > 0 { span = s }
            }
        }
        if count == 0 { return (0, 0) }
        if strides == nil { span = count }
        let (bytes, o4) = span.multipliedReportingOverflow(by: elementSize)
        let (end, o5) = byteOffset.addingReportingOverflow(bytes)
        guard !o4, !o5 else { return nil }
        return (count, end)
    }

    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) { s[d] = acc; acc *= shape[d] }
        return s
    }
}
