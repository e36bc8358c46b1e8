/// Line chart of accuracy under attack against the query budget, for runs that differ only in `max_queries`,
/// each line over a band of its Wilson intervals: a sweep usually runs few examples per budget, so
/// whether a larger budget really lowers accuracy depends on how far apart the intervals lie.
public struct BudgetChart: Sendable {
    /// One checkpoint × attack swept over budgets.
    public struct Series: Equatable, Sendable {
        /// `checkpoint × attack`.
        public var label: String
        /// (budget, accuracy under attack in percent), by budget.
        public var points: [Point]
    }

    /// One budget of a series.
    public struct Point: Equatable, Sendable {
        /// max_queries.
        public var budget: Int
        /// In percent; nil when N is zero.
        public var accuracyUnderAttack: Double?
        /// The Wilson score interval of `accuracyUnderAttack` (failed of N) at the chart's level, in percent;
        /// nil when N is zero.
        public var interval: ConfidenceInterval?
    }

    /// In order of first appearance.
    public var series: [Series]
    /// Every budget of any series, ascending; the x axis.
    public var budgets: [Int]
    /// The coverage of every point's interval, e.g. 0.95.
    public var level: Double

    /// nil when no checkpoint × attack was run at two or more budgets.
    public init?(data: ReportData, level: Double = 0.95) {
        var order: [String] = []
        var groups: [String: [ReportRun]] = [:]
        for run in data.runs {
            guard run.spec.maxQueries != nil else { continue }
            let k = run.info.key
            let key = [k.suite, k.checkpointHash, k.precision.rawValue, k.datasetHash ?? "", k.head.rawValue, String(k.seed), run.checkpointLabel,
                       run.spec.withoutBudget.canonicalJSON].joined(separator: "\u{0}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        var series: [Series] = []
        for key in order {
            let runs = groups[key]!
            var seen = Set<Int>()
            let points = runs.sorted { $0.spec.maxQueries! < $1.spec.maxQueries! }
                .filter { seen.insert($0.spec.maxQueries!).inserted }
                .map { Point(budget: $0.spec.maxQueries!, accuracyUnderAttack: $0.metrics.accuracyUnderAttack,
                             interval: Self.interval($0.metrics, level: level)) }
            guard points.count >= 2 else { continue }
            let names = ReportData.unique(runs.map(\.info.key.attack.name))
            series.append(Series(label: "\(runs[0].checkpointLabel) × \(names.joined(separator: "/"))", points: points))
        }
        guard !series.isEmpty else { return nil }
        self.series = series
        self.level = level
        budgets = Array(Set(series.flatMap { $0.points.map(\.budget) })).sorted()
    }

    /// The Wilson interval of failed of N, scaled to percent like the accuracy it surrounds.
    static func interval(_ m: RunMetrics, level: Double) -> ConfidenceInterval? {
        WilsonInterval.interval(successes: m.failed, trials: m.n, level: level)
            .map(\.percent)
    }

    /// The points' runs of consecutive intervals: a point without one (N = 0) ends a band, since
    /// drawing across it would claim a certainty the sweep never measured there.
    static func bandSegments(_ points: [Point]) -> [[(budget: Int, interval: ConfidenceInterval)]] {
        var segments: [[(budget: Int, interval: ConfidenceInterval)]] = [[]]
        for p in points {
            if let ci = p.interval {
                segments[segments.count - 1].append((p.budget, ci))
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        return segments.filter { !$0.isEmpty }
    }

    /// Half the width of the band drawn for a lone interval, which has no neighbour to stretch to.
    static let loneBandHalfWidth = 5.0
    /// Light enough that two or three overlapping bands, and the lines over them, stay readable.
    static let bandOpacity = 0.15

    /// The chart as a standalone SVG document; budgets are evenly spaced (they are usually a geometric sweep).
    public var svg: String {
        let left = 64.0, right = 32.0, top = 44.0, plotHeight = 240.0
        let title = "Accuracy under attack (%) against query budget"
        let plotWidth = max(320, 90 * Double(budgets.count))
        let legendTop = top + plotHeight + 60
        let caption = "bands: \(MetricFormat.level(level)) Wilson intervals"
        let legendWidth = max(series.map { SVGWriter.textWidth($0.label, size: 11) + 18 }.max() ?? 0, SVGWriter.textWidth(caption, size: 11))
        let width = max(left + plotWidth + right, left + SVGWriter.textWidth(title, size: 14) + right, left + legendWidth + right)
        var svg = SVGWriter(width: width, height: legendTop + 18 * Double(series.count + 1) + 12)
        svg.text(title, x: left, y: 24, size: 14, bold: true)
        func x(_ budget: Int) -> Double {
            let i = Double(budgets.firstIndex(of: budget)!)
            return budgets.count == 1 ? left + plotWidth / 2 : left + 20 + i * (plotWidth - 40) / Double(budgets.count - 1)
        }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - min(max(v, 0), 100) / 100) }
        for tick in stride(from: 0, through: 100, by: 20) {
            svg.line(x1: left, y1: y(Double(tick)), x2: left + plotWidth, y2: y(Double(tick)), stroke: tick == 0 ? "#333333" : "#dddddd")
            svg.text("\(tick)%", x: left - 8, y: y(Double(tick)) + 4, anchor: .end, size: 10)
        }
        for b in budgets { svg.text(String(b), x: x(b), y: top + plotHeight + 18, anchor: .middle) }
        svg.text("max queries per example", x: left + plotWidth / 2, y: top + plotHeight + 38, anchor: .middle, size: 11)
        // Every band before any line, so no band tints another series' line.
        for (i, s) in series.enumerated() {
            for segment in Self.bandSegments(s.points) {
                // Upper bounds left to right, then lower bounds right to left: one closed outline.
                var outline = segment.map { (x($0.budget), y($0.interval.upper)) } + segment.reversed().map { (x($0.budget), y($0.interval.lower)) }
                if segment.count == 1 {
                    let (cx, high, low, h) = (outline[0].0, outline[0].1, outline[1].1, Self.loneBandHalfWidth)
                    outline = [(cx - h, high), (cx + h, high), (cx + h, low), (cx - h, low)]
                }
                svg.polygon(outline, fill: SVGWriter.color(i), fillOpacity: Self.bandOpacity)
            }
        }
        for (i, s) in series.enumerated() {
            let color = SVGWriter.color(i)
            let defined = s.points.compactMap { p in p.accuracyUnderAttack.map { (x(p.budget), y($0)) } }
            if defined.count > 1 { svg.polyline(defined, stroke: color) }
            for p in s.points {
                guard let v = p.accuracyUnderAttack else { continue }
                let range = p.interval.map { " [\(MetricFormat.interval($0, percent: true))]" } ?? ""
                svg.circle(x: x(p.budget), y: y(v), r: 3.5, fill: color, title: "\(s.label) @\(p.budget): \(MetricFormat.percent(v))\(range)")
            }
            let ly = legendTop + 18 * Double(i)
            svg.rect(x: left, y: ly - 10, width: 12, height: 12, fill: color)
            svg.text(s.label, x: left + 18, y: ly)
        }
        svg.text(caption, x: left, y: legendTop + 18 * Double(series.count))
        return svg.document
    }
}
