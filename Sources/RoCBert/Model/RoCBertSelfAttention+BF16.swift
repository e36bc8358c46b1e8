import CRoCBertKernels

extension RoCBertSelfAttention {
    /// `attend` at bf16 precision, as PyTorch's bf16 autocast runs it: q, k, v and the probabilities
    /// rounded to bf16, fp32 sums and softmax. On AMX one kernel call runs every (batch, head) block;
    /// elsewhere, and with relative positions or probabilities asked for, sgemm over bf16-rounded
    /// copies gives the same numbers up to summation order (a product of two bf16 values is exact in fp32).
    func attendInBF16(
        q: Tensor, keys kp: UnsafePointer<Float>, values vp: UnsafePointer<Float>, batchStride: Int,
        batch b: Int, queries sq: Int, keys sk: Int, queryPositions: [Int]?,
        mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool
    ) -> (context: Tensor, probabilities: Tensor?) {
        let hd = heads * headSize
        if !wantProbabilities, relativeTerms(queryPositions: queryPositions, keys: sk) == nil, mask.keyLength == sk {
            var context = Tensor(uninitialized: [b, sq, hd])
            // Rows that keep every key add nothing: without padding anywhere the kernel skips the mask.
            let keep: [Float]? = mask.keepsAll.allSatisfy { $0 } ? nil : mask.keep
            let done = context.data.withUnsafeMutableBufferPointer { cp in
                q.data.withUnsafeBufferPointer { qp in
                    keep.withOptionalPointer { keepPointer in
                        headMask.withOptionalPointer { headScale in
                            rb_attention_bf16(
                                qp.baseAddress, kp, vp, batchStride, Int32(b), Int32(sq), Int32(sk), Int32(heads), Int32(headSize),
                                keepPointer, mask.causal ? 1 : 0, Int32(mask.pastLength), headScale, cp.baseAddress)
                        }
                    }
                }
            }
            if done != 0 { return (context, nil) }
        }
        let keyValueCount = (b - 1) * batchStride + sk * hd
        let roundedKeys = Self.roundedToBF16(kp, count: keyValueCount), roundedValues = Self.roundedToBF16(vp, count: keyValueCount)
        let roundedQueries = q.data.withUnsafeBufferPointer { Tensor(shape: q.shape, data: Self.roundedToBF16($0.baseAddress!, count: $0.count)) }
        return roundedKeys.withUnsafeBufferPointer { k in
            roundedValues.withUnsafeBufferPointer { v in
                attendInFP32(q: roundedQueries, keys: k.baseAddress!, values: v.baseAddress!, batchStride: batchStride, batch: b,
                             queries: sq, keys: sk, queryPositions: queryPositions, mask: mask, headMask: headMask,
                             wantProbabilities: wantProbabilities, roundingProbabilities: true)
            }
        }
    }

    /// A copy of `count` floats at `p`, each rounded to bf16.
    static func roundedToBF16(_ p: UnsafePointer<Float>, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, initialized in
            rb_round_bf16_array(p, out.baseAddress, count)
            initialized = count
        }
    }
}
