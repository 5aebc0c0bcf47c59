// A weight matrix kept transposed, for products that read the weights of one input entry at a
// time: the encoder's (its input is a few active indices) and, in single-row steps, the upper
// LSTM layers' (their input is a ReLU output, zero in about 60% of its entries, whose weights are
// skipped). Shape legend: I input width, O output width.

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
