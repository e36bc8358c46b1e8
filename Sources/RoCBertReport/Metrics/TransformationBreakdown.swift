/// Per transformation: how often successful attacks used it, and how attacks that may use it fared.
public struct TransformationBreakdown: Equatable, Sendable {
    /// One transformation.
    public struct Row: Equatable, Sendable {
        /// Its name, as in configs and perturbations.
        public var transformation: String
        /// Perturbations with this transformation in successful attacks.
        public var perturbationsInSuccessfulAttacks: Int
        /// Successful attacks with at least one perturbation from it.
        public var successfulAttacksUsingIt: Int
        /// Runs whose attack config lists it.
        public var runsConfiguredWithIt: Int
        /// Summed over those runs.
        public var successful: Int
        /// Summed over those runs.
        public var failed: Int
        /// successful / (successful + failed) over those runs, in percent.
        public var attackSuccessRate: Double? { RunMetrics.percent(successful, successful + failed) }
    }

    /// Sorted by perturbations made (most first), then name.
    public var rows: [Row]

    /// Counts over `runs`.
    public init(runs: [ReportRun]) {
        var table: [String: Row] = [:]
        func row(_ name: String) -> Row {
            table[name] ?? Row(transformation: name, perturbationsInSuccessfulAttacks: 0, successfulAttacksUsingIt: 0, runsConfiguredWithIt: 0, successful: 0, failed: 0)
        }
        for run in runs {
            for name in Set(run.spec.transformations) {
                var r = row(name)
                r.runsConfiguredWithIt += 1
                r.successful += run.metrics.successful
                r.failed += run.metrics.failed
                table[name] = r
            }
            for record in run.records where record.status == .successful {
                for p in record.perturbations {
                    var r = row(p.transformation)
                    r.perturbationsInSuccessfulAttacks += 1
                    table[p.transformation] = r
                }
                for name in Set(record.perturbations.map(\.transformation)) {
                    table[name]!.successfulAttacksUsingIt += 1
                }
            }
        }
        rows = table.values.sorted {
            ($0.perturbationsInSuccessfulAttacks, $1.transformation) > ($1.perturbationsInSuccessfulAttacks, $0.transformation)
        }
    }
}
