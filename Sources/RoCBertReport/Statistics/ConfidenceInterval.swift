/// A two-sided confidence interval: the range that covers the true value with probability `level`
/// under the method that computed it (Wilson score or bootstrap percentile).
public struct ConfidenceInterval: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    /// The coverage asked for, in (0, 1), e.g. 0.95.
    public var level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// The interval of a fraction as percent (or of a difference of fractions as percentage points).
    public var percent: ConfidenceInterval { ConfidenceInterval(lower: 100 * lower, upper: 100 * upper, level: level) }

    /// upper − lower.
    public var width: Double { upper - lower }

    /// Whether `value` lies in [lower, upper].
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
