import RoCBertStore

/// Whether a RoCBert checkpoint's shape and pronunciation inputs stayed the same under the
/// substitutions that beat it, per transformation. RoCBert's bet is that a look-alike keeps the
/// shape id and a homophone the pronunciation id, so the model still sees the original through
/// those channels; a low share shows the channels did not take part.
public struct SideChannelMetrics: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public var transformation: String
        /// Substitutions of successful attacks made by the transformation.
        public var substitutions = 0
        /// Of those where it is recorded, the share (percent) that kept the shape id; nil when none is.
        public var shapeKeptShare: Double?
        /// Likewise for the pronunciation id.
        public var pronunciationKeptShare: Double?
    }

    /// One row per transformation used by the run's successful attacks, by name; empty when the
    /// run recorded no side-channel facts (a checkpoint without side inputs, or rows before schema 8).
    public var rows: [Row] = []

    public init(records: [ExampleRecord]) {
        let edits = records.filter { $0.status == .successful }.flatMap(\.perturbations)
        guard edits.contains(where: { $0.shapeKept != nil || $0.pronunciationKept != nil }) else { return }
        rows = Dictionary(grouping: edits, by: \.transformation).sorted { $0.key < $1.key }.map { name, group in
            let shape = group.compactMap(\.shapeKept), sound = group.compactMap(\.pronunciationKept)
            return Row(transformation: name, substitutions: group.count,
                       shapeKeptShare: RunMetrics.percent(shape.filter { $0 }.count, shape.count),
                       pronunciationKeptShare: RunMetrics.percent(sound.filter { $0 }.count, sound.count))
        }
    }
}
