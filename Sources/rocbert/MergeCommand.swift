import ArgumentParser
import Foundation
import RoCBertStore

/// `rocbert merge`: shard databases of one suite (`run --shard`) joined into one results database.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard databases of a suite run with --shard into one results database (idempotent; refuses conflicting rows and shards of other plans).",
        discussion: "Every example row is copied as the shard recorded it; the output's report equals the report of the whole suite run in one process. What is still missing (shards not merged, examples not recorded) is printed; merge again when it has run."
    )

    @Argument(help: "The merged database (created if missing; a previous merge of the same suite is extended).")
    var output: String

    @Argument(help: "Shard databases (NAME.shard-I-of-N.sqlite).")
    var shards: [String]

    @Flag(help: "Refuse (and leave the output as it was) unless every shard and every example is there.")
    var complete = false

    func run() throws {
        try reportingErrors {
            guard !shards.isEmpty else { throw ValidationError("give at least one shard database after the output") }
            let summary = try ShardMerge.merge(into: output, shards: shards, requireComplete: complete)
            for line in summary.lines { print(line) }
        }
    }
}
