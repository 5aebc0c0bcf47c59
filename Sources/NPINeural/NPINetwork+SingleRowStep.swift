// One step of a single Float row: the shell, `npi view`, `npi bench`'s infer and long rows.
// Such a step streams the LSTM core's weights from memory (about 3 MB, more than this machine
// kind's 2 MB L2), so it is arranged to read fewer of them and to find more of them in L2, while
// every output is rounded as the plain single-row products (BLIS's gemv, the ordered sum over a
// ReLU input's non-zero entries) round it, bit for bit:
// - the first layer's input gates come from `InputGateMemo` when the input was met before;
// - every layer's W_hh · h is computed before the layers run (it needs only the state), each into
//   its own buffer and added to its gates where the product would have added it;
// - W_hh is read from a copy packed by blocks of 8 rows, each block one contiguous run;
// - the weights are read in one order at one step and in the reverse order at the next, so each
//   step starts on the lines the previous one read last (single_row_products.c);
// - a caller that steps from one state many times (the call cache, from a step whose next input
//   varies) can keep that state's W_hh · h terms and pass them back, and the step reads no W_hh;
// - a step can compute another state's W_hh · h in the same pass over W_hh (a caller's state,
//   parked while its callee steps), for that state's next step to take (in two BLIS products
//   instead when W_hh has no packed copy, G not a multiple of 8).
//
// Shape legend: L layers, H core width, G = 4H gates, I a layer's input width.
import CKernels

/// Every layer's W_hh · h for one row's core state: all that a step from that state needs of its
/// h. A step given them computes what it would compute from the state alone, bit for bit.
public struct RecurrentTerms: Sendable {
    /// (L, 4H), layer by layer.
    public let values: [Float]
}

extension NPINetwork where S == Float {
    /// `step` for one row, taking every layer's W_hh · h from `recurrentTerms` (which must be the
    /// terms of `state`, as a step from it returned them) instead of computing them; when
    /// `recurrentTerms` is nil and `returningRecurrentTerms`, the step returns the terms it
    /// computed (nil for a fresh call's zero state, whose steps need none).
    ///
    /// When the step computes its own terms and `alongside` is a live one-row state, it also
    /// computes that state's terms, in the same pass over W_hh's packed copy, and returns them as
    /// `alongsideTerms` (otherwise nil: a step that reads no W_hh computes nothing for it).
    public func stepOneRow(
        features: [Int32], program: Int32, state: inout CoreState, environment: Int = 0,
        recurrentTerms: RecurrentTerms? = nil, returningRecurrentTerms: Bool = false, alongside: CoreState? = nil
    ) -> (output: StepOutput, recurrentTerms: RecurrentTerms?, alongsideTerms: RecurrentTerms?) {
        let c = configuration
        precondition(c.environments.indices.contains(environment), "stepOneRow: no environment \(environment)")
        precondition(features.count == c.maxActiveInputs(environment: environment), "stepOneRow: \(features.count) feature slots")
        precondition(state.batch == 1 && state.hidden.count == c.coreLayers, "stepOneRow: state shape does not match")
        precondition(
            recurrentTerms.map { $0.values.count == c.coreLayers * 4 * c.coreSize } ?? true,
            "stepOneRow: recurrent terms of another shape")
        precondition(
            alongside.map { $0.batch == 1 && $0.hidden.count == c.coreLayers && $0.hidden.allSatisfy { $0.count == c.coreSize } }
                ?? true,
            "stepOneRow: the alongside state's shape does not match")
        checkParameterSizes()
        return singleRowStep(
            features: features, program: program, state: &state, environment: environment,
            recurrentTerms: recurrentTerms, returningRecurrentTerms: returningRecurrentTerms, alongside: alongside)
    }
}

