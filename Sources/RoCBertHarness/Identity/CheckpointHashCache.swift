import Foundation
import RoCBertCore

/// Checkpoint hashes computed once per process: hashing reads every weight byte, and a suite asks
/// for the hash of each checkpoint for every attack. An entry is reused only while the folder's
/// hashed files keep their sizes and modification times, so a checkpoint rewritten in place is hashed again.
public final class CheckpointHashCache: @unchecked Sendable {
    public static let shared = CheckpointHashCache()

    private struct Entry {
        let stamp: [String]
        let hash: String
    }

    private var entries: [String: Entry] = [:]
    private let lock = NSLock()

    public init() {}

    /// The hash of `directory`, from the cache while its files are unchanged.
    public func hash(directory: URL) throws -> String {
        let key = directory.standardizedFileURL.resolvingSymlinksInPath().path
        let stamp = try Self.stamp(directory)
        if let e = lock.withLock({ entries[key] }), e.stamp == stamp { return e.hash }
        let hash = try CheckpointHash.compute(directory: directory)
        lock.withLock { entries[key] = Entry(stamp: stamp, hash: hash) }
        return hash
    }

    /// A hash computed elsewhere (a `run --jobs` parent hands its hashes to the workers).
    public func seed(directory: URL, hash: String) throws {
        let key = directory.standardizedFileURL.resolvingSymlinksInPath().path
        let stamp = try Self.stamp(directory)
        lock.withLock { entries[key] = Entry(stamp: stamp, hash: hash) }
    }

    /// Name, size and modification time of every hashed file.
    private static func stamp(_ directory: URL) throws -> [String] {
        try CheckpointHash.files(directory: directory).map { name in
            let path = directory.appendingPathComponent(name).path
            guard let a = try? FileManager.default.attributesOfItem(atPath: path) else {
                throw RoCBertError(path, "cannot read the file's size")
            }
            let size = (a[.size] as? NSNumber)?.uint64Value ?? 0
            let modified = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name)\u{0}\(size)\u{0}\(modified)"
        }
    }
}
