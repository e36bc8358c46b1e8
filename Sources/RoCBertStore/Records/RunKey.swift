/// What identifies an attack run; opening the same key again resumes it.
///
/// Identity is (suite, attack, SHA-256 of attackConfig, checkpointHash, head, seed);
/// checkpointName and checkpointPath are labels, so a copied checkpoint resumes the same run.
public struct RunKey: Equatable, Sendable {
    public var suite: String
    public var attack: String
    /// The attack's configuration as canonical JSON (sorted keys, no whitespace).
    public var attackConfig: String
    public var checkpointName: String
    public var checkpointPath: String
    /// `CheckpointHash.compute(directory:)` of the checkpoint.
    public var checkpointHash: String
    public var head: String
    public var seed: Int

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
