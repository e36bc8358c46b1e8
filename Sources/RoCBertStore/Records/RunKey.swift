/// What identifies an attack run; opening the same key again resumes it.
///
/// Identity is (suite, attack, SHA-256 of attackConfig, checkpointHash, head, seed);
/// checkpointName and checkpointPath are labels, so a copied checkpoint resumes the same run.
public struct RunKey: Equatable, Sendable {
    /// The attack suite name.
    public var suite: String
    /// The attack's name within the suite.
    public var attack: String
    /// The attack's configuration as canonical JSON (sorted keys, no whitespace).
    public var attackConfig: String
    /// A label for the checkpoint (not part of the identity).
    public var checkpointName: String
    /// Where the checkpoint was read from (not part of the identity).
    public var checkpointPath: String
    /// `CheckpointHash.compute(directory:)` of the checkpoint.
    public var checkpointHash: String
    /// The task head, e.g. `sequence-classification`.
    public var head: String
    /// The run's random seed (data order, random search).
    public var seed: Int

    /// A key; see the type for which fields identify the run.
    public init(suite: String, attack: String, attackConfig: String, checkpointName: String, checkpointPath: String, checkpointHash: String, head: String, seed: Int) {
        self.suite = suite
        self.attack = attack
        self.attackConfig = attackConfig
        self.checkpointName = checkpointName
        self.checkpointPath = checkpointPath
        self.checkpointHash = checkpointHash
        self.head = head
        self.seed = seed
    }
}
