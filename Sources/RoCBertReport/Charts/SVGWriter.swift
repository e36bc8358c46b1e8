import Foundation

/// Hand-written SVG, enough for bar and line charts; output is byte-stable for the same input.
struct SVGWriter {
    let width: Double
    let height: Double
    private var elements: [String] = []

    /// Series colours (Okabe–Ito, distinguishable with colour-blindness), cycled.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// Fixed one decimal, so coordinates never print as 1e-05 or vary with locale.
    static func n(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Rough rendered width of `s` at font `size`: wide (CJK) characters a full em, others 0.6 em.
    /// SVG cannot measure text, so layout reserves this much room.
    static func textWidth(_ s: String, size: Double) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : 0.6 * size) }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        elements.append(#"<rect x="\#(Self.n(x))" y="\#(Self.n(y))" width="\#(Self.n(width))" height="\#(Self.n(height))" fill="\#(fill)">\#(tooltip)</rect>"#)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1) {
        elements.append(#"<line x1="\#(Self.n(x1))" y1="\#(Self.n(y1))" x2="\#(Self.n(x2))" y2="\#(Self.n(y2))" stroke="\#(stroke)" stroke-width="\#(Self.n(width))"/>"#)
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String) {
        let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        elements.append(#"<polyline points="\#(p)" fill="none" stroke="\#(stroke)" stroke-width="2"/>"#)
    }

    /// A closed, filled shape without outline, e.g. an interval band under a line. The opacity gets
    /// two decimals because `n(_:)`'s one would round 0.15 to 0.1.
    mutating func polygon(_ points: [(Double, Double)], fill: String, fillOpacity: Double) {
        let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        elements.append(#"<polygon points="\#(p)" fill="\#(fill)" fill-opacity="\#(String(format: "%.2f", fillOpacity))" stroke="none"/>"#)
    }

    mutating func circle(x: Double, y: Double, r: Double, fill: String, title: String? = nil) {
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        elements.append(#"<circle cx="\#(Self.n(x))" cy="\#(Self.n(y))" r="\#(Self.n(r))" fill="\#(fill)">\#(tooltip)</circle>"#)
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ s: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11, bold: Bool = false) {
        let weight = bold ? #" font-weight="bold""# : ""
        elements.append(#"<text x="\#(Self.n(x))" y="\#(Self.n(y))" text-anchor="\#(anchor.rawValue)" font-size="\#(Self.n(size))"\#(weight)>\#(Self.escape(s))</text>"#)
    }

    var document: String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Self.n(width))" height="\#(Self.n(height))" viewBox="0 0 \#(Self.n(width)) \#(Self.n(height))" font-family="sans-serif">"#,
            ##"<rect x="0" y="0" width="\##(Self.n(width))" height="\##(Self.n(height))" fill="#ffffff"/>"##,
        ]
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}
