import Foundation

/// The standard normal distribution's quantile (inverse CDF), which turns a confidence level into
/// the critical value z of the Wilson interval.
public enum NormalQuantile {
    /// Φ⁻¹(p) for p in (0, 1): the z with P(Z ≤ z) = p for Z ~ N(0, 1); −∞ at 0 and +∞ at 1.
    ///
    /// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988), a rational approximation
    /// with a relative error near 1e-16 over the whole range, so it agrees with
    /// `scipy.stats.norm.ppf` to the last few bits. With q = p − ½:
    /// - |q| ≤ 0.425: z = q · A(r) / B(r) with r = 0.180625 − q²;
    /// - otherwise r = √(−ln min(p, 1 − p)), and z = ±C(r − 1.6) / D(r − 1.6) for r ≤ 5,
    ///   ±E(r − 5) / F(r − 5) beyond (the far tail, p below about 1e-11), with the sign of q;
    /// where A … F are the degree-7 polynomials below.
    public static func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a probability is in [0, 1]")
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * poly(a, r) / poly(b, r)
        }
        var r = sqrt(-log(q < 0 ? p : 1 - p))
        let z: Double
        if r <= 5 {
            r -= 1.6
            z = poly(c, r) / poly(d, r)
        } else {
            r -= 5
            z = poly(e, r) / poly(f, r)
        }
        return q < 0 ? -z : z
    }

    /// The two-sided critical value at `level`: Φ⁻¹(1 − α/2) with α = 1 − level, computed as
    /// −Φ⁻¹(α/2) so that α/2 keeps its precision (as `norm.isf(alpha / 2)` in statsmodels).
    public static func twoSidedCriticalValue(level: Double) -> Double {
        precondition(level > 0 && level < 1, "a confidence level is in (0, 1)")
        return -quantile((1 - level) / 2)
    }

    /// c₀ + c₁x + … + c₇x⁷ by Horner's rule.
    private static func poly(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    private static let a: [Double] = [
        3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
        4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3,
    ]
    private static let b: [Double] = [
        1, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
        2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3,
    ]
    private static let c: [Double] = [
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
        1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4,
    ]
    private static let d: [Double] = [
        1, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9,
    ]
    private static let e: [Double] = [
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
        2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
    ]
    private static let f: [Double] = [
        1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15,
    ]
}
