/// Line chart of accuracy under attack against the query budget, for runs that differ only in `max_queries`.
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
    }

    /// In order of first appearance.
    public var series: [Series]
    /// Every budget of any series, ascending; the x axis.
    public var budgets: [Int]

    /// nil when no checkpoint × attack was run at two or more budgets.
    public init?(data: ReportData) {
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
                .map { Point(budget: $0.spec.maxQueries!, accuracyUnderAttack: $0.metrics.accuracyUnderAttack) }
            guard points.count >= 2 else { continue }
            let names = ReportData.unique(runs.map(\.info.key.attack.name))
            series.append(Series(label: "\(runs[0].checkpointLabel) × \(names.joined(separator: "/"))", points: points))
        }
        guard !series.isEmpty else { return nil }
        self.series = series
        budgets = Array(Set(series.flatMap { $0.points.map(\.budget) })).sorted()
    }

    /// The chart as a standalone SVG document; budgets are evenly spaced (they are usually a geometric sweep).
    public var svg: String {
        let left = 64.0, right = 32.0, top = 44.0, plotHeight = 240.0
        let title = "Accuracy under attack (%) against query budget"
        let plotWidth = max(320, 90 * Double(budgets.count))
        let legendTop = top + plotHeight + 60
        let legendWidth = series.map { SVGWriter.textWidth($0.label, size: 11) + 18 }.max() ?? 0
        let width = max(left + plotWidth + right, left + SVGWriter.textWidth(title, size: 14) + right, left + legendWidth + right)
        var svg = SVGWriter(width: width, height: legendTop + 18 * Double(series.count) + 12)
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
        for (i, s) in series.enumerated() {
            let color = SVGWriter.color(i)
            let defined = s.points.compactMap { p in p.accuracyUnderAttack.map { (x(p.budget), y($0)) } }
            if defined.count > 1 { svg.polyline(defined, stroke: color) }
            for p in s.points {
                guard let v = p.accuracyUnderAttack else { continue }
                svg.circle(x: x(p.budget), y: y(v), r: 3.5, fill: color, title: "\(s.label) @\(p.budget): \(MetricFormat.percent(v))")
            }
            let ly = legendTop + 18 * Double(i)
            svg.rect(x: left, y: ly - 10, width: 12, height: 12, fill: color)
            svg.text(s.label, x: left + 18, y: ly)
        }
        return svg.document
    }
}
