// Maxout (Goodfellow et al. 2013): a dense layer to M·E units, then the max over M pieces,
// y[e] = max_k (x · W_kᵀ + b_k)[e]. It is NPI's f_enc for addition (keras_npi's MaxoutDense).
//
// Shape legend: N rows, I input width, M pieces, E output width, Q max active inputs per row.

/// A maxout layer with weight `(M·E, I)` stored piece-major (rows `k·E..<(k+1)·E` are piece k)
/// and bias `(M·E)`.
///
/// Two input forms share the parameters: a dense `(N, I)` matrix, and a 0/1 vector given as
/// the indices of its ones. The second is what NPI feeds (a few one-hot slots out of 74), and it
/// turns the matrix product into a gather-sum of weight columns with no input gradient.
public struct Maxout<S: NeuralScalar> {
    /// W: (M·E, I), piece-major.
    public let weight: Parameter<S>
    /// b: (M·E).
    public let bias: Parameter<S>
    /// M, the number of pieces the max runs over.
    public let pieces: Int

    /// A zero-initialised layer with parameters `NAME.weight` and `NAME.bias`.
    public init(name: String, inputSize: Int, outputSize: Int, pieces: Int) {
        precondition(pieces > 0, "maxout needs at least one piece")
        weight = Parameter(name: "\(name).weight", shape: [pieces * outputSize, inputSize])
        bias = Parameter(name: "\(name).bias", shape: [pieces * outputSize])
        self.pieces = pieces
    }

    /// I, the input width.
    public var inputSize: Int { weight.shape[1] }
    /// E, the output width.
    public var outputSize: Int { weight.shape[0] / pieces }
    /// The weight, then the bias.
    public var parameters: [Parameter<S>] { [weight, bias] }

    // MARK: - Dense input

    /// `output (N, E)` = max over pieces of `preactivation (N, M·E) = input (N, I) · Wᵀ + b`;
    /// `winners (N, E)` records the winning piece for backward.
    public func forward(
        input: UnsafePointer<S>, preactivation: UnsafeMutablePointer<S>, output: UnsafeMutablePointer<S>,
        winners: UnsafeMutablePointer<Int32>, rows: Int
    ) {
        Dense(weight: weight, bias: bias).forward(input: input, output: preactivation, rows: rows)
        let width = outputSize
        for row in 0..<rows {
            let z = preactivation + row * pieces * width
            for unit in 0..<width {
                var best = z[unit]
                var winner: Int32 = 0
                for piece in 1..<pieces where z[piece * width + unit] > best {
                    best = z[piece * width + unit]
                    winner = Int32(piece)
                }
                output[row * width + unit] = best
                winners[row * width + unit] = winner
            }
        }
    }

    /// Adds the parameter gradients and, when given, `inputGradient (N, I)`.
    /// `preactivationGradient (N, M·E)` is scratch that this overwrites.
    public func backward(
        input: UnsafePointer<S>, outputGradient: UnsafePointer<S>, winners: UnsafePointer<Int32>,
        preactivationGradient: UnsafeMutablePointer<S>, inputGradient: UnsafeMutablePointer<S>?, rows: Int
    ) {
        let width = outputSize
        // Only the winning piece of each unit saw the output, so only it gets gradient.
        preactivationGradient.update(repeating: 0, count: rows * pieces * width)
        for row in 0..<rows {
            for unit in 0..<width {
                let piece = Int(winners[row * width + unit])
                preactivationGradient[(row * pieces + piece) * width + unit] = outputGradient[row * width + unit]
            }
        }
        Dense(weight: weight, bias: bias).backward(
            input: input, outputGradient: preactivationGradient, inputGradient: inputGradient, rows: rows)
    }

    // MARK: - 0/1 input given as active indices

    /// The same layer for 0/1 inputs: row n is the set of indices in `activeInputs[n·Q..<(n+1)·Q]`
    /// that are ≥ 0 (−1 pads). `output` rows are `outputStride` apart (default E) so the result
    /// can land directly in a wider concatenation buffer.
    ///
    /// z = b + Σ_active W[:, index], the active indices in order, each adding one contiguous row
    /// of Wᵀ (kept in `workspace`, transposed again only after W changes).
    public func forward(
        activeInputs: UnsafePointer<Int32>, activeCapacity: Int, output: UnsafeMutablePointer<S>,
        outputStride: Int? = nil, winners: UnsafeMutablePointer<Int32>, rows: Int, workspace: MaxoutWorkspace<S>
    ) {
        let width = outputSize, columns = inputSize, units = pieces * width
        let stride = outputStride ?? width
        workspace.prepare(units: units, columns: columns)
        let z = workspace.preactivation.pointer  // one row of pre-activations: (M·E)
        let wT = workspace.transposedWeight.values(of: weight)  // Wᵀ: (X, M·E)
        bias.value.withUnsafeBufferPointer { bBuffer in
            let b = bBuffer.baseAddress!
            withActiveIndices(activeInputs, capacity: activeCapacity, rows: rows, columns: columns) { row, active in
                z.update(from: b, count: units)
                for index in active {
                    let source = wT + index * units
                    for unit in 0..<units { z[unit] += source[unit] }
                }
                // Max over pieces; ties go to the lowest piece. Selects, not branches: the
                // compiler vectorises them, and a branch per unit was mispredicted half the time.
                let y = output + row * stride, winner = winners + row * width
                y.update(from: z, count: width)
                winner.update(repeating: 0, count: width)
                for piece in 1..<pieces {
                    let candidate = z + piece * width, pieceIndex = Int32(piece)
                    for unit in 0..<width {
                        let better = candidate[unit] > y[unit]
                        y[unit] = better ? candidate[unit] : y[unit]
                        winner[unit] = better ? pieceIndex : winner[unit]
                    }
                }
            }
        }
    }