extension NPINetwork {
    /// `step` for one Float row (`S == Float`); see `stepOneRow` for the recurrent terms.
    func singleRowStep(
        features: [Int32], program: Int32, state: inout CoreState, environment: Int,
        recurrentTerms given: RecurrentTerms? = nil, returningRecurrentTerms: Bool = false, alongside: CoreState? = nil
    ) -> (output: StepOutput, recurrentTerms: RecurrentTerms?, alongsideTerms: RecurrentTerms?) {
        let c = configuration, H = c.coreSize, G = 4 * H
        let workspace = inferenceWorkspace, single = workspace.singleRow
        workspace.prepare(batch: 1, configuration: c)
        single.prepare(layers: core.count, gates: G)
        let reverse = single.readsInReverse
        single.readsInReverse.toggle()
        let live = !state.isZeroRow[0]
        var returned: RecurrentTerms?, alongsideTerms: RecurrentTerms?
        if live, let given {
            given.values.withUnsafeBufferPointer { single.recurrentTerms.pointer.update(from: $0.baseAddress!, count: $0.count) }
        } else if live {
            let other = alongside.flatMap { $0.isZeroRow[0] ? nil : $0 }
            if let other {  // its h, layer by layer, where the products read it
                for (index, hidden) in other.hidden.enumerated() {
                    hidden.withUnsafeBufferPointer {
                        (single.alongsideHidden.pointer + index * H).update(from: floatPointer($0.baseAddress!), count: H)
                    }
                }
            }
            for position in core.indices {
                let index = reverse ? core.count - 1 - position : position
                state.withLayer(index) { hidden, _ in
                    writeRecurrentTerm(
                        layer: core[index], hidden: floatPointer(UnsafePointer(hidden)),
                        into: single.recurrentTerms.pointer + index * G,
                        alongside: other == nil
                            ? nil
                            : (UnsafePointer(single.alongsideHidden.pointer + index * H), single.alongsideTerms.pointer + index * G),
                        workspace: workspace.layers[index], reverse: reverse)
                }
            }
            let count = core.count * G
            if returningRecurrentTerms {
                returned = RecurrentTerms(values: Array(UnsafeBufferPointer(start: single.recurrentTerms.pointer, count: count)))
            }
            if other != nil {
                alongsideTerms = RecurrentTerms(values: Array(UnsafeBufferPointer(start: single.alongsideTerms.pointer, count: count)))
            }
        }
        for (index, layer) in core.enumerated() {
            let layerWorkspace = workspace.layers[index]
            layerWorkspace.prepare(steps: 1, batch: 1, hiddenSize: H)
            let gates = mutableFloatPointer(layerWorkspace.gates.pointer)  // (G)
            if index == 0 {
                writeFirstLayerInputGates(features: features, program: program, environment: environment, into: gates)
            } else {
                layer.writeCombinedBias(into: layerWorkspace.gates.pointer)
                addSparseInputTerm(
                    layer: layer, input: floatPointer(UnsafePointer(workspace.activations[index - 1].pointer)),
                    workspace: layerWorkspace, into: gates, reverse: reverse)
            }
            if live { addInPlace(UnsafePointer(single.recurrentTerms.pointer + index * G), into: gates, count: G) }
            state.withLayer(index) { hidden, cell in
                LSTM.pointwiseForward(
                    gates: layerWorkspace.gates.pointer, previousCell: cell, cell: cell,
                    tanhCell: layerWorkspace.tanhCell.pointer, hidden: hidden, batch: 1, hiddenSize: H)
                ReLU.forward(input: hidden, output: workspace.activations[index].pointer, count: H)
            }
        }
        state.markLive()
        headsForward(top: workspace.activations[core.count - 1].pointer, heads: workspace.heads, rows: 1)
        return (readProbabilities(workspace.heads, rows: 1, environment: environment), returned, alongsideTerms)
    }

    // MARK: - The products

    /// `term (G) = W_hh · h`, each output rounded as BLIS's sgemv rounds it, so that adding it to
    /// the gates gives what a gemv adding into them gives: from the packed copy of W_hh, or by
    /// BLIS itself when G is not a multiple of 8; and the same for `alongside`'s h into its term.
    private func writeRecurrentTerm(
        layer: LSTM<S>, hidden: UnsafePointer<Float>, into term: UnsafeMutablePointer<Float>,
        alongside: (hidden: UnsafePointer<Float>, term: UnsafeMutablePointer<Float>)? = nil,
        workspace: LSTMWorkspace<S>, reverse: Bool
    ) {
        let H = layer.hiddenSize, G = 4 * H
        let packed = G % 8 == 0 ? floatPointer(workspace.packedRecurrentWeight.values(of: layer.weightHH)) : nil
        layer.weightHH.value.withUnsafeBufferPointer { weights in
            let w = floatPointer(weights.baseAddress!)
            // Split at a multiple of 64, so each part starts on a block of the packed copy.
            runParts(upTo: G, splitAt: productSplitRow(outputSize: G, inputSize: H)) { start, end in
                if let packed,
                    npi_sgemv_dot_rows_packed(
                        end - start, H, packed + start * H, hidden, term + start, alongside?.hidden,
                        alongside.map { $0.term + start }, reverse ? 1 : 0) != 0
                {
                    return
                }
                for (x, y) in [(hidden, term)] + (alongside.map { [($0.hidden, $0.term)] } ?? []) {
                    Float.gemv(
                        transposeA: false, m: end - start, n: H, alpha: 1, a: w + start * H, lda: H, x: x, beta: 0,
                        y: y + start)
                }
            }
        }
    }

