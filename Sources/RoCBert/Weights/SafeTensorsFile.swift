import Foundation
import RoCBertCore

/// Reads the tensor table of a `.safetensors` file (memory-mapped; bytes are read on demand).
public enum SafeTensorsFile {
    /// Every tensor of the file by name.
    public static func read(_ url: URL) throws -> [String: StoredTensor] {
        let path = url.path
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw RoCBertError(path, "cannot read the weight file")
        }
        guard data.count >= 8 else { throw RoCBertError(path, "truncated safetensors file: \(data.count) bytes, no header") }
        let headerSize = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        // Compared as UInt64 so a length near 2^64 cannot wrap when converted or added.
        guard headerSize <= UInt64(data.count - 8) else {
            throw RoCBertError(path, "truncated safetensors file: header of \(headerSize) bytes but only \(data.count - 8) follow")
        }
        let headerEnd = 8 + Int(headerSize)
        guard case .object(let header) = try JSONValue.parse(data.subdata(in: 8..<headerEnd), source: path) else {
            throw RoCBertError(path, "safetensors header is not a JSON object")
        }
        let body = data.count - headerEnd
        var out: [String: StoredTensor] = [:]
        for (name, entry) in header where name != "__metadata__" {
            guard let e = entry.object,
                  case .string(let dt)? = e["dtype"],
                  let shapeValues = e["shape"]?.array,
                  let offsets = e["data_offsets"]?.array, offsets.count == 2,
                  case .int(let begin) = offsets[0], case .int(let end) = offsets[1]
            else { throw RoCBertError(path, "tensor \(name) has a malformed header entry") }
            guard let dtype = DType(rawValue: dt) else {
                throw RoCBertError(path, "tensor \(name) has unsupported dtype \(dt) (F32, F16, BF16, F64 and integer types are read)")
            }
            let shape = try shapeValues.map { v -> Int in
                guard case .int(let n) = v else { throw RoCBertError(path, "tensor \(name) has a malformed shape") }
                guard n >= 0 else { throw RoCBertError(path, "tensor \(name) has a negative dimension \(n) in its shape") }
                return n
            }
            // Every size below comes from the file, so each product is checked before it is used.
            guard let byteCount = SafeTensorsFile.byteCount(shape: shape, elementSize: dtype.size) else {
                throw RoCBertError(path, "tensor \(name) has shape \(shape) whose \(dt) byte count overflows")
            }
            guard begin >= 0, end >= 0 else {
                throw RoCBertError(path, "tensor \(name) has negative data_offsets [\(begin), \(end)]")
            }
            guard end >= begin else {
                throw RoCBertError(path, "tensor \(name) has data_offsets out of order: [\(begin), \(end)]")
            }
            guard end - begin == byteCount else {
                throw RoCBertError(path, "tensor \(name) spans bytes \(begin)..<\(end), not the \(byteCount) its shape \(shape) and dtype \(dt) need")
            }
            guard end <= body else {
                throw RoCBertError(path, "truncated safetensors file: tensor \(name) ends at byte \(end) of a \(body)-byte body")
            }
            out[name] = StoredTensor(shape: shape, dtype: dtype, file: path, storage: data, byteOffset: headerEnd + begin, byteLimit: headerEnd + end, strides: nil)
        }
        return out
    }

    /// The bytes `shape` elements of `elementSize` bytes take, or nil when the product overflows Int.
    static func byteCount(shape: [Int], elementSize: Int) -> Int? {
        var total = elementSize
        for n in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: n)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// Writes Float32 tensors as a safetensors file (keys sorted, as the reference writer does).
    public static func write(_ tensors: [String: Tensor], to url: URL) throws {
        var header: [String] = []
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            let end = offset + t.count * 4
            header.append("\"\(name)\":{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var json = Array(("{" + header.joined(separator: ",") + "}").utf8)
        while json.count % 8 != 0 { json.append(0x20) }  // keeps the data 8-byte aligned
        var data = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: json)
        for name in names { tensors[name]!.data.withUnsafeBytes { data.append(contentsOf: $0) } }
        do { try data.write(to: url) } catch { throw RoCBertError(url.path, "cannot write the weight file") }
    }
}
