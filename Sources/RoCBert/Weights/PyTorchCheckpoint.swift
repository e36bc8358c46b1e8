import Foundation
import RoCBertCore

/// Reads the state dict of a `pytorch_model.bin` (torch.save's zip of data.pkl plus one entry per storage).
public enum PyTorchCheckpoint {
    private static let storageTypes: [String: DType] = [
        "FloatStorage": .f32, "HalfStorage": .f16, "BFloat16Storage": .bf16, "DoubleStorage": .f64,
        "LongStorage": .i64, "IntStorage": .i32, "ByteStorage": .u8, "BoolStorage": .bool,
    ]

    /// Every tensor of the state dict by name.
    public static func read(_ url: URL) throws -> [String: StoredTensor] {
        let path = url.path
        let zip = try ZipArchive(url: url)
        guard let pickleName = zip.entries.keys.filter({ $0.hasSuffix("data.pkl") }).min(by: { $0.count < $1.count }) else {
            throw RoCBertError(path, "no data.pkl inside: not a torch.save zip (legacy pre-1.6 pickles are not supported)")
        }
        let prefix = String(pickleName.dropLast("data.pkl".count))
        let root = try Unpickler(zip.data.subdata(in: zip.entries[pickleName]!), source: path).load()
        guard case .dict(let dict) = root else { throw RoCBertError(path, "data.pkl does not hold a state dict") }
        var out: [String: StoredTensor] = [:]
        for (k, v) in dict.items {
            guard case .string(let name) = k else { continue }
            // Non-tensor entries (e.g. _metadata) are skipped.
            guard let t = try tensor(v, name: name, zip: zip, prefix: prefix) else { continue }
            out[name] = t
        }
        return out
    }

    private static func tensor(_ v: Unpickler.Value, name: String, zip: ZipArchive, prefix: String) throws -> StoredTensor? {
        guard case .call(let callable, let args) = v, case .global(_, let fn) = callable else { return nil }
        let path = zip.path
        if fn == "_rebuild_parameter" || fn == "_rebuild_parameter_with_state", let inner = args.first {
            return try tensor(inner, name: name, zip: zip, prefix: prefix)
        }
        guard fn == "_rebuild_tensor_v2" || fn == "_rebuild_tensor", args.count >= 4,
              case .persistent(.tuple(let pid)) = args[0], pid.count >= 3,
              case .global(_, let storageType) = pid[1], case .string(let key) = pid[2],
              case .int(let offset) = args[1], case .tuple(let sizeValues) = args[2], case .tuple(let strideValues) = args[3]
        else { throw RoCBertError(path, "tensor \(name) is pickled in a form this reader does not know") }
        guard let dtype = storageTypes[storageType] else {
            throw RoCBertError(path, "tensor \(name) has unknown storage type \(storageType)")
        }
        func ints(_ vs: [Unpickler.Value]) throws -> [Int] {
            try vs.map { if case .int(let i) = $0 { return i }; throw RoCBertError(path, "tensor \(name) has a malformed size") }
        }
        guard let range = zip.entries[prefix + "data/" + key] else {
            throw RoCBertError(path, "tensor \(name): storage data/\(key) is missing from the archive")
        }
        let shape = try ints(sizeValues), strides = try ints(strideValues)
        guard offset >= 0, shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else {
            throw RoCBertError(path, "tensor \(name) has a negative storage offset, size or stride (offset \(offset), size \(shape), stride \(strides))")
        }
        guard strides.count == shape.count else {
            throw RoCBertError(path, "tensor \(name) has \(shape.count) sizes but \(strides.count) strides")
        }
        guard let span = StoredTensor.byteSpan(shape: shape, strides: strides, elementOffset: offset, elementSize: dtype.size,
                                               storageStart: range.lowerBound, storageEnd: range.upperBound)
        else {
            throw RoCBertError(path, "tensor \(name) (offset \(offset), size \(shape), stride \(strides)) reads past the end of its storage data/\(key)")
        }
        return StoredTensor(
            shape: shape, dtype: dtype, file: path,
            storage: zip.data, byteOffset: span.start, byteLimit: range.upperBound, strides: strides)
    }
}
