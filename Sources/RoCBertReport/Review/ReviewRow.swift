import RoCBertStore

/// One attacked text to judge, as a review sheet shows it.
public struct ReviewRow: Equatable, Sendable {
    /// The run the example belongs to; with `exampleIndex`, what a mark is recorded against.
    public var runId: Int64
    /// The checkpoint's report label.
    public var checkpoint: String
    /// The attack's report label.
    public var attack: String
    /// The example's index in the run.
    public var exampleIndex: Int
    /// The text before the attack.
    public var cleanText: String
    /// The text the reviewer judges; the store refuses a mark whose text is not the recorded one.
    public var attackedText: String
    /// Each substitution as `原→新 (transformation)`, joined by `; `.
    public var changes: String
    /// Empty on a new sheet; `natural` or `unnatural` once judged.
    public var mark = ""
    /// Who judged; empty on a new sheet.
    public var reviewer = ""
    /// The reviewer's remark, never imported.
    public var note = ""

    /// The row for one successful example of `run`.
    init(run: ReportRun, record: ExampleRecord) {
        runId = run.info.id
        checkpoint = run.checkpointLabel
        attack = run.attackLabel
        exampleIndex = record.exampleIndex
        cleanText = record.cleanText
        attackedText = record.attackedText ?? ""
        changes = Self.changes(record.perturbations)
    }

    /// `未→末 (visual); 是→事 (homophone)`.
    static func changes(_ perturbations: [Perturbation]) -> String {
        perturbations.map { "\($0.original)→\($0.replacement) (\($0.transformation))" }.joined(separator: "; ")
    }

    /// The cells in `ReviewSheet.columns` order.
    var cells: [String] {
        ["\(runId)", checkpoint, attack, "\(exampleIndex)", cleanText, attackedText, changes, mark, reviewer, note]
    }
}
