/// What identifies an attack run: opening the same key again resumes it.
///
/// Identity is (suite, attack spec, checkpoint content hash, precision, dataset content hash, head,
/// seed). `checkpointName` and `checkpointPath` are labels, so a copied or renamed checkpoint
/// resumes the same run; the attack's name is part of the spec.
public struct RunKey: Codable, Equatable, Sendable {
    /// The attack suite name.
    public var suite: String
    /// The attack, with everything that changes its results.
    public var attack: AttackSpec
    /// A label for the checkpoint (not part of the identity).
    public var checkpointName: String
    /// Where the checkpoint was read from (not part of the identity).
    public var checkpointPath: String
    /// SHA-256 over the checkpoint's defining files (config, vocabulary, tables, weights).
    public var checkpointHash: String
    /// How the model multiplied.
    public var precision: Precision
    /// SHA-256 over the examples the suite selects (after its limit and seed); nil only for runs
    /// recorded before the store kept it (schema version 2 and older).
    public var datasetHash: String?
    /// The task head.
    public var head: AttackTask
    /// The run's random seed (data sample, random search).
    public var seed: UInt64

    public init(suite: String, attack: AttackSpec, checkpointName: String, checkpointPath: String, checkpointHash: String,
                precision: Precision, datasetHash: String?, head: AttackTask, seed: UInt64) {
        self.suite = suite
        self.attack = attack
        self.checkpointName = checkpointName
        self.checkpointPath = checkpointPath
        self.checkpointHash = checkpointHash
        self.precision = precision
        self.datasetHash = datasetHash
        self.head = head
        self.seed = seed
    }

    /// SHA-256 of the attack's canonical JSON, the store's index of it.
    public var attackHash: String { ContentHash.hex(attack.canonicalJSON) }
}
