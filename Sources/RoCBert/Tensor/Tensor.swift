/// A dense row-major Float32 tensor: the one numeric type the model passes between layers.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var data: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(zeros shape: [Int], value: Float = 0) {
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor whose every element the caller writes before reading (a GEMM's output): skips the
    /// zero fill, which was 4 % of a bf16 forward pass.
    public init(uninitialized shape: [Int]) {
        self.shape = shape
        let n = shape.reduce(1, *)
        self.data = [Float](unsafeUninitializedCapacity: n) { _, count in count = n }
    }

    /// Wraps existing storage; `data.count` must equal the product of `shape`.
    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) values")
        self.shape = shape
        self.data = data
    }

    /// Number of elements.
    public var count: Int { data.count }

    /// Size of the last dimension (the row length of the row-major matrix view).
    public var lastDim: Int { shape.last ?? 1 }

    /// Number of rows when viewed as a [rows, lastDim] matrix.
    public var rows: Int { lastDim == 0 ? 0 : count / lastDim }

    /// The same storage under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    /// Element at a multi-index (slow; for tests and small lookups).
    public subscript(_ index: Int...) -> Float {
        var flat = 0
        for (i, n) in zip(index, shape) { flat = flat * n + i }
        return data[flat]
    }
}
