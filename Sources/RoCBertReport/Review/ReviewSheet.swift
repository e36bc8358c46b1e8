import RoCBertCore

/// A sample of successful attacks for people to judge: does a reader still read the original text
/// in the attacked one? Written as CSV to mark (and read back by `MarkedSheet`) or as markdown to read.
public struct ReviewSheet: Equatable, Sendable {
    /// The header of both forms; a marked CSV must carry exactly this one.
    public static let columns = ["run_id", "checkpoint", "attack", "example_index", "clean_text", "attacked_text", "changes",
                                 "mark", "reviewer", "note"]

    /// The rows, by run id, then example index.
    public var rows: [ReviewRow]
    /// The suites the runs belong to.
    public var suites: [String]
    /// At most this many rows per run.
    public var perRun: Int
    /// The seed the sample was drawn with.
    public var seed: UInt64

    /// Up to `perRun` successful attacks of each run, drawn with `seed`, ordered by run id, then example index.
    ///
    /// Each run draws from its own SplitMix64 stream, seeded from `seed` and the run id, so a run's
    /// rows depend only on the seed, its id and its successful examples: the same database and seed
    /// give the same sheet on every machine, and choosing other runs (`--suite`) leaves a run's rows as they were.
    public static func sample(data: ReportData, perRun: Int, seed: UInt64) -> ReviewSheet {
        var rows: [ReviewRow] = []
        for run in data.runs.sorted(by: { $0.info.id < $1.info.id }) {
            let candidates = run.records.filter { $0.status == .successful && $0.attackedText != nil }
            var random = SplitMix64(seed: seed, stream: UInt64(bitPattern: run.info.id))
            let chosen = partialShuffle(count: candidates.count, taking: max(0, perRun), using: &random)
            rows += chosen.map { candidates[$0] }.sorted { $0.exampleIndex < $1.exampleIndex }.map { ReviewRow(run: run, record: $0) }
        }
        return ReviewSheet(rows: rows, suites: data.suites, perRun: perRun, seed: seed)
    }

    /// The first `taking` positions of a Fisher–Yates shuffle of 0..<count: a uniform sample without repeats.
    static func partialShuffle(count: Int, taking: Int, using random: inout SplitMix64) -> [Int] {
        var positions = Array(0..<count)
        let k = min(taking, count)
        for i in 0..<k {
            positions.swapAt(i, i + random.below(count - i))
        }
        return Array(positions.prefix(k))
    }
}
