// One NPI step for B independent rows (Algorithm 1, Reed & de Freitas 2016): the interpreter
// calls this once per trace step, for one problem or for hundreds evaluated together.
//
// Shape legend: B rows, L layers, H core width, Q active input slots, P programs, A arguments,
// D argument depth.

extension NPINetwork {
    /// The LSTM core's state for B rows: per layer, h and c.
    ///
    /// NPI resets the core at every program call, so a caller's state is pushed on a stack and
    /// a zero state begins the callee. Rows known to be zero are flagged, and a step skips the
    /// W_hh product for them (it would multiply zeros).
    public struct CoreState: Sendable {
        /// B, the number of rows.
        public private(set) var batch: Int
        /// h per layer, each (B, H): the raw LSTM outputs o ⊙ tanh(c).
        public private(set) var hidden: [[S]]
        /// c per layer, each (B, H).
        public private(set) var cell: [[S]]
        /// Whether each row's h and c are all zero (a fresh call); (B).
        public private(set) var isZeroRow: [Bool]

        /// The all-zero state of B rows (the start of a program call).
        @_specialize(exported: true, where S == Float)
        public static func zero(batch: Int, configuration: NetworkConfiguration) -> CoreState {
            let layer = [S](repeating: 0, count: batch * configuration.coreSize)
            return CoreState(
                batch: batch, hidden: Array(repeating: layer, count: configuration.coreLayers),
                cell: Array(repeating: layer, count: configuration.coreLayers),
                isZeroRow: Array(repeating: true, count: batch))
        }

        /// H, inferred from the stored arrays.
        private var width: Int { batch == 0 ? 0 : (hidden.first?.count ?? 0) / batch }

        /// A new state made of rows `rows` of this one, in that order (repeats allowed).
        @_specialize(exported: true, where S == Float)
        public func gathering(rows: [Int]) -> CoreState {
            let H = width
            func gather(_ source: [S]) -> [S] {
                var result = [S]()
                result.reserveCapacity(rows.count * H)
                for row in rows { result += source[row * H..<(row + 1) * H] }
                return result
            }
            return CoreState(
                batch: rows.count, hidden: hidden.map(gather), cell: cell.map(gather),
                isZeroRow: rows.map { isZeroRow[$0] })
        }

        /// The rows of `states`, one after another, as one state (e.g. the top frames of many
        /// interpreters, stacked for one batched step). All must have the same layer count and width.
        @_specialize(exported: true, where S == Float)
        public static func stacking(_ states: [CoreState]) -> CoreState {
            guard let first = states.first else { return CoreState(batch: 0, hidden: [], cell: [], isZeroRow: []) }
            let layers = first.hidden.count, H = first.width
            let batch = states.reduce(0) { $0 + $1.batch }
            /// Layer `layer` of h or c of every state, appended into one array of the final size
            /// (with the room a batched step gives h for BLIS, so that it need not copy it again).
            func stacked(_ layer: Int, _ part: KeyPath<CoreState, [[S]]>) -> [S] {
                var result = [S]()
                result.reserveCapacity(batch * H + blasSlack(batch * H))
                for state in states {
                    precondition(state.hidden.count == layers && state.width == H, "stacking: shape mismatch")
                    result += state[keyPath: part][layer]
                }
                return result
            }
            return CoreState(
                batch: batch, hidden: (0..<layers).map { stacked($0, \.hidden) },
                cell: (0..<layers).map { stacked($0, \.cell) }, isZeroRow: states.flatMap(\.isZeroRow))
        }

