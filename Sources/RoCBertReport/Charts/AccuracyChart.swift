/// Grouped bar chart: accuracy under attack, one group per attack, one bar per checkpoint.
public struct AccuracyChart: Sendable {
    /// Attack labels (groups), checkpoint labels (bars) and the value of each pair, in percent.
    public var attacks: [String]
    public var checkpoints: [String]
    public var values: [String: Double]

    static func key(_ checkpoint: String, _ attack: String) -> String { checkpoint + "\u{0}" + attack }

    public init(data: ReportData) {
        attacks = data.attacks
        checkpoints = data.checkpoints
        var v: [String: Double] = [:]
        for run in data.runs {
            if let a = run.metrics.accuracyUnderAttack { v[Self.key(run.checkpointLabel, run.attackLabel)] = a }
        }
        values = v
    }

    /// Accuracy under attack of one checkpoint under one attack, if recorded.
    public func value(checkpoint: String, attack: String) -> Double? { values[Self.key(checkpoint, attack)] }

    /// The chart as a standalone SVG document.
    public var svg: String {
        let barWidth = 24.0, barGap = 4.0, groupGap = 32.0
        let left = 64.0, right = 24.0, top = 44.0, plotHeight = 240.0
        let groupWidth = Double(checkpoints.count) * (barWidth + barGap) - barGap
        let plotWidth = max(320, Double(attacks.count) * (groupWidth + groupGap))
        let legendTop = top + plotHeight + 44
        let height = legendTop + 18 * Double(checkpoints.count) + 12
        var svg = SVGWriter(width: left + plotWidth + right, height: height)
        svg.text("Accuracy under attack (%) per checkpoint and attack", x: left, y: 24, size: 14, bold: true)

        for tick in stride(from: 0, through: 100, by: 20) {
            let y = top + plotHeight * (1 - Double(tick) / 100)
            svg.line(x1: left, y1: y, x2: left + plotWidth, y2: y, stroke: tick == 0 ? "#333333" : "#dddddd")
            svg.text("\(tick)%", x: left - 8, y: y + 4, anchor: .end, size: 10)
        }
        for (g, attack) in attacks.enumerated() {
            let groupLeft = left + groupGap / 2 + Double(g) * (groupWidth + groupGap)
            for (c, checkpoint) in checkpoints.enumerated() {
                let x = groupLeft + Double(c) * (barWidth + barGap)
                guard let v = value(checkpoint: checkpoint, attack: attack) else {
                    svg.text(MetricFormat.undefined, x: x + barWidth / 2, y: top + plotHeight - 4, anchor: .middle, size: 10)
                    continue
                }
                let h = plotHeight * min(max(v, 0), 100) / 100
                svg.rect(x: x, y: top + plotHeight - h, width: barWidth, height: h, fill: SVGWriter.color(c),
                         title: "\(checkpoint) × \(attack): \(MetricFormat.percent(v))")
                svg.text(SVGWriter.n(v), x: x + barWidth / 2, y: top + plotHeight - h - 4, anchor: .middle, size: 9)
            }
            svg.text(attack, x: groupLeft + groupWidth / 2, y: top + plotHeight + 18, anchor: .middle)
        }
        for (c, checkpoint) in checkpoints.enumerated() {
            let y = legendTop + 18 * Double(c)
            svg.rect(x: left, y: y - 10, width: 12, height: 12, fill: SVGWriter.color(c))
            svg.text(checkpoint, x: left + 18, y: y)
        }
        return svg.document
    }
}
