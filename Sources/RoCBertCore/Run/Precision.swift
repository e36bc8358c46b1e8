/// How the model multiplies: fp32 sgemm (the reference's numbers), the opt-in bf16 kernel
/// (inputs and weights rounded to bf16, fp32 accumulation; attention's q, k, v and probabilities
/// rounded too, as under PyTorch's bf16 autocast) for attack suites on CPUs with AVX512-BF16,
/// or bf16x3: fp32 products as three bf16 products of hi and lo parts on AMX (about 16 significant
/// bits per operand, relative errors near 2⁻¹⁸ ≈ 4e-6), and plain fp32 sgemm where there is no AMX.
/// It is part of a run's identity: results of one checkpoint at two precisions are two runs.
public enum Precision: String, Sendable, Codable, CaseIterable {
    case fp32, bf16, bf16x3
}
