import Foundation
import RoCBertCore

/// All tensors of a checkpoint folder: one safetensors or PyTorch file, or shards named by an index.
public struct CheckpointWeights: Sendable {
    /// Tensor name → where it is stored.
    public let tensors: [String: StoredTensor]
    /// The file (or index) the tensors came from, for messages.
    public let source: String

    public init(tensors: [String: StoredTensor], source: String) {
        self.tensors = tensors
        self.source = source
    }

    /// The weight files a HF folder may hold, in the order transformers prefers them.
    public static let candidateFiles = [
        "model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json",
    ]

    /// Loads the preferred weight file of a checkpoint folder.
    public init(directory: URL) throws {
        let fm = FileManager.default
        guard let name = CheckpointWeights.candidateFiles.first(where: { fm.fileExists(atPath: directory.appendingPathComponent($0).path) }) else {
            throw RoCBertError(directory.path, "no weight file: expected one of \(CheckpointWeights.candidateFiles.joined(separator: ", "))")
        }
        try self.init(file: directory.appendingPathComponent(name))
    }

    /// Loads one weight file or a sharded index.
    public init(file url: URL) throws {
        let name = url.lastPathComponent
        if name.hasSuffix(".index.json") {
            self.init(tensors: try CheckpointWeights.readIndex(url), source: url.path)
        } else if name.hasSuffix(".safetensors") {
            self.init(tensors: try SafeTensorsFile.read(url), source: url.path)
        } else {
            self.init(tensors: try PyTorchCheckpoint.read(url), source: url.path)
        }
    }

    private static func readIndex(_ url: URL) throws -> [String: StoredTensor] {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else { throw RoCBertError(path, "cannot read the index") }
        guard let map = try JSONValue.parse(data, source: path).object?["weight_map"]?.object else {
            throw RoCBertError(path, "no weight_map object in the shard index")
        }
        var shards: [String: [String]] = [:]
        for (tensor, file) in map {
            guard case .string(let f) = file else { throw RoCBertError(path, "weight_map entry \(tensor) is not a file name") }
            shards[f, default: []].append(tensor)
        }
        var out: [String: StoredTensor] = [:]
        for (file, names) in shards.sorted(by: { $0.key < $1.key }) {
            let shardURL = url.deletingLastPathComponent().appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: shardURL.path) else {
                throw RoCBertError(path, "shard \(file) named by the index is missing")
            }
            let shard = file.hasSuffix(".safetensors") ? try SafeTensorsFile.read(shardURL) : try PyTorchCheckpoint.read(shardURL)
            for n in names {
                guard let t = shard[n] else { throw RoCBertError(shardURL.path, "tensor \(n) named by the index is not in this shard") }
                out[n] = t
            }
        }
        return out
    }
}