    /// `gates (G) += W_ih · x` for a ReLU output x, over its non-zero entries only (reading only
    /// their weights, from the transposed copy).
    private func addSparseInputTerm(
        layer: LSTM<S>, input x: UnsafePointer<Float>, workspace: LSTMWorkspace<S>,
        into gates: UnsafeMutablePointer<Float>, reverse: Bool
    ) {
        let I = layer.inputSize, G = 4 * layer.hiddenSize
        let indices = inferenceWorkspace.singleRow.nonZeroInputs
        indices.reserve(I)
        let nonZero = indices.pointer  // (≤ I)
        var count = 0
        for k in 0..<I where x[k] != 0 {
            nonZero[count] = Int32(k)
            count += 1
        }
        let transposed = floatPointer(workspace.transposedInputWeight.values(of: layer.weightIH))  // (I, G)
        runParts(upTo: G, splitAt: productSplitRow(outputSize: G, inputSize: I)) { start, end in
            npi_add_sparse_input_product(x, nonZero, count, transposed, G, gates, start, end, reverse ? 1 : 0)
        }
    }

    /// `gates (G)` = the first layer's b_ih + b_hh + W_ih · concat(f_enc(features), embedding(program)),
    /// from the memo or computed (and remembered).
    private func writeFirstLayerInputGates(
        features: [Int32], program: Int32, environment: Int, into gates: UnsafeMutablePointer<Float>
    ) {
        let c = configuration, G = 4 * c.coreSize, layer = core[0]
        let workspace = inferenceWorkspace, memo = workspace.singleRow.inputGates
        let key = features + [program, Int32(environment)]
        let stamp = parameters.reduce(0) { $0 &+ $1.valueVersion }
        if memo.copyGates(for: key, stamp: stamp, into: gates, width: G) { return }
        features.withUnsafeBufferPointer { f in
            memoryRows(of: [program], environment: environment).withUnsafeBufferPointer { p in
                encodeInputs(
                    features: f.baseAddress!, environment: environment, programRows: p.baseAddress!, rowCount: 1,
                    input: workspace.input.pointer, winners: workspace.winners.pointer, count: 1,
                    encoderWorkspace: workspace.encoders[environment])
            }
        }
        let generic = UnsafeMutableRawPointer(gates).assumingMemoryBound(to: S.self)  // S is Float
        layer.writeCombinedBias(into: generic)
        layer.weightIH.value.withUnsafeBufferPointer { wIH in
            addInputTimesWeightTransposed(
                input: workspace.input.pointer, weight: wIH.baseAddress!, output: generic, rows: 1,
                inputSize: layer.inputSize, outputSize: G)
        }
        memo.remember(gates, width: G, for: key, stamp: stamp)
    }
}

/// The buffers of single-row steps, and the order the next one reads its weights in.
final class SingleRowWorkspace {
    let recurrentTerms = ScratchBuffer<Float>()  // W_hh · h per layer: (L, G)
    let alongsideHidden = ScratchBuffer<Float>()  // h per layer of a state whose terms are computed alongside: (L, H)
    let alongsideTerms = ScratchBuffer<Float>()  // its W_hh · h per layer: (L, G)
    let nonZeroInputs = ScratchBuffer<Int32>()  // indices of a ReLU input's non-zero entries: (≤ I)
    let inputGates = InputGateMemo<Float>()
    /// Whether the next step reads its weights last to first.
    var readsInReverse = false

    func prepare(layers: Int, gates: Int) {
        recurrentTerms.reserve(layers * gates)
        alongsideHidden.reserve(layers * gates / 4)
        alongsideTerms.reserve(layers * gates)
    }
}
