/// A failure of the result store or the checkpoint hash; every case names the file it is about.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database was written by newer code; it is left untouched.
    case newerSchema(file: String, found: Int, supported: Int)
    /// `ResultStore(path:create: false)` on a file that does not exist.
    case missingDatabase(file: String)
    /// A SQLite file with other tables and no RoCBert schema version (or, when not creating, an empty one).
    case notAResultsDatabase(file: String)
    /// That (run, example) is already recorded; the stored row is kept.
    case duplicateExample(file: String, runId: Int64, exampleIndex: Int)
    /// No run with that id.
    case noSuchRun(file: String, runId: Int64)
    /// The run was finished; reopen it with `openRun` before recording more.
    case runFinished(file: String, runId: Int64)
    /// A stored value that cannot be decoded (hand-edited or damaged).
    case corruptValue(file: String, detail: String)
    /// A run like the one being opened was recorded on other examples (the data file, its limit or
    /// its seed changed); continuing it would mix two data sets.
    case datasetChanged(file: String, runId: Int64, run: String, recorded: String, current: String)
    /// A stored run whose description does not decode (hand-edited or damaged).
    case unreadableRun(file: String, runId: Int64, attack: String, problem: String)
    /// A judgement that does not fit the example it names (no such example, another attacked text,
    /// an unknown mark, no reviewer); nothing of its batch was recorded.
    case refusedJudgement(file: String, runId: Int64, exampleIndex: Int, problem: String)
    /// A shard database that belongs to another shard or plan, or a database that cannot take a shard.
    case shardRefused(file: String, problem: String)
    /// A merge that cannot be done as asked (conflicting rows, shards of other plans, other schema
    /// versions); the output database was left as it was.
    case mergeRefused(file: String, problem: String)

    /// One line: `file: problem`.
    public var description: String {
        switch self {
        case let .newerSchema(file, found, supported):
            return "\(file): database schema version \(found) is newer than this rocbert supports (version \(supported)); upgrade rocbert. The database was not modified"
        case let .missingDatabase(file):
            return "\(file): no such database"
        case let .notAResultsDatabase(file):
            return "\(file): not a rocbert results database (no schema version); refusing to add tables to it"
        case let .duplicateExample(file, runId, index):
            return "\(file): example \(index) of run \(runId) is already recorded; refusing to overwrite it"
        case let .noSuchRun(file, runId):
            return "\(file): no run with id \(runId)"
        case let .runFinished(file, runId):
            return "\(file): run \(runId) is finished; run its suite again to reopen it"
        case let .corruptValue(file, detail):
            return "\(file): \(detail)"
        case let .datasetChanged(file, runId, run, recorded, current):
            return "\(file): run \(runId) (\(run)) was recorded on other examples: dataset hash \(recorded) then, \(current) now "
                + "(the data file, its limit or its seed changed); point the suite's database: at a new file to attack the new examples"
        case let .unreadableRun(file, runId, attack, problem):
            return "\(file): run \(runId) (\(attack)): \(problem)"
        case let .refusedJudgement(file, runId, index, problem):
            return "\(file): judgement of example \(index) of run \(runId) refused: \(problem); no judgement of this batch was recorded"
        case let .shardRefused(file, problem):
            return "\(file): \(problem)"
        case let .mergeRefused(file, problem):
            return "\(file): \(problem); nothing was merged"
        }
    }
}