    /// Adds the parameter gradients for the active-index form (its input needs no gradient).
    /// Only the winning piece of each unit gets gradient, at the active columns.
    public func backward(
        activeInputs: UnsafePointer<Int32>, activeCapacity: Int, outputGradient: UnsafePointer<S>,
        outputStride: Int? = nil, winners: UnsafePointer<Int32>, rows: Int, workspace: MaxoutWorkspace<S>
    ) {
        let width = outputSize, columns = inputSize, units = pieces * width
        let stride = outputStride ?? width
        workspace.prepare(units: units, columns: columns)
        let transposed = rows >= MaxoutWorkspace<S>.transposeThreshold
        let dWT = workspace.transposedGradient.pointer  // dWᵀ: (X, M·E), added into dW at the end
        if transposed { dWT.update(repeating: 0, count: columns * units) }
        weight.gradient.withUnsafeMutableBufferPointer { dWBuffer in
            bias.gradient.withUnsafeMutableBufferPointer { dbBuffer in
                let dW = dWBuffer.baseAddress!, db = dbBuffer.baseAddress!
                withActiveIndices(activeInputs, capacity: activeCapacity, rows: rows, columns: columns) {
                    row, active in
                    let dy = outputGradient + row * stride, winner = winners + row * width
                    for unit in 0..<width {
                        let unitRow = Int(winner[unit]) * width + unit
                        let g = dy[unit]
                        db[unitRow] += g
                        if transposed {
                            for index in active { dWT[index * units + unitRow] += g }
                        } else {
                            let dWRow = dW + unitRow * columns
                            for index in active { dWRow[index] += g }
                        }
                    }
                }
                guard transposed else { return }
                for unit in 0..<units {
                    for column in 0..<columns { dW[unit * columns + column] += dWT[column * units + unit] }
                }
            }
        }
    }
}

/// Scratch for `Maxout`'s active-index form: one row of pre-activations, the transposed weight,
/// and the transposed weight gradient used when a backward call covers many rows.
public final class MaxoutWorkspace<S: NeuralScalar> {
    /// From this many rows on, a backward call sums into dWᵀ (M·E·X scalars) and adds it to dW
    /// once, rather than making strided column updates per row.
    static var transposeThreshold: Int { 16 }

    let preactivation = ScratchBuffer<S>()  // (M·E)
    let transposedWeight = WeightCopy<S>(.transposed)  // Wᵀ: (X, M·E)
    let transposedGradient = ScratchBuffer<S>()  // dWᵀ: (X, M·E)

    /// An empty workspace; buffers are sized by the first call.
    public init() {}

    func prepare(units: Int, columns: Int) {
        preactivation.reserve(units)
        transposedGradient.reserve(units * columns)
    }
}

/// `target (C, R) = sourceᵀ` for `source (R, C)`, row-major.
func transpose<S>(_ source: UnsafePointer<S>, rows: Int, columns: Int, into target: UnsafeMutablePointer<S>) {
    for row in 0..<rows {
        for column in 0..<columns { target[column * rows + row] = source[row * columns + column] }
    }
}

/// Calls `body(row, indices)` for each row of a −1-padded index matrix `(N, capacity)`,
/// with the row's valid indices compacted into a stack buffer (no heap allocation per row).
@inline(__always)
func withActiveIndices(
    _ activeInputs: UnsafePointer<Int32>, capacity: Int, rows: Int, columns: Int,
    _ body: (Int, UnsafeBufferPointer<Int>) -> Void
) {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: max(capacity, 1)) { indices in
        for row in 0..<rows {
            var count = 0
            for slot in 0..<capacity {
                let index = Int(activeInputs[row * capacity + slot])
                guard index >= 0 else { continue }
                precondition(index < columns, "active input \(index) out of range 0..<\(columns)")
                indices[count] = index
                count += 1
            }
            body(row, UnsafeBufferPointer(rebasing: indices[0..<count]))
        }
    }
}
