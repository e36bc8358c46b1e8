import CRoCBertKernels

/// A Linear weight W[out, in] rounded to bf16 and packed once for the bf16 GEMM kernel.
///
/// The kernel runs everywhere: AMX (`tdpbf16ps`) or AVX512-BF16 (`vdpbf16ps`) where the CPU has it, else AVX2+FMA
/// on the same packed bf16 weights, else portable C. All paths give the same numbers up to
/// fp32 summation order, so `isSupported` is about speed, not about results.
public final class BF16Weights: @unchecked Sendable {
    // Immutable after init; the C side only reads it, so sharing across threads is safe.
    private let handle: OpaquePointer
    /// Output width (rows of W).
    public let outFeatures: Int
    /// Input width (columns of W).
    public let inFeatures: Int

    /// True when the CPU has AVX512-BF16 (native bf16 arithmetic; with AMX the path that beats fp32 sgemm).
    public static var isSupported: Bool { rb_cpu_has_avx512_bf16() != 0 }

    /// True when the CPU has AMX-BF16 tiles and Linux granted this process their state.
    public static var hasAMX: Bool { rb_cpu_has_amx_bf16() != 0 }

    /// The path weights packed now take on this CPU (each packed weight keeps its own): "amx", "avx512bf16", "avx2" or "scalar".
    public static var path: String { String(cString: rb_linear_bf16_path()) }

    /// Threads one product may use (small products use one regardless).
    public static var threads: Int {
        get { Int(rb_get_num_threads()) }
        set { rb_set_num_threads(Int32(newValue)) }
    }

    /// Packs `weight` ([out, in] row-major, as PyTorch stores nn.Linear.weight).
    public init(weight: UnsafePointer<Float>, out: Int, in: Int) {
        precondition(out > 0 && `in` > 0 && out <= Int(Int32.max) && `in` <= Int(Int32.max), "bad weight shape \(out)×\(`in`)")
        guard let h = rb_pack_weights_bf16(weight, Int32(out), Int32(`in`)) else {
            fatalError("out of memory packing a \(out)×\(`in`) bf16 weight")
        }
        handle = h
        outFeatures = out
        inFeatures = `in`
    }

    /// Packs a 2-D weight tensor [out, in] as bf16x3 (hi = bf16(w) and lo = bf16(w − hi), products
    /// x_hi·hi + x_lo·hi + x_hi·lo); nil when weights packed now would not take the AMX path, the only one that runs it.
    public convenience init?(bf16x3 weight: Tensor) {
        let (out, inputs) = Self.shape(of: weight)
        guard let h = weight.data.withUnsafeBufferPointer({ rb_pack_weights_bf16x3($0.baseAddress!, Int32(out), Int32(inputs)) }) else {
            guard Self.path != "amx" else { fatalError("out of memory packing a \(out)×\(inputs) bf16x3 weight") }
            return nil
        }
        self.init(handle: h, out: out, in: inputs)
    }

    /// Packs a 2-D weight tensor [out, in].
    public convenience init(_ weight: Tensor) {
        let (out, inputs) = Self.shape(of: weight)
        // rb_pack_weights_bf16 copies, so the pointer need only live for the call.
        guard let h = weight.data.withUnsafeBufferPointer({ rb_pack_weights_bf16($0.baseAddress!, Int32(out), Int32(inputs)) }) else {
            fatalError("out of memory packing a \(out)×\(inputs) bf16 weight")
        }
        self.init(handle: h, out: out, in: inputs)
    }

    /// [out, in] of a weight matrix, both non-zero.
    private static func shape(of weight: Tensor) -> (out: Int, in: Int) {
        precondition(weight.shape.count == 2, "BF16Weights wants a [out, in] matrix, got \(weight.shape)")
        precondition(weight.shape[0] > 0 && weight.shape[1] > 0, "empty weight \(weight.shape)")
        return (weight.shape[0], weight.shape[1])
    }

    private init(handle: OpaquePointer, out: Int, in: Int) {
        self.handle = handle
        outFeatures = out
        inFeatures = `in`
    }

    deinit { rb_free_packed_bf16(handle) }

    /// y[rows, second.out] = (GELU(x · firstᵀ + firstBias)) · secondᵀ + secondBias: `apply(gelu: true)` then
    /// `apply`, in one call that keeps the intermediate in bf16 where the kernel can (AMX), with the same results.
    public static func feedForward(
        _ x: UnsafePointer<Float>, rows: Int, first: BF16Weights, firstBias: UnsafePointer<Float>?,
        second: BF16Weights, secondBias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>
    ) {
        precondition(rows >= 0 && rows <= Int(Int32.max))
        precondition(second.inFeatures == first.outFeatures, "feed-forward widths \(first.outFeatures) → \(second.inFeatures)")
        rb_feed_forward_bf16(x, Int32(rows), first.handle, firstBias, second.handle, secondBias, y)
    }

    /// y[i] = x · weights[i]ᵀ + biases[i] for weights of one input width: `apply` for each, with x rounded once
    /// where the kernel can (AMX), the same results.
    public static func applyShared(
        _ x: UnsafePointer<Float>, rows: Int, weights: [BF16Weights], biases: [UnsafePointer<Float>?], into y: [UnsafeMutablePointer<Float>]
    ) {
        precondition(rows >= 0 && rows <= Int(Int32.max))
        precondition(weights.count == biases.count && weights.count == y.count)
        precondition(weights.allSatisfy { $0.inFeatures == weights[0].inFeatures }, "shared-input products need one input width")
        let handles: [OpaquePointer?] = weights.map(\.handle)
        rb_linear_bf16_shared(x, Int32(rows), Int32(weights.count), handles, biases, y.map { Optional($0) })
    }

    /// y[rows, out] = bf16(x)[rows, in] · bf16(W)ᵀ + bias with fp32 accumulation, then exact GELU if `gelu`; y must not overlap x.
    public func apply(
        _ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>,
        gelu: Bool = false
    ) {
        precondition(rows >= 0 && rows <= Int(Int32.max))
        if gelu {
            rb_linear_bf16_gelu(x, Int32(rows), handle, bias, y)
        } else {
            rb_linear_bf16(x, Int32(rows), handle, bias, y)
        }
    }
}
