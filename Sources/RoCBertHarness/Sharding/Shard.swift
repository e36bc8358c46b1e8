import Foundation
import RoCBertCore

/// One part of a suite split for a cluster: shard `index` (0-based) of `count`.
///
/// Each shard attacks its share of the suite's work units (`ShardAssignment`) into a database of
/// its own beside the suite's, and `rocbert merge` joins the shard databases into one.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// `index` in 0..<`count`; `source` names where the numbers came from for the error.
    public init(index: Int, count: Int, source: String = "--shard") throws {
        guard count >= 1 else { throw RoCBertError(source, "the shard count must be at least 1 (got \(count))") }
        guard (0..<count).contains(index) else {
            throw RoCBertError(source, "shard index \(index) is outside 0–\(count - 1) (indices are 0-based)")
        }
        self.index = index
        self.count = count
    }

    /// Reads `I/N`, e.g. `0/4` for the first of four shards.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw RoCBertError("--shard", "expected I/N (0-based index of N shards, e.g. 0/4) or env, got \(text)")
        }
        try self.init(index: i, count: n)
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }

    /// The shard's database: `NAME.shard-I-of-N.sqlite` beside the suite's `NAME.sqlite`.
    public func database(beside suiteDatabase: URL) -> URL {
        let stem = suiteDatabase.deletingPathExtension().lastPathComponent
        return suiteDatabase.deletingLastPathComponent().appendingPathComponent("\(stem).shard-\(index)-of-\(count).sqlite")
    }
}
