/// HELM's worst case over a suite's attacks: an example counts as robust for a checkpoint only if it
/// survives every attack (classified correctly and not flipped by any). Examples missing or in error
/// under some attack are left out, so every checkpoint is judged on examples all its attacks saw.
public struct WorstCase: Sendable {
    /// Per checkpoint label: survived every attack, by example index.
    public var outcomes: [String: [Int: Bool]]
    /// Checkpoint labels, baseline first.
    public var checkpoints: [String]

    /// nil unless there are two or more attacks, every checkpoint has a run of each, and all runs
    /// attacked one data set (otherwise example indices name different texts).
    public init?(data: ReportData) {
        guard data.attacks.count >= 2 else { return nil }
        let hashes = Set(data.runs.compactMap(\.info.key.datasetHash))
        guard hashes.count <= 1 else { return nil }
        var outcomes: [String: [Int: Bool]] = [:]
        for checkpoint in data.checkpoints {
            let runs = data.attacks.compactMap { attack in data.runs(attack: attack).first { $0.checkpointLabel == checkpoint } }
            guard runs.count == data.attacks.count else { return nil }
            let perAttack = runs.map { PairedSurvival.outcomes($0.records) }
            var all: [Int: Bool] = [:]
            for (index, survived) in perAttack[0] where perAttack.dropFirst().allSatisfy({ $0[index] != nil }) {
                all[index] = survived && perAttack.dropFirst().allSatisfy { $0[index]! }
            }
            outcomes[checkpoint] = all
        }
        self.outcomes = outcomes
        checkpoints = data.checkpoints
    }

    /// Share of `checkpoint`'s examples that survived every attack, in percent; nil with no examples.
    public func accuracy(_ checkpoint: String) -> Double? {
        guard let o = outcomes[checkpoint], !o.isEmpty else { return nil }
        return 100 * Double(o.values.filter { $0 }.count) / Double(o.count)
    }
}
