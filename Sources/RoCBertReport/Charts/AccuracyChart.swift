/// Grouped bar chart: accuracy under attack, one group per attack, one bar per checkpoint.
public struct AccuracyChart: Sendable {
    /// Attack labels: the groups, left to right.
    public var attacks: [String]
    /// Checkpoint labels: the bars of each group and the legend.
    public var checkpoints: [String]
    /// Accuracy under attack in percent, keyed by `key(checkpoint, attack)`; use `value(checkpoint:attack:)`.
    var values: [String: Double]

    static func key(_ checkpoint: String, _ attack: String) -> String { checkpoint + "\u{0}" + attack }

    /// The chart of every run in `data`.
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
        let title = "Accuracy under attack (%) per checkpoint and attack"
        let barsWidth = Double(checkpoints.count) * (barWidth + barGap) - barGap
        // Each group is as wide as its bars or its label, whichever is wider, so labels never overlap.
        let slots = attacks.map { max(barsWidth + groupGap, SVGWriter.textWidth($0, size: 11) + 16) }
        let plotWidth = max(320, slots.reduce(0, +))
        let legendWidth = checkpoints.map { SVGWriter.textWidth($0, size: 11) + 18 }.max() ?? 0
        let width = max(left + plotWidth + right, left + SVGWriter.textWidth(title, size: 14) + right, left + legendWidth + right)
        let legendTop = top + plotHeight + 44
        let height = legendTop + 18 * Double(checkpoints.count) + 12
        var svg = SVGWriter(width: width, height: height)
        svg.text(title, x: left, y: 24, size: 14, bold: true)

        for tick in stride(from: 0, through: 100, by: 20) {
            let y = top + plotHeight * (1 - Double(tick) / 100)
            svg.line(x1: left, y1: y, x2: left + plotWidth, y2: y, stroke: tick == 0 ? "#333333" : "#dddddd")
            svg.text("\(tick)%", x: left - 8, y: y + 4, anchor: .end, size: 10)
        }
        var slotLeft = left
        for (g, attack) in attacks.enumerated() {
            let groupLeft = slotLeft + (slots[g] - barsWidth) / 2
            slotLeft += slots[g]
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
            svg.text(attack, x: groupLeft + barsWidth / 2, y: top + plotHeight + 18, anchor: .middle)
        }
        for (c, checkpoint) in checkpoints.enumerated() {
            let y = legendTop + 18 * Double(c)
            svg.rect(x: left, y: y - 10, width: 12, height: 12, fill: SVGWriter.color(c))
            svg.text(checkpoint, x: left + 18, y: y)
        }
        return svg.document
    }
}
