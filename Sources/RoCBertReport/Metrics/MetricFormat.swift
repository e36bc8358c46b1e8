import Foundation

/// How numbers are printed in reports: fixed decimals, "–" for an undefined value.
public enum MetricFormat {
    /// Printed where a denominator is zero.
    public static let undefined = "–"

    /// `12.34%`.
    public static func percent(_ v: Double?) -> String { v.map { String(format: "%.2f%%", $0) } ?? undefined }

    /// `12.3`.
    public static func number(_ v: Double?, decimals: Int = 1) -> String { v.map { String(format: "%.\(decimals)f", $0) } ?? undefined }

    /// `+1.23 pp` / `-0.50 pp`: difference of two percentages in percentage points.
    public static func deltaPoints(_ v: Double?, _ base: Double?) -> String {
        guard let v, let base else { return undefined }
        return signed(v - base, decimals: 2) + " pp"
    }

    /// `+1.2` / `-3.0`: difference of two plain numbers.
    public static func delta(_ v: Double?, _ base: Double?, decimals: Int = 1) -> String {
        guard let v, let base else { return undefined }
        return signed(v - base, decimals: decimals)
    }

    /// `19.50–31.36%` for a percent figure's interval, `85.2–104.3` for a plain one; "–" when undefined.
    public static func interval(_ ci: ConfidenceInterval?, percent: Bool, decimals: Int = 2) -> String {
        guard let ci else { return undefined }
        let d = percent ? decimals : 1
        return String(format: "%.\(d)f–%.\(d)f", ci.lower, ci.upper) + (percent ? "%" : "")
    }

    /// `[−5.50, +4.50] pp`: the interval of a difference of two percentages.
    public static func deltaInterval(_ ci: ConfidenceInterval?) -> String {
        guard let ci else { return undefined }
        return "[\(signed(ci.lower, decimals: 2)), \(signed(ci.upper, decimals: 2))] pp"
    }

    /// `p = 0.043`, or `p < 0.001`.
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : String(format: "p = %.3f", p)
    }

    /// `95%` for 0.95, `99.5%` for 0.995.
    public static func level(_ level: Double) -> String {
        let percent = 100 * level
        return (percent == percent.rounded() ? String(format: "%.0f", percent) : String(format: "%g", percent)) + "%"
    }

    private static func signed(_ d: Double, decimals: Int) -> String {
        // Rounds first so a tiny negative difference prints as +0.00, never -0.00.
        let scale = pow(10, Double(decimals))
        let rounded = (d * scale).rounded() / scale
        return (rounded >= 0 ? "+" : "") + String(format: "%.\(decimals)f", rounded == 0 ? 0 : rounded)
    }
}
