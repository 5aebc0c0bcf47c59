// A single row's product with a weight matrix when the input is a ReLU output: most of its
// entries are zero (59.5% of the upper layer's input over a 30-digit addition with the shipped
// model), and skipping them skips reading their weights. Batch-1 inference streams every weight
// matrix from L3 at each step, so reading fewer bytes is what makes it faster (README, Performance).
//
// Shape legend: I input width, O output width.

/// A weight matrix `W (O, I)` kept transposed, `Wᵀ (I, O)`, so that the weights one input
/// entry multiplies are contiguous; rebuilt whenever the parameter's values change.
final class TransposedWeight<S: NeuralScalar> {
    private let buffer = ScratchBuffer<S>()
    /// The parameter the buffer was built from (held, so no other can take its place), and its
    /// `valueVersion` then.
    private var source: (parameter: Parameter<S>, version: Int)?

    /// `parameter`'s values transposed, built on first use and after every change to them.
    func values(of parameter: Parameter<S>) -> UnsafePointer<S> {
        if source?.parameter !== parameter || source?.version != parameter.valueVersion {
            let rows = parameter.shape[0], columns = parameter.count / rows
            buffer.reserve(parameter.count)
            parameter.value.withUnsafeBufferPointer {
                transpose($0.baseAddress!, rows: rows, columns: columns, into: buffer.pointer)
            }
            source = (parameter, parameter.valueVersion)
        }
        return UnsafePointer(buffer.pointer)
    }
}

/// `y (O) += W (O, I) · x (I)` for one row of Float input that is mostly zeros, from `Wᵀ`:
/// the sums run over the non-zero x[k] in increasing k (see `addSparseInputProduct`), so the
/// result does not depend on where the product is split. With 2 threads a large one is split
/// at an output column between this thread and the helper thread.
func addSparseInputTimesWeightTransposed(
    input x: UnsafePointer<Float>, transposedWeight wt: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>,
    inputSize: Int, outputSize: Int
) {
    runParts(upTo: outputSize, splitAt: productSplitRow(outputSize: outputSize, inputSize: inputSize)) { start, end in
        addSparseInputProduct(
            input: x, transposedWeight: wt, output: y, inputSize: inputSize, outputSize: outputSize,
            columns: start..<end)
    }
}
