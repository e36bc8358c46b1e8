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

    private static func signed(_ d: Double, decimals: Int) -> String {
        // Rounds first so a tiny negative difference prints as +0.00, never -0.00.
        let scale = pow(10, Double(decimals))
        let rounded = (d * scale).rounded() / scale
        return (rounded >= 0 ? "+" : "") + String(format: "%.\(decimals)f", rounded == 0 ? 0 : rounded)
    }
}
