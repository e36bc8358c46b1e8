import Foundation

/// `rocbert compare --format json`: every figure, interval and paired test of a comparison, for
/// scripts. Rates and their intervals are in percent, as in the report; Δ in percentage points.
public struct ComparisonDocument: Encodable {
    public struct Interval: Encodable, Equatable {
        public var lower: Double
        public var upper: Double
    }

    public struct Run: Encodable {
        public var id: Int64
        public var suite: String
        public var checkpoint: String
        public var attack: String
        public var precision: String
        public var datasetHash: String?
        public var n, successful, failed, skipped, errors: Int
        public var originalAccuracy, accuracyUnderAttack, attackSuccessRate: Double?
        public var avgPerturbedPercent, avgQueries, avgModelQueries: Double?
        /// By figure name (original_accuracy, accuracy_under_attack, …).
        public var intervals: [String: Interval]
    }

    public struct Paired: Encodable {
        /// The attack, or "worst case" for survival of every attack.
        public var attack: String
        public var baseline: String
        public var checkpoint: String
        public var shared: Int
        public var leftOut: Int
        public var survivedOnlyBaseline: Int
        public var survivedOnlyCheckpoint: Int
        public var deltaPoints: Double?
        public var deltaInterval: Interval?
        public var mcnemarP: Double
        public var significant: Bool
    }

    public struct Disagreement: Encodable {
        public var attack: String
        public var baseline: String
        public var checkpoint: String
        public var exampleIndex: Int
        public var exampleId: String
        public var cleanText: String
        public var baselineOutcome: String
        public var baselineAttackedText: String?
        public var checkpointOutcome: String
        public var checkpointAttackedText: String?
    }

    public var level: Double
    public var runs: [Run]
    public var paired: [Paired]
    /// Present when asked for (`--disagreements`).
    public var disagreements: [Disagreement]?

    /// The document of `report`'s data at its level and seed.
    public init(_ report: MarkdownReport, disagreements withDisagreements: Bool) {
        let data = report.data
        level = report.level
        func interval(_ ci: ConfidenceInterval?) -> Interval? { ci.map { Interval(lower: $0.lower, upper: $0.upper) } }
        runs = data.runs.map { r in
            let m = r.metrics
            let ci = RunIntervals(m, level: report.level, seed: report.bootstrapSeed, runId: r.info.id)
            var intervals: [String: Interval] = [:]
            for (name, value) in [("original_accuracy", ci.originalAccuracy), ("accuracy_under_attack", ci.accuracyUnderAttack),
                                  ("attack_success_rate", ci.attackSuccessRate), ("avg_perturbed_percent", ci.averagePerturbedPercent),
                                  ("avg_queries", ci.averageQueries), ("avg_model_queries", ci.averageModelQueries)] {
                intervals[name] = interval(value)
            }
            return Run(id: r.info.id, suite: r.info.key.suite, checkpoint: r.checkpointLabel, attack: r.attackLabel,
                       precision: r.info.key.precision.rawValue, datasetHash: r.info.key.datasetHash,
                       n: m.n, successful: m.successful, failed: m.failed, skipped: m.skipped, errors: m.errors,
                       originalAccuracy: m.originalAccuracy, accuracyUnderAttack: m.accuracyUnderAttack, attackSuccessRate: m.attackSuccessRate,
                       avgPerturbedPercent: m.averagePerturbedPercent, avgQueries: m.averageQueries, avgModelQueries: m.averageModelQueries,
                       intervals: intervals)
        }
        func pairedEntry(_ attack: String, _ baseline: String, _ checkpoint: String, _ c: PairedComparison) -> Paired {
            Paired(attack: attack, baseline: baseline, checkpoint: checkpoint, shared: c.shared, leftOut: c.leftOut,
                   survivedOnlyBaseline: c.baselineOnlySurvived, survivedOnlyCheckpoint: c.candidateOnlySurvived,
                   deltaPoints: c.delta.map { 100 * $0 }, deltaInterval: interval(c.interval?.percent),
                   mcnemarP: c.pValue, significant: c.shared > 0 && c.significant)
        }
        var tests: [Paired] = []
        var rows: [Disagreement] = []
        for attack in data.attacks {
            let attackRuns = data.runs(attack: attack)
            guard let base = attackRuns.first else { continue }
            for run in attackRuns.dropFirst() {
                guard let c = PairedSurvival.compare(run, with: base, level: report.level, seed: report.bootstrapSeed) else { continue }
                tests.append(pairedEntry(attack, base.checkpointLabel, run.checkpointLabel, c))
                guard withDisagreements else { continue }
                for d in PairedSurvival.disagreements(run, with: base) {
                    let (a, b) = (d.baseline, d.candidate)
                    rows.append(Disagreement(attack: attack, baseline: base.checkpointLabel, checkpoint: run.checkpointLabel,
                                             exampleIndex: d.index, exampleId: a.exampleId, cleanText: a.cleanText,
                                             baselineOutcome: PairedSurvival.outcomeName(a), baselineAttackedText: a.attackedText,
                                             checkpointOutcome: PairedSurvival.outcomeName(b), checkpointAttackedText: b.attackedText))
                }
            }
        }
        if let worst = WorstCase(data: data) {
            let base = worst.checkpoints[0]
            for checkpoint in worst.checkpoints.dropFirst() {
                let c = PairedComparison(baseline: worst.outcomes[base] ?? [:], candidate: worst.outcomes[checkpoint] ?? [:],
                                         level: report.level, seed: report.bootstrapSeed)
                tests.append(pairedEntry("worst case", base, checkpoint, c))
            }
        }
        paired = tests
        disagreements = withDisagreements ? rows : nil
    }

    /// Pretty-printed JSON with sorted snake_case keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The disagreements as CSV (RFC 4180), one row per example and checkpoint pair.
    public var disagreementsCSV: String {
        let header = ["attack", "baseline", "checkpoint", "example_index", "example_id", "clean_text",
                      "baseline_outcome", "baseline_attacked_text", "checkpoint_outcome", "checkpoint_attacked_text"]
        return CSV.record(header) + (disagreements ?? []).map { d in
            CSV.record([d.attack, d.baseline, d.checkpoint, String(d.exampleIndex), d.exampleId, d.cleanText,
                        d.baselineOutcome, d.baselineAttackedText ?? "", d.checkpointOutcome, d.checkpointAttackedText ?? ""])
        }.joined()
    }
}
