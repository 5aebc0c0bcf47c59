// A lookup table, y = table[index]: NPI's program memory M_prog (section 3.1, Reed & de Freitas 2016).
//
// Shape legend: N rows, V table rows (vocabulary: programs), W embedding width.

/// An embedding with table `(V, W)`; the forward pass gathers rows, the backward pass scatters
/// gradients back into the rows it gathered.
public struct Embedding<S: NeuralScalar> {
    /// table: (V, W).
    public let weight: Parameter<S>

    /// A zero-initialised table named `NAME.weight`.
    public init(name: String, count: Int, width: Int) {
        weight = Parameter(name: "\(name).weight", shape: [count, width])
    }

    /// V, the number of rows.
    public var count: Int { weight.shape[0] }
    /// W, the width of one row.
    public var width: Int { weight.shape[1] }
    /// The table.
    public var parameters: [Parameter<S>] { [weight] }

    // MARK: - Forward and backward

    /// `output[n] (W) = table[indices[n]]` for n in 0..<N; output rows are `outputStride` apart
    /// (default W). `indices` are read cyclically (`indices[n % indexCount]`), so one index per
    /// sequence can serve every step of a time-major (T, B) layout.
    public func forward(
        indices: UnsafePointer<Int32>, indexCount: Int, output: UnsafeMutablePointer<S>,
        outputStride: Int? = nil, rows: Int
    ) {
        let width = width, count = count, stride = outputStride ?? width
        weight.value.withUnsafeBufferPointer { table in
            for row in 0..<rows {
                let index = Int(indices[row % indexCount])
                precondition(index >= 0 && index < count, "embedding index \(index) out of range 0..<\(count)")
                (output + row * stride).update(from: table.baseAddress! + index * width, count: width)
            }
        }
    }

    /// Adds `outputGradient[n]` into the gradient of `table[indices[n % indexCount]]`.
    public func backward(
        indices: UnsafePointer<Int32>, indexCount: Int, outputGradient: UnsafePointer<S>,
        outputStride: Int? = nil, rows: Int
    ) {
        let width = width, stride = outputStride ?? width
        weight.gradient.withUnsafeMutableBufferPointer { dTable in
            for row in 0..<rows {
                let target = dTable.baseAddress! + Int(indices[row % indexCount]) * width
                let source = outputGradient + row * stride
                for column in 0..<width { target[column] += source[column] }
            }
        }
    }
}