        /// Makes this state row `row` of `source`, reusing its own storage when it already holds
        /// one row of the same shape (an interpreter frame taking back its row after a batched step).
        @_specialize(exported: true, where S == Float)
        public mutating func assign(row: Int, of source: CoreState) {
            let H = source.width
            guard batch == 1, width == H, hidden.count == source.hidden.count else {
                self = source.gathering(rows: [row])
                return
            }
            for layer in 0..<hidden.count {
                hidden[layer].withUnsafeMutableBufferPointer { target in
                    source.hidden[layer].withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress! + row * H, count: H) }
                }
                cell[layer].withUnsafeMutableBufferPointer { target in
                    source.cell[layer].withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress! + row * H, count: H) }
                }
            }
            isZeroRow[0] = source.isZeroRow[row]
        }

        /// Overwrites rows `rows` of this state with the rows of `source`, in order
        /// (`source.batch` must equal `rows.count`).
        @_specialize(exported: true, where S == Float)
        public mutating func scatter(_ source: CoreState, toRows rows: [Int]) {
            precondition(source.batch == rows.count, "scatter: \(source.batch) source rows for \(rows.count) targets")
            precondition(source.hidden.count == hidden.count, "scatter: layer count mismatch")
            let H = width
            for layer in 0..<hidden.count {
                for (slot, row) in rows.enumerated() {
                    hidden[layer].replaceSubrange(row * H..<(row + 1) * H, with: source.hidden[layer][slot * H..<(slot + 1) * H])
                    cell[layer].replaceSubrange(row * H..<(row + 1) * H, with: source.cell[layer][slot * H..<(slot + 1) * H])
                }
            }
            for (slot, row) in rows.enumerated() { isZeroRow[row] = source.isZeroRow[slot] }
        }

        /// Sets rows `rows` to the zero state (a new program call in those rows).
        @_specialize(exported: true, where S == Float)
        public mutating func resetRows(_ rows: [Int]) {
            let H = width
            for layer in 0..<hidden.count {
                for row in rows {
                    for j in row * H..<(row + 1) * H {
                        hidden[layer][j] = 0
                        cell[layer][j] = 0
                    }
                }
            }
            for row in rows { isZeroRow[row] = true }
        }
    }

    /// The three heads' outputs for B rows.
    public struct StepOutput: Sendable {
        /// P(return to the caller) per row: (B).
        public var returnProbability: [S]
        /// The distribution over the next program per row, over the environment's programs: (B, Pₑ).
        public var programProbabilities: [S]
        /// The distribution over each argument's value per row: (B, A, D).
        public var argumentProbabilities: [S]

        /// Outputs from their three arrays (for tests of code that consumes them).
        public init(returnProbability: [S], programProbabilities: [S], argumentProbabilities: [S]) {
            self.returnProbability = returnProbability
            self.programProbabilities = programProbabilities
            self.argumentProbabilities = argumentProbabilities
        }
    }

    /// Runs one step for B rows, all in one environment, and advances `state` in place.
    ///
    /// From two rows up, a row's outputs and next state are the same, bit for bit, in every
    /// batch of two or more, wherever it sits and whatever the other rows hold (tested). A
    /// single Float row takes `singleRowStep`'s matrix-vector products (above the first layer,
    /// one that skips the zeros of its ReLU input), whose roundings differ in the last bits.
    ///
    /// - Parameters:
    ///   - features: (B, Q) active indices of each row's 0/1 f_enc input, −1 padded,
    ///     Q = `maxActiveInputs(environment:)`.
    ///   - programs: (B) the program each row is running, as the environment's id.
    ///   - state: the core state of the B rows; every row is non-zero afterwards.
    ///   - environment: the index of the environment in `configuration.environments`.
    @_specialize(exported: true, where S == Float)
    public func step(features: [Int32], programs: [Int32], state: inout CoreState, environment: Int = 0) -> StepOutput {
        let c = configuration, B = programs.count, H = c.coreSize
        precondition(c.environments.indices.contains(environment), "step: no environment \(environment)")
        precondition(
            features.count == B * c.maxActiveInputs(environment: environment),
            "step: \(features.count) feature slots for \(B) rows")
        precondition(state.batch == B && state.hidden.count == c.coreLayers, "step: state shape does not match")
        guard B > 0 else { return StepOutput(returnProbability: [], programProbabilities: [], argumentProbabilities: []) }
        checkParameterSizes()
        if B == 1, S.self == Float.self {
            return singleRowStep(features: features, program: programs[0], state: &state, environment: environment).output
        }
        let workspace = inferenceWorkspace
        workspace.prepare(batch: B, configuration: c)
        features.withUnsafeBufferPointer { f in
            memoryRows(of: programs, environment: environment).withUnsafeBufferPointer { p in
                encodeInputs(
                    features: f.baseAddress!, environment: environment, programRows: p.baseAddress!, rowCount: B,
                    input: workspace.input.pointer, winners: workspace.winners.pointer, count: B,
                    encoderWorkspace: workspace.encoders[environment])
            }
        }
        // Rows with a live state; nil = all of them (the common case needs no list).
        var liveCount = 0
        for row in 0..<B where !state.isZeroRow[row] {
            workspace.liveRows.pointer[liveCount] = row
            liveCount += 1
        }
        let liveRows = liveCount == B ? nil : UnsafeBufferPointer(start: workspace.liveRows.pointer, count: liveCount)
        for (index, layer) in core.enumerated() {
            let layerInput = index == 0 ? workspace.input.pointer : workspace.activations[index - 1].pointer
            state.withLayer(index) { hidden, cell in
                layer.step(
                    input: layerInput, hidden: hidden, cell: cell, batch: B, recurrentRows: liveRows,
                    workspace: workspace.layers[index])
                ReLU.forward(input: hidden, output: workspace.activations[index].pointer, count: B * H)
            }
        }
        state.markLive()
        let heads = workspace.heads
        headsForward(top: workspace.activations[core.count - 1].pointer, heads: heads, rows: B, eachRowAlone: B > 1)
        return readProbabilities(heads, rows: B, environment: environment)
    }

    /// Turns head logits into probabilities and copies them out, arguments reordered from
    /// (A, B, D) to (B, A, D).
    func readProbabilities(_ heads: HeadActivations<S>, rows B: Int, environment: Int) -> StepOutput {
        let c = configuration, A = c.argumentCount, D = c.argumentDepth
        let P = c.environments[environment].programIDs.count
        SigmoidBinaryCrossEntropy.forward(
            logits: heads.endLogit.pointer, targets: nil, probabilities: heads.endProbability.pointer, count: B)
        let programLogits = environmentLogits(
            heads.programLogits.pointer, into: heads.environmentProgramLogits.pointer, rows: B, environment: environment)
        SoftmaxCrossEntropy.forward(
            logits: programLogits, targets: nil, probabilities: heads.programProbabilities.pointer,
            rows: B, classes: P)
        SoftmaxCrossEntropy.forward(
            logits: heads.argumentLogits.pointer, targets: nil, probabilities: heads.argumentProbabilities.pointer,
            rows: A * B, classes: D)
        let argumentProbabilities = [S](unsafeUninitializedCapacity: B * A * D) { buffer, initialized in
            for row in 0..<B {
                for argument in 0..<A {
                    let source = heads.argumentProbabilities.pointer + (argument * B + row) * D
                    for value in 0..<D { buffer[(row * A + argument) * D + value] = source[value] }
                }
            }
            initialized = B * A * D
        }
        return StepOutput(
            returnProbability: Array(UnsafeBufferPointer(start: heads.endProbability.pointer, count: B)),
            programProbabilities: Array(UnsafeBufferPointer(start: heads.programProbabilities.pointer, count: B * P)),
            argumentProbabilities: argumentProbabilities)
    }
}

