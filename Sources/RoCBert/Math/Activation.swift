import Foundation

/// The `hidden_act` values of transformers' ACT2FN that a BERT-style model can use.
public enum Activation: String, Sendable, CaseIterable {
    case gelu, geluNew = "gelu_new", geluPytorchTanh = "gelu_pytorch_tanh", geluFast = "gelu_fast"
    case quickGelu = "quick_gelu", relu, silu, swish, tanh, sigmoid, linear

    /// Applies the activation element-wise in place.
    public func apply(_ x: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .gelu:
            // The exact erf form (GELUActivation), vectorised: scalar erff was a fifth of a forward pass.
            if let base = x.baseAddress { FusedRows.biasGELU(base, rows: 1, width: x.count, bias: nil) }
        case .geluNew, .geluPytorchTanh:
            let c = Float((2.0 / Double.pi).squareRoot())
            for i in x.indices { let v = x[i]; x[i] = 0.5 * v * (1 + tanhf(c * (v + 0.044715 * v * v * v))) }
        case .geluFast:
            for i in x.indices { let v = x[i]; x[i] = 0.5 * v * (1 + tanhf(v * 0.7978845608 * (1 + 0.044715 * v * v))) }
        case .quickGelu:
            for i in x.indices { let v = x[i]; x[i] = v / (1 + expf(-1.702 * v)) }
        case .relu:
            for i in x.indices { x[i] = max(x[i], 0) }
        case .silu, .swish:
            for i in x.indices { let v = x[i]; x[i] = v / (1 + expf(-v)) }
        case .tanh:
            for i in x.indices { x[i] = tanhf(x[i]) }
        case .sigmoid:
            for i in x.indices { x[i] = 1 / (1 + expf(-x[i])) }
        case .linear:
            break
        }
    }
}
