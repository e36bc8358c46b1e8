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

    /// The values widened to Float32, row-major. A view that reads past its storage, one with more
    /// elements than its storage holds, and any NaN or infinity are refused in one line naming the tensor.
    public func floats(key: String) throws -> [Float] {
        guard byteLimit <= storage.count,
              let span = StoredTensor.byteSpan(shape: shape, strides: strides, elementOffset: 0, elementSize: dtype.size,
                                               storageStart: byteOffset, storageEnd: byteLimit)
        else {
            throw RoCBertError(file, "tensor \(key) reads past the end of its storage: the file is truncated or the tensor misshapen")
        }
        let count = span.count
        // A view may repeat elements (stride 0, as expand() makes), so a few bytes of file could ask for
        // 2^40 elements, or for a config-sized [2^20, 2^16] from a 4-byte storage. A model's parameters
        // own their storage (safetensors cannot even express a repeating view), so the count is held to
        // the elements the storage holds from the tensor's first one on: what this allocates never
        // exceeds the file's own bytes widened to Float32, whatever shape the file or config claims.
        let stored = (byteLimit - byteOffset) / dtype.size
        guard count <= stored else {
            throw RoCBertError(file, "tensor \(key) has \(count) elements (size \(shape), stride \(strides ?? [])) but its storage holds \(stored) from where it starts: a view that repeats elements is not a model parameter")
        }
        let values = try widened(count: count, key: key)
        if let bad = NonFiniteScan.first(in: values) {
            let what = bad.value.isNaN ? "NaN" : bad.value < 0 ? "-Inf" : "+Inf"
            // A finite F64 beyond Float32's range becomes infinite only here; say so rather than blame the file.
            let narrowed = dtype == .f64 && !bad.value.isNaN ? " once narrowed to F32" : ""
            throw RoCBertError(file, "tensor \(key) holds \(what)\(narrowed) (first at element \(bad.index))")
        }
        return values
    }

    /// The `count` elements this tensor reads, widened to Float32 in row-major order (bounds already checked).
    private func widened(count: Int, key: String) throws -> [Float] {
        try storage.withUnsafeBytes { (buf: UnsafeRawBufferPointer) -> [Float] in
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

    /// The element count and byte range a tensor reads: from element `elementOffset` of the storage that
    /// starts at `storageStart` to the farthest element its shape and strides reach, Σ (size − 1)·stride + 1.
    /// nil when a size, stride or offset is negative, the arithmetic overflows, or the range leaves the
    /// storage; checking this before forming any pointer keeps a hostile file from reading outside its bytes.
    static func byteSpan(shape: [Int], strides: [Int]?, elementOffset: Int, elementSize: Int,
                         storageStart: Int, storageEnd: Int) -> (count: Int, start: Int, end: Int)? {
        guard elementOffset >= 0, elementSize > 0, storageStart >= 0, storageStart <= storageEnd,
              shape.allSatisfy({ $0 >= 0 }) else { return nil }
        var count = 1
        for s in shape {
            let (c, o) = count.multipliedReportingOverflow(by: s)
            guard !o else { return nil }
            count = c
        }
        var extent = count
        if let strides {
            guard strides.count == shape.count, strides.allSatisfy({ $0 >= 0 }) else { return nil }
            extent = count == 0 ? 0 : 1
            if count > 0 {
                for (size, st) in zip(shape, strides) {
                    let (reach, o1) = (size - 1).multipliedReportingOverflow(by: st)
                    let (e, o2) = extent.addingReportingOverflow(reach)
                    guard !o1, !o2 else { return nil }
                    extent = e
                }
            }
        }
        let (offsetBytes, o1) = elementOffset.multipliedReportingOverflow(by: elementSize)
        let (start, o2) = storageStart.addingReportingOverflow(offsetBytes)
        let (extentBytes, o3) = extent.multipliedReportingOverflow(by: elementSize)
        let (end, o4) = start.addingReportingOverflow(extentBytes)
        guard !o1, !o2, !o3, !o4, start <= storageEnd, end <= storageEnd else { return nil }
        return (count, start, end)
    }

    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) { s[d] = acc; acc &*= shape[d] }
        return s
    }
}
