import Crypto
import Foundation
import RoCBertCore

/// A checkpoint's identity by content, so a copied checkpoint matches and a retrained one does not.
public enum CheckpointHash {
    /// Files that define the model besides the weights; the tokenizer options (BERT checkpoints such as
    /// bert-base-chinese set do_lower_case there) change what the model is given.
    static let definingFiles: Set<String> = [
        "config.json", "vocab.txt", "word_shape.json", "word_pronunciation.json", "tokenizer_config.json", "special_tokens_map.json",
    ]

    /// Bytes read at a time, so multi-gigabyte weight files are never held in memory.
    static let chunkSize = 4 << 20

    /// Names that carry weights: single files, shards and their index.
    static func isWeightFile(_ name: String) -> Bool {
        name.hasSuffix(".safetensors") || name.hasSuffix(".bin") || name.hasSuffix(".safetensors.index.json") || name.hasSuffix(".bin.index.json")
    }

    /// The files `compute` hashes, sorted by name.
    public static func files(directory: URL) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw RoCBertError(directory.path, "cannot list the checkpoint folder")
        }
        let chosen = names.filter { definingFiles.contains($0) || isWeightFile($0) }
        // Byte order of the UTF-8 names, so the order does not depend on locale.
        return chosen.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// SHA-256 hex over each file's name, length and bytes, in sorted name order.
    public static func compute(directory: URL) throws -> String {
        let names = try files(directory: directory)
        guard names.contains("config.json") else {
            throw RoCBertError(directory.path, "no config.json; not a checkpoint folder")
        }
        guard names.contains(where: isWeightFile) else {
            throw RoCBertError(directory.path, "no weight file (model.safetensors, pytorch_model.bin or shards)")
        }
        var hasher = SHA256()
        // Versioned, so a later change of scheme cannot collide with these hashes.
        hasher.update(data: Data("rocbert-checkpoint-hash-v1\0".utf8))
        for name in names {
            try hashFile(directory.appendingPathComponent(name), name: name, into: &hasher)
        }
        return ContentHash.hex(digest: hasher.finalize())
    }

    /// Name, NUL, length as 8 big-endian bytes, then the bytes: unambiguous framing between files.
    private static func hashFile(_ url: URL, name: String, into hasher: inout SHA256) throws {
        let length: UInt64
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            length = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        } catch {
            throw RoCBertError(url.path, "cannot read the file's size")
        }
        hasher.update(data: Data((name + "\0").utf8))
        hasher.update(data: Data((0..<8).reversed().map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }))

        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw RoCBertError(url.path, "cannot open the file for reading")
        }
        defer { try? handle.close() }
        var read: UInt64 = 0
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: chunkSize) } catch {
                throw RoCBertError(url.path, "read failed after \(read) bytes")
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
            read += UInt64(chunk.count)
        }
        guard read == length else {
            throw RoCBertError(url.path, "file changed while hashing (\(read) bytes read, \(length) expected)")
        }
    }
}
