/// How Linear layers multiply: fp32 sgemm (the reference's numbers), or the opt-in bf16 kernel
/// (inputs and weights rounded to bf16, fp32 accumulation) for attack suites on CPUs with AVX512-BF16.
public enum Precision: String, Sendable, CaseIterable {
    case fp32, bf16
}
