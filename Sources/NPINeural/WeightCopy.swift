// Copies of a weight matrix in the layout a product reads fastest, kept in step with the weights:
// transposed for the products that read the weights of one input entry at a time (the encoder's,
// whose input is a few active indices, and in single-row steps the upper LSTM layers', whose
// input is a ReLU output, zero in about 60% of its entries, whose weights are skipped), and packed
// by blocks of 8 rows for the single-row W_hh products (npi_sgemv_dot_rows_packed).
// Shape legend: O rows (outputs), I columns (inputs).
import CKernels

/// A weight matrix `W (O, I)` copied into another layout, rebuilt whenever the parameter's
/// values change.
final class WeightCopy<S: NeuralScalar> {
    /// The layouts a copy can take.
    enum Layout {
        /// `Wᵀ (I, O)`: the weights one input entry multiplies are contiguous.
        case transposed
        /// Blocks of 8 rows, each one contiguous run (Float only; O a multiple of 8): see
        /// `npi_pack_rows_for_dot`.
        case rowsPackedForDot
    }

    let layout: Layout
    private let buffer = ScratchBuffer<S>()
    /// The parameter the buffer was built from (held, so no other can take its place), and its
    /// `valueVersion` then.
    private var source: (parameter: Parameter<S>, version: Int)?

    init(_ layout: Layout) { self.layout = layout }

    /// `parameter`'s values in this copy's layout, built on first use and after every change to them.
    func values(of parameter: Parameter<S>) -> UnsafePointer<S> {
        if source?.parameter !== parameter || source?.version != parameter.valueVersion {
            let rows = parameter.shape[0], columns = parameter.count / rows
            buffer.reserve(parameter.count)
            parameter.value.withUnsafeBufferPointer { w in
                switch layout {
                case .transposed:
                    transpose(w.baseAddress!, rows: rows, columns: columns, into: buffer.pointer)
                case .rowsPackedForDot:
                    precondition(S.self == Float.self && rows % 8 == 0, "packed rows: Float, rows a multiple of 8")
                    npi_pack_rows_for_dot(
                        rows, columns, floatPointer(w.baseAddress!), columns, mutableFloatPointer(buffer.pointer))
                }
            }
            source = (parameter, parameter.valueVersion)
        }
        return UnsafePointer(buffer.pointer)
    }
}
