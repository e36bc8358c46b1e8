import RoCBertAttack
import RoCBertCore

/// Proposes candidate edits at a slot of a text.
public typealias CandidateGenerator = (PerturbedText, Int) -> [SlotEdit]
/// Orders and trims a slot's candidates (masked-LM guidance).
public typealias CandidateRanker = @Sendable (PerturbedText, Int, [SlotEdit]) -> [SlotEdit]

/// What the runner needs for each checkpoint and attack of a suite. `SuiteWiring` builds the real
/// ones from checkpoint folders and tables; tests supply toy ones.
public protocol SuiteComponents {
    /// Function words an attack leaves alone when the constraints say so.
    var stopwords: Set<String> { get }
    /// The model of a checkpoint, wrapped for the suite's task.
    func victim(_ checkpoint: CheckpointSpec) throws -> any VictimModel
    /// The candidate generator of an attack on a checkpoint (its vocabulary flags out-of-vocabulary candidates).
    func candidates(_ attack: AttackSpec, _ checkpoint: CheckpointSpec) throws -> CandidateGenerator
    /// The masked-LM ranker of an mlm-guided attack (nil for other searches).
    func ranker(_ attack: AttackSpec, _ checkpoint: CheckpointSpec) throws -> CandidateRanker?
    /// The checkpoint's content hash.
    func checkpointHash(_ checkpoint: CheckpointSpec) throws -> String
}
