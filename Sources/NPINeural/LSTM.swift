// One LSTM layer (Hochreiter & Schmidhuber 1997) with backpropagation through time, in the
// layout and gate order of torch.nn.LSTMCell: NPI's f_lstm core is two of these (section 3.1).
//
// Shape legend: T steps, B batch rows, N = T·B rows (time-major: row t·B + b), I input width,
// H hidden width, G = 4H fused gates in the order i (input), f (forget), g (cell), o (output).
//
//   gates_t = x_t · W_ihᵀ + h_(t−1) · W_hhᵀ + b_ih + b_hh            (B, 4H)
//   i, f, o = σ(gates_i,f,o)   g = tanh(gates_g)
//   c_t = f ⊙ c_(t−1) + i ⊙ g   h_t = o ⊙ tanh(c_t)
import CKernels

/// An LSTM layer: weights `weight_ih (4H, I)`, `weight_hh (4H, H)`, `bias_ih (4H)`, `bias_hh (4H)`.
///
/// Sequences start from h = c = 0 (NPI resets the core at every program call), which is why
/// the first step never multiplies by W_hh.
public struct LSTM<S: NeuralScalar> {
    /// W_ih: (4H, I), gate blocks i, f, g, o.
    public let weightIH: Parameter<S>
    /// W_hh: (4H, H), gate blocks i, f, g, o.
    public let weightHH: Parameter<S>
    /// b_ih: (4H).
    public let biasIH: Parameter<S>
    /// b_hh: (4H). Redundant with b_ih, but kept so weights map one-to-one onto PyTorch's.
    public let biasHH: Parameter<S>

    /// A zero-initialised layer with parameters `NAME.weight_ih`, `NAME.weight_hh`, `NAME.bias_ih`, `NAME.bias_hh`.
    public init(name: String, inputSize: Int, hiddenSize: Int) {
        weightIH = Parameter(name: "\(name).weight_ih", shape: [4 * hiddenSize, inputSize])
        weightHH = Parameter(name: "\(name).weight_hh", shape: [4 * hiddenSize, hiddenSize])
        biasIH = Parameter(name: "\(name).bias_ih", shape: [4 * hiddenSize])
        biasHH = Parameter(name: "\(name).bias_hh", shape: [4 * hiddenSize])
    }

    /// I, the input width.
    public var inputSize: Int { weightIH.shape[1] }
    /// H, the hidden width.
    public var hiddenSize: Int { weightHH.shape[1] }
    /// `weight_ih, weight_hh, bias_ih, bias_hh`, in PyTorch's order.
    public var parameters: [Parameter<S>] { [weightIH, weightHH, biasIH, biasHH] }

    // MARK: - Sequence forward and backward (training)

    /// Runs `input (T, B, I)` from a zero state and keeps in `workspace` every activation BPTT
    /// needs; the outputs h_t are `workspace.hiddenStates (T, B, H)`.
    public func forward(input: UnsafePointer<S>, steps: Int, batch: Int, workspace: LSTMWorkspace<S>) {
        let H = hiddenSize, G = 4 * hiddenSize, rows = steps * batch
        guard rows > 0 else { return }
        workspace.prepare(steps: steps, batch: batch, hiddenSize: H)
        let gates = workspace.gates.pointer, cell = workspace.cell.pointer
        let tanhCell = workspace.tanhCell.pointer, hidden = workspace.hidden.pointer
        writeCombinedBias(into: workspace.combinedBias.pointer)
        broadcastRows(workspace.combinedBias.pointer, into: gates, rows: rows, width: G)
        weightIH.value.withUnsafeBufferPointer { wIH in
            // The input half of every step at once: one large product instead of T small ones.
            addInputTimesWeightTransposed(
                input: input, weight: wIH.baseAddress!, output: gates, rows: rows, inputSize: inputSize, outputSize: G)
        }
        weightHH.value.withUnsafeBufferPointer { wHH in
            for t in 0..<steps {
                let stepGates = gates + t * batch * G
                if t > 0 {
                    addInputTimesWeightTransposed(
                        input: hidden + (t - 1) * batch * H, weight: wHH.baseAddress!, output: stepGates,
                        rows: batch, inputSize: H, outputSize: G)
                }
                LSTM.pointwiseForward(
                    gates: stepGates, previousCell: t > 0 ? cell + (t - 1) * batch * H : workspace.zeros.pointer,
                    cell: cell + t * batch * H, tanhCell: tanhCell + t * batch * H,
                    hidden: hidden + t * batch * H, batch: batch, hiddenSize: H)
            }
        }
    }

