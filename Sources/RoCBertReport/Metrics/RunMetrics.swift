import RoCBertStore

/// TextAttack's attack metrics for one run; every rate is in percent, nil when its denominator is zero.
public struct RunMetrics: Equatable, Sendable {
    /// Attacks that changed a correct prediction.
    public var successful = 0
    /// Attacks that found no change of a correct prediction.
    public var failed = 0
    /// Clean prediction already wrong.
    public var skipped = 0
    /// Examples that could not be run; counted apart and excluded from N.
    public var errors = 0

    /// successful + failed + skipped.
    public var n: Int { successful + failed + skipped }
    /// (N − skipped) / N.
    public var originalAccuracy: Double? { Self.percent(n - skipped, n) }
    /// failed / N.
    public var accuracyUnderAttack: Double? { Self.percent(failed, n) }
    /// successful / (successful + failed).
    public var attackSuccessRate: Double? { Self.percent(successful, successful + failed) }
    /// Mean over successful attacks of 100 · perturbedCharacters / textLength.
    public var averagePerturbedPercent: Double?
    /// Mean goal-function queries (cache hits included) over successful and failed examples.
    public var averageQueries: Double?
    /// Mean rows sent to the model over successful and failed examples.
    public var averageModelQueries: Double?
    /// Mean of each extra metric (e.g. clean_f1) over the non-error examples that report it;
    /// `truncated` (a 0/1 flag) is counted in `truncatedExamples` instead.
    public var extraMetricMeans: [String: Double] = [:]
    /// Non-error examples whose text was longer than the model's window (the model saw its start only).
    public var truncatedExamples = 0
    /// The per-example values behind the means, for their bootstrap intervals.
    public var perturbedPercentSamples: [Double] = []
    public var querySamples: [Double] = []
    public var modelQuerySamples: [Double] = []

    /// Counts and averages from a run's records.
    public init(records: [ExampleRecord]) {
        var perturbedPercents: [Double] = []
        var queries: [Double] = []
        var modelQueries: [Double] = []
        var extras: [String: [Double]] = [:]
        for r in records {
            switch r.status {
            case .successful: successful += 1
            case .failed: failed += 1
            case .skipped: skipped += 1
            case .error: errors += 1
            }
            if r.status == .successful && r.textLength > 0 {
                // An empty text cannot have been attacked successfully; leaving it out avoids a division by zero.
                perturbedPercents.append(100 * Double(r.perturbedCharacters) / Double(r.textLength))
            }
            if r.status == .successful || r.status == .failed {
                queries.append(Double(r.queries))
                modelQueries.append(Double(r.modelQueries))
            }
            if r.status != .error {
                for (name, value) in r.extraMetrics where name != Self.truncatedMetric { extras[name, default: []].append(value) }
                if r.extraMetrics[Self.truncatedMetric] == 1 { truncatedExamples += 1 }
            }
        }
        perturbedPercentSamples = perturbedPercents
        querySamples = queries
        modelQuerySamples = modelQueries
        averagePerturbedPercent = Self.mean(perturbedPercents)
        averageQueries = Self.mean(queries)
        averageModelQueries = Self.mean(modelQueries)
        extraMetricMeans = extras.compactMapValues(Self.mean)
    }

    /// The harness's flag for a text cut to the model's window.
    static let truncatedMetric = "truncated"

    /// truncatedExamples / (N), in percent.
    public var truncatedShare: Double? { Self.percent(truncatedExamples, n) }

    static func percent(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator == 0 ? nil : 100 * Double(numerator) / Double(denominator)
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
