// A fully connected layer, y = x · Wᵀ + b (PyTorch nn.Linear layout).
//
// Shape legend: N rows (batch, or steps x batch), I input width, O output width.

/// A dense (affine) layer with weight `(O, I)` and an optional bias `(O)`.
///
/// It holds references to its parameters only; activations live in caller-owned buffers.
public struct Dense<S: NeuralScalar> {
    /// W: (O, I) row-major.
    public let weight: Parameter<S>
    /// b: (O), or nil for a bias-free layer.
    public let bias: Parameter<S>?

    /// A layer over existing parameters (`weight` must be 2-D; `bias` must have `weight.shape[0]` entries).
    public init(weight: Parameter<S>, bias: Parameter<S>?) {
        precondition(weight.shape.count == 2, "\(weight.name): dense weight must be 2-D")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "\(weight.name): bias shape mismatch")
        self.weight = weight
        self.bias = bias
    }

    /// A zero-initialised layer whose parameters are named `NAME.weight` and `NAME.bias`.
    public init(name: String, inputSize: Int, outputSize: Int, hasBias: Bool = true) {
        self.init(
            weight: Parameter(name: "\(name).weight", shape: [outputSize, inputSize]),
            bias: hasBias ? Parameter(name: "\(name).bias", shape: [outputSize]) : nil)
    }

    /// I, the input width.
    public var inputSize: Int { weight.shape[1] }
    /// O, the output width.
    public var outputSize: Int { weight.shape[0] }
    /// The weight, then the bias if any.
    public var parameters: [Parameter<S>] { bias.map { [weight, $0] } ?? [weight] }

    // MARK: - Forward and backward

    /// `output (N, O) = input (N, I) · Wᵀ + b`. `inputStride` is the distance between input rows
    /// (default I), so a layer can read a column slice of a wider buffer.
    public func forward(
        input: UnsafePointer<S>, output: UnsafeMutablePointer<S>, rows: Int, inputStride: Int? = nil
    ) {
        guard rows > 0 else { return }
        weight.value.withUnsafeBufferPointer { w in
            if let bias {
                bias.value.withUnsafeBufferPointer { b in
                    broadcastRows(b.baseAddress!, into: output, rows: rows, width: outputSize)
                }
            } else {
                broadcastRows(nil, into: output, rows: rows, width: outputSize)
            }
            addInputTimesWeightTransposed(
                input: input, weight: w.baseAddress!, output: output,
                rows: rows, inputSize: inputSize, outputSize: outputSize, inputStride: inputStride)
        }
    }

    /// The same `output (N, O) = input (N, I) · Wᵀ + b`, each output computed from its own row
    /// alone in one fixed order (`b + x · w`, 8-lane partial sums): a row gets the same bits in a
    /// product of any number of rows. BLAS does not promise that (for a few outputs it chooses
    /// its kernel by the row count), and batched inference needs it for the heads, so that a
    /// problem's decisions never depend on the problems stepped beside it.
    public func forwardEachRowAlone(input: UnsafePointer<S>, output: UnsafeMutablePointer<S>, rows: Int) {
        let I = inputSize, O = outputSize
        let bias = self.bias?.value ?? [S](repeating: 0, count: O)
        weight.value.withUnsafeBufferPointer { w in
            for row in 0..<rows {
                let x = input + row * I
                for o in 0..<O {
                    let weights = w.baseAddress! + o * I
                    if S.self == Float.self {
                        mutableFloatPointer(output)[row * O + o] =
                            (bias[o] as! Float) + floatDot(floatPointer(x), floatPointer(weights), count: I)
                    } else {
                        var sum: S = 0
                        for i in 0..<I { sum += x[i] * weights[i] }
                        output[row * O + o] = bias[o] + sum
                    }
                }
            }
        }
    }

    /// Adds `dW += dyᵀ · x`, `db += Σ dy` and, when `inputGradient` is given, `dx += dy · W`.
    public func backward(
        input: UnsafePointer<S>, outputGradient: UnsafePointer<S>, inputGradient: UnsafeMutablePointer<S>?,
        rows: Int, inputStride: Int? = nil
    ) {
        guard rows > 0 else { return }
        weight.gradient.reserveBLASSlack()  // unshared and padded before BLIS writes it (see `blasSlack`)
        weight.gradient.withUnsafeMutableBufferPointer { dW in
            addWeightGradient(
                outputGradient: outputGradient, input: input, weightGradient: dW.baseAddress!,
                rows: rows, inputSize: inputSize, outputSize: outputSize, inputStride: inputStride)
        }
        bias?.gradient.withUnsafeMutableBufferPointer { db in
            addColumnSums(outputGradient, into: db.baseAddress!, rows: rows, width: outputSize)
        }
        guard let inputGradient else { return }
        weight.value.withUnsafeBufferPointer { w in
            addInputGradient(
                outputGradient: outputGradient, weight: w.baseAddress!, inputGradient: inputGradient,
                rows: rows, inputSize: inputSize, outputSize: outputSize, inputStride: inputStride)
        }
    }
}