    /// Backpropagation through time, walking `forward` in reverse.
    ///
    /// `hiddenGradient (T, B, H)` holds dL/dh_t from outside the layer (the layer above, the
    /// heads); it is used as scratch: the recurrent terms dgates_t · W_hh are added into its
    /// rows for step t−1 on the way back.
    /// Adds into the four parameter gradients and, when given, into `inputGradient (T, B, I)`.
    public func backward(
        input: UnsafePointer<S>, hiddenGradient: UnsafeMutablePointer<S>, inputGradient: UnsafeMutablePointer<S>?,
        steps: Int, batch: Int, workspace: LSTMWorkspace<S>
    ) {
        let H = hiddenSize, G = 4 * hiddenSize, rows = steps * batch
        guard rows > 0 else { return }
        let gates = workspace.gates.pointer, cell = workspace.cell.pointer
        let tanhCell = workspace.tanhCell.pointer, hidden = workspace.hidden.pointer
        let gateGradient = workspace.gateGradient.pointer  // dgates: (T, B, 4H), pre-activation
        let cellGradient = workspace.cellGradient.pointer  // dc carried from step t+1: (B, H)
        cellGradient.update(repeating: 0, count: batch * H)
        weightHH.value.withUnsafeBufferPointer { wHH in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let base = t * batch
                for b in 0..<batch {
                    let n = base + b
                    let gate = gates + n * G, dGate = gateGradient + n * G
                    let dh = hiddenGradient + n * H, tc = tanhCell + n * H, dcCarry = cellGradient + b * H
                    let previousCell = t > 0 ? cell + (n - batch) * H : workspace.zeros.pointer + b * H
                    if S.self == Float.self {
                        lstmPointwiseBackwardRow(
                            gate: floatPointer(gate), tanhCell: floatPointer(tc), previousCell: floatPointer(previousCell),
                            hiddenGradient: floatPointer(dh), cellGradient: mutableFloatPointer(dcCarry),
                            gateGradient: mutableFloatPointer(dGate), hiddenSize: H)
                        continue
                    }
                    for j in 0..<H {
                        let i = gate[j], f = gate[H + j], g = gate[2 * H + j], o = gate[3 * H + j]
                        let dc = dcCarry[j] + dh[j] * o * (1 - tc[j] * tc[j])
                        dGate[j] = dc * g * i * (1 - i)
                        dGate[H + j] = dc * previousCell[j] * f * (1 - f)
                        dGate[2 * H + j] = dc * i * (1 - g * g)
                        dGate[3 * H + j] = dh[j] * tc[j] * o * (1 - o)
                        dcCarry[j] = dc * f
                    }
                }
                if t > 0 {
                    // dL/dh_(t−1) += dgates_t · W_hh: the recurrent path, one product per step.
                    addInputGradient(
                        outputGradient: gateGradient + base * G, weight: wHH.baseAddress!,
                        inputGradient: hiddenGradient + (base - batch) * H, rows: batch, inputSize: H, outputSize: G)
                }
            }
        }
        // Weight gradients for all steps at once (W_hh saw h_(t−1) at steps 1..<T only) and the
        // input gradient: independent products, so with 2 threads one thread computes dx and
        // half of dW_hh while the other computes dW_ih and the other half, each product whole
        // or split at a gate row as it would be anyway: the same results as 1 thread.
        let half = S.self == Float.self ? productSplitRow(outputSize: G, inputSize: H) : nil
        // Unshared and padded before the products write them (a shared array would be copied
        // without its slack as the mutation starts: see `blasSlack`).
        weightIH.gradient.reserveBLASSlack()
        weightHH.gradient.reserveBLASSlack()
        weightIH.gradient.withUnsafeMutableBufferPointer { dWIH in
            weightHH.gradient.withUnsafeMutableBufferPointer { dWHH in
                weightIH.value.withUnsafeBufferPointer { wIH in
                    /// Gate rows `gates` of dW_hh.
                    func recurrentRows(_ gates: Range<Int>) {
                        guard !gates.isEmpty else { return }
                        addWeightGradient(
                            outputGradient: gateGradient + batch * G, input: hidden, weightGradient: dWHH.baseAddress!,
                            rows: rows - batch, inputSize: H, outputSize: G, onlyRows: gates)
                    }
                    func inputSide() {
                        if let inputGradient {
                            addInputGradient(
                                outputGradient: gateGradient, weight: wIH.baseAddress!, inputGradient: inputGradient,
                                rows: rows, inputSize: inputSize, outputSize: G)
                        }
                        recurrentRows(0..<(half ?? G))
                    }
                    func weightSide() {
                        addWeightGradient(
                            outputGradient: gateGradient, input: input, weightGradient: dWIH.baseAddress!,
                            rows: rows, inputSize: inputSize, outputSize: G)
                        recurrentRows((half ?? G)..<G)
                    }
                    if half != nil {
                        runInTwo(inputSide, weightSide)
                    } else {
                        inputSide()
                        weightSide()
                    }
                }
            }
        }
        biasIH.gradient.withUnsafeMutableBufferPointer { db in
            addColumnSums(gateGradient, into: db.baseAddress!, rows: rows, width: G)
        }
        biasHH.gradient.withUnsafeMutableBufferPointer { db in
            addColumnSums(gateGradient, into: db.baseAddress!, rows: rows, width: G)
        }
    }

    // MARK: - Single step (inference)

    /// Advances `hidden (B, H)` and `cell (B, H)` in place by one step on `input (B, I)`.
    ///
    /// `recurrentRows` lists the rows whose state is not zero (nil: all of them). W_hh is applied
    /// to those rows only, so fresh program calls (all-zero state) skip half the layer's work.
    /// The arithmetic is the sequence forward's, so both give the same h and c. (A network's
    /// single Float row takes `NPINetwork.singleRowStep` instead.)
    public func step(
        input: UnsafePointer<S>, hidden: UnsafeMutablePointer<S>, cell: UnsafeMutablePointer<S>,
        batch: Int, recurrentRows: UnsafeBufferPointer<Int>?, workspace: LSTMWorkspace<S>
    ) {
        let H = hiddenSize, G = 4 * hiddenSize
        guard batch > 0 else { return }
        workspace.prepare(steps: 1, batch: batch, hiddenSize: H)
        let gates = workspace.gates.pointer  // (B, 4H)
        writeCombinedBias(into: workspace.combinedBias.pointer)
        broadcastRows(workspace.combinedBias.pointer, into: gates, rows: batch, width: G)
        weightIH.value.withUnsafeBufferPointer { wIH in
            addInputTimesWeightTransposed(
                input: input, weight: wIH.baseAddress!, output: gates, rows: batch, inputSize: inputSize, outputSize: G)
        }
        let active = recurrentRows?.count ?? batch
        if active == batch {
            weightHH.value.withUnsafeBufferPointer { wHH in
                addInputTimesWeightTransposed(
                    input: hidden, weight: wHH.baseAddress!, output: gates, rows: batch, inputSize: H, outputSize: G)
            }
        } else if active > 0, let recurrentRows {
            // Gather the live rows, multiply them alone, scatter-add their gate terms back.
            let compactHidden = workspace.compactHidden.pointer  // (active, H)
            let compactGates = workspace.compactGates.pointer  // (active, 4H)
            for (slot, row) in recurrentRows.enumerated() {
                (compactHidden + slot * H).update(from: hidden + row * H, count: H)
            }
            compactGates.update(repeating: 0, count: active * G)
            weightHH.value.withUnsafeBufferPointer { wHH in
                addInputTimesWeightTransposed(
                    input: compactHidden, weight: wHH.baseAddress!, output: compactGates,
                    rows: active, inputSize: H, outputSize: G)
            }
            for (slot, row) in recurrentRows.enumerated() {
                let target = gates + row * G, source = compactGates + slot * G
                for j in 0..<G { target[j] += source[j] }
            }
        }
        // previousCell aliases cell (zero for fresh rows): each c[j] is read before it is overwritten.
        LSTM.pointwiseForward(
            gates: gates, previousCell: cell, cell: cell,
            tanhCell: workspace.tanhCell.pointer, hidden: hidden, batch: batch, hiddenSize: H)
    }

    // MARK: - Shared pieces

    /// `b_ih + b_hh` (4H): the two biases always appear summed.
    func writeCombinedBias(into combined: UnsafeMutablePointer<S>) {
        biasIH.value.withUnsafeBufferPointer { bIH in
            biasHH.value.withUnsafeBufferPointer { bHH in
                for j in 0..<bIH.count { combined[j] = bIH[j] + bHH[j] }
            }
        }
    }

    /// The gate nonlinearities and the cell update for one step: turns `gates (B, 4H)` from
    /// pre-activations into activations in place (backward reads them) and writes c, tanh c, h.
    @inline(__always)
    static func pointwiseForward(
        gates: UnsafeMutablePointer<S>, previousCell: UnsafePointer<S>, cell: UnsafeMutablePointer<S>,
        tanhCell: UnsafeMutablePointer<S>, hidden: UnsafeMutablePointer<S>, batch: Int, hiddenSize H: Int
    ) {
        if S.self == Float.self {
            /// Rows `start ..< end`; each row is computed on its own.
            func rows(_ start: Int, _ end: Int) {
                for b in start..<end {
                    npi_lstm_cell_forward_row(
                        mutableFloatPointer(gates + b * 4 * H), floatPointer(previousCell + b * H),
                        mutableFloatPointer(cell + b * H), mutableFloatPointer(tanhCell + b * H),
                        mutableFloatPointer(hidden + b * H), H)
                }
            }
            // With 2 threads, a batch's rows are shared with the helper thread (same results).
            return runParts(upTo: batch, splitAt: rowSplit(rows: batch, scalarsPerRow: 4 * H), rows)
        }
        for b in 0..<batch {
            let gate = gates + b * 4 * H
            let c = cell + b * H, tc = tanhCell + b * H, h = hidden + b * H
            let cPrevious = previousCell + b * H
            for j in 0..<H {
                let i = sigmoid(gate[j]), f = sigmoid(gate[H + j])
                let g = tanhViaExp(gate[2 * H + j]), o = sigmoid(gate[3 * H + j])
                gate[j] = i
                gate[H + j] = f
                gate[2 * H + j] = g
                gate[3 * H + j] = o
                let newCell = f * cPrevious[j] + i * g
                c[j] = newCell
                let t = tanhViaExp(newCell)
                tc[j] = t
                h[j] = o * t
            }
        }
    }
}