extension NPINetwork.CoreState {
    /// Gives `body` layer `layer`'s h and c as mutable pointers, without copying (but for the
    /// first batched step of a state, which gives h the room after it that BLIS's gemm may
    /// read: see `blasSlack`; a single row takes gemv, which reads nothing past its operands).
    mutating func withLayer(
        _ layer: Int, _ body: (UnsafeMutablePointer<S>, UnsafeMutablePointer<S>) -> Void
    ) {
        if batch > 1 { hidden[layer].reserveBLASSlack() }
        hidden[layer].withUnsafeMutableBufferPointer { h in
            cell[layer].withUnsafeMutableBufferPointer { c in body(h.baseAddress!, c.baseAddress!) }
        }
    }

    /// Records that every row now holds a live (non-zero) state.
    mutating func markLive() {
        for row in 0..<batch { isZeroRow[row] = false }
    }
}

/// The buffers one inference step reuses, grown to the largest B seen.
final class InferenceWorkspace<S: NeuralScalar> {
    let input = ScratchBuffer<S>()  // concat(s, p): (B, E+Pe)
    var encoders: [MaxoutWorkspace<S>] = []  // per environment (each keeps its encoder's Wᵀ)
    let winners = ScratchBuffer<Int32>()  // maxout winning pieces: (B, E)
    let liveRows = ScratchBuffer<Int>()  // rows with a non-zero state: (≤B)
    var layers: [LSTMWorkspace<S>] = []  // per layer
    var activations: [ScratchBuffer<S>] = []  // r_l = relu(h_l) per layer: (B, H)
    let heads = HeadActivations<S>()
    let singleRow = SingleRowWorkspace()

    func prepare(batch B: Int, configuration c: NetworkConfiguration) {
        while encoders.count < c.environments.count { encoders.append(MaxoutWorkspace()) }
        while layers.count < c.coreLayers {
            layers.append(LSTMWorkspace())
            activations.append(ScratchBuffer())
        }
        input.reserve(B * (c.encoderSize + c.programEmbeddingSize))
        winners.reserve(B * c.encoderSize)
        liveRows.reserve(B)
        for buffer in activations { buffer.reserve(B * c.coreSize) }
        heads.prepare(rows: B, configuration: c)
    }
}