/// Buffers an `LSTM` layer reuses across calls: the activations kept for BPTT and step scratch.
///
/// One workspace per layer; it grows to the largest (T, B) seen and is never shrunk.
public final class LSTMWorkspace<S: NeuralScalar> {
    let gates = ScratchBuffer<S>()  // activated gates i, f, g, o: (T, B, 4H)
    let cell = ScratchBuffer<S>()  // c_t: (T, B, H)
    let tanhCell = ScratchBuffer<S>()  // tanh(c_t): (T, B, H)
    let hidden = ScratchBuffer<S>()  // h_t: (T, B, H)
    let gateGradient = ScratchBuffer<S>()  // d gates, pre-activation: (T, B, 4H)
    let cellGradient = ScratchBuffer<S>()  // dc carried back one step: (B, H)
    let combinedBias = ScratchBuffer<S>()  // b_ih + b_hh: (4H)
    let compactHidden = ScratchBuffer<S>()  // live rows of h for a step: (≤B, H)
    let compactGates = ScratchBuffer<S>()  // their W_hh terms: (≤B, 4H)
    let zeros = ScratchBuffer<S>()  // c_(−1) = 0 for the first step: (B, H), never written
    let transposedInputWeight = WeightCopy<S>(.transposed)  // W_ihᵀ for single-row steps above the first layer: (I, 4H)
    let packedRecurrentWeight = WeightCopy<S>(.rowsPackedForDot)  // W_hh by blocks of 8 rows, for single-row steps: (4H, H)

    /// An empty workspace; buffers are sized by the first call.
    public init() {}

    func prepare(steps: Int, batch: Int, hiddenSize H: Int) {
        let rows = steps * batch
        gates.reserve(rows * 4 * H)
        gateGradient.reserve(rows * 4 * H)
        for buffer in [cell, tanhCell, hidden] { buffer.reserve(rows * H) }
        cellGradient.reserve(batch * H)
        combinedBias.reserve(4 * H)
        compactHidden.reserve(batch * H)
        compactGates.reserve(batch * 4 * H)
        zeros.reserveZeroed(batch * H)
    }

    /// The outputs h_t of the last sequence `forward`: (T, B, H), valid until the next call.
    public var hiddenStates: UnsafePointer<S> { UnsafePointer(hidden.pointer) }
}
