// The single-row step (batch-1 inference) against the plain composition it reorganises: BLIS's
// gemv for the first layer's input and every W_hh · h, the zero-skipping fused sum above the first
// layer. Its two kernels are checked alone (the dot products from packed rows rounded as BLIS
// rounds them, the ordered sum over non-zero inputs), then whole steps, bit for bit, with the memo of first-layer
// gates, both reading orders, fresh calls mid-sequence and changed weights.
import CBLIS
import CKernels
import Testing
@testable import NPINeural

@Suite struct SingleRowStepTests {
    /// Random values with exact zeros and negative zeros among them.
    static func values(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in
            let u = generator.unitDouble()
            if u < 0.1 { return 0 }
            if u < 0.15 { return -0.0 }
            return Float(4 * generator.unitDouble() - 2)
        }
    }

    @Test(arguments: [(1024, 256), (1024, 133), (64, 5), (40, 256), (8, 9), (16, 1)])
    func packedDotProductsAreBLISsGemvInEitherOrder(rows: Int, columns: Int) {
        var generator = SeededGenerator(seed: UInt64(rows * 1000 + columns))
        let lda = columns + 3  // a leading dimension longer than a row
        let w = Self.values(rows * lda, &generator), x = Self.values(columns, &generator)
        let x2 = Self.values(columns, &generator)
        var expected = [Float](repeating: .nan, count: rows), expected2 = expected
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, w, Int32(lda), x, 1, 0, &expected, 1)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, w, Int32(lda), x2, 1, 0, &expected2, 1)
        var packed = [Float](repeating: .nan, count: rows * columns)
        npi_pack_rows_for_dot(rows, columns, w, lda, &packed)
        for reverse in [0, 1] {
            var y = [Float](repeating: .nan, count: rows)
            #expect(npi_sgemv_dot_rows_packed(rows, columns, packed, x, &y, nil, nil, Int32(reverse)) == 1)
            #expect(y.map(\.bitPattern) == expected.map(\.bitPattern), "reverse \(reverse)")
            // Two vectors in one pass: each as it comes alone.
            var both = [Float](repeating: .nan, count: rows), both2 = both
            #expect(npi_sgemv_dot_rows_packed(rows, columns, packed, x, &both, x2, &both2, Int32(reverse)) == 1)
            #expect(both.map(\.bitPattern) == expected.map(\.bitPattern), "first of two, reverse \(reverse)")
            #expect(both2.map(\.bitPattern) == expected2.map(\.bitPattern), "second of two, reverse \(reverse)")
        }
        // The second half of the rows alone, as the helper thread computes it.
        let half = rows / 16 * 8
        var tail = [Float](repeating: .nan, count: rows - half)
        let done = packed.withUnsafeBufferPointer {
            npi_sgemv_dot_rows_packed(rows - half, columns, $0.baseAddress! + half * columns, x, &tail, nil, nil, 1)
        }
        #expect(done == 1)
        #expect(tail.map(\.bitPattern) == expected[half...].map(\.bitPattern))
    }

    @Test func aPartialBlockOfRowsIsLeftToBLIS() {
        var y: [Float] = [7, 7, 7, 7, 7, 7, 7, 7, 7, 7]
        let packed = [Float](repeating: 1, count: 10 * 4), x: [Float] = [1, 2, 3, 4]
        #expect(npi_sgemv_dot_rows_packed(10, 4, packed, x, &y, nil, nil, 0) == 0)
        #expect(npi_sgemv_dot_rows_packed(8, 0, packed, x, &y, nil, nil, 0) == 0)
        #expect(y == [Float](repeating: 7, count: 10), "a declined product writes nothing")
    }

    @Test(arguments: [(37, 1027), (256, 1024), (5, 7)])
    func theSparseProductIsTheOrderedFusedSumOverTheNonZeroInputs(inputSize: Int, outputSize: Int) {
        let I = inputSize, O = outputSize
        var generator = SeededGenerator(seed: UInt64(50 + I))
        let transposed = Self.values(I * O, &generator)  // Wᵀ (I, O)
        let input = (0..<I).map { _ in generator.unitDouble() < 0.6 ? 0 : Float(generator.unitDouble()) }
        let start = (0..<O).map { _ in Float(1 + generator.unitDouble()) }
        let nonZero = (0..<I).filter { input[$0] != 0 }.map(Int32.init)
        #expect(!nonZero.isEmpty && nonZero.count < I)
        var expected = start
        for o in 0..<O {
            for k in 0..<I where input[k] != 0 { expected[o] = expected[o].addingProduct(input[k], transposed[k * O + o]) }
        }
        // Whole, from either end, and in two parts split where a block leaves a tail and where
        // the helper thread would take over.
        for reverse in [Int32(0), 1] {
            for split in [0, 3, min(64, O)] {
                var y = start
                npi_add_sparse_input_product(input, nonZero, nonZero.count, transposed, O, &y, 0, split, reverse)
                npi_add_sparse_input_product(input, nonZero, nonZero.count, transposed, O, &y, split, O, reverse)
                #expect(y.map(\.bitPattern) == expected.map(\.bitPattern), "reverse \(reverse), split at \(split)")
            }
        }
    }

    /// Makes products split between two threads or not, and returns the setting before.
    static func splittingProducts(_ twoThreads: Bool) -> Bool {
        splitsProducts.exchange(twoThreads, ordering: .relaxed)
    }

    /// The bits of a step's outputs, then of the state after it.
    static func bits(_ output: NPINetwork<Float>.StepOutput, _ state: NPINetwork<Float>.CoreState) -> [UInt32] {
        (output.returnProbability + output.programProbabilities + output.argumentProbabilities
            + (state.hidden + state.cell).joined()).map(\.bitPattern)
    }

    /// A single row's h and c per layer, and whether they are live (not a fresh call's zeros).
    struct ReferenceState {
        var hidden: [[Float]], cell: [[Float]], live = false

        init(_ c: NetworkConfiguration) {
            hidden = Array(repeating: Array(repeating: 0, count: c.coreSize), count: c.coreLayers)
            cell = hidden
        }
    }

    /// The plain single-row step: the composition `singleRowStep` must reproduce.
    static func referenceStep(
        _ network: NPINetwork<Float>, features: [Int32], program: Int32, state: inout ReferenceState
    ) -> NPINetwork<Float>.StepOutput {
        let c = network.configuration, H = c.coreSize, G = 4 * H
        let live = state.live
        var input = [Float](repeating: 0, count: c.encoderSize + c.programEmbeddingSize)
        var winners = [Int32](repeating: 0, count: c.encoderSize)
        network.encodeInputs(
            features: features, environment: 0, programRows: [program], rowCount: 1, input: &input, winners: &winners,
            count: 1, encoderWorkspace: MaxoutWorkspace())
        var layerInput = input
        for (index, layer) in network.core.enumerated() {
            let I = layer.inputSize
            var gates = zip(layer.biasIH.value.prefix(G), layer.biasHH.value.prefix(G)).map { $0 + $1 }
            if index == 0 {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(G), Int32(I), 1, layer.weightIH.value, Int32(I), layerInput, 1, 1, &gates, 1)
            } else {
                for k in 0..<I where layerInput[k] != 0 {
                    for o in 0..<G { gates[o] = gates[o].addingProduct(layerInput[k], layer.weightIH.value[o * I + k]) }
                }
            }
            var hidden = state.hidden[index], cell = state.cell[index]
            if live {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(G), Int32(H), 1, layer.weightHH.value, Int32(H), hidden, 1, 1, &gates, 1)
            }
            var tanhCell = [Float](repeating: 0, count: H)
            LSTM<Float>.pointwiseForward(
                gates: &gates, previousCell: cell, cell: &cell, tanhCell: &tanhCell, hidden: &hidden, batch: 1, hiddenSize: H)
            state.hidden[index] = hidden
            state.cell[index] = cell
            layerInput = hidden.map { max($0, 0) }
        }
        state.live = true
        let heads = HeadActivations<Float>()
        heads.prepare(rows: 1, configuration: c)
        network.headsForward(top: layerInput, heads: heads, rows: 1)
        return network.readProbabilities(heads, rows: 1, environment: 0)
    }

    @Test(arguments: [256, 20, 21], [false, true])
    func stepsAreThePlainCompositionBitForBit(coreSize: Int, twoThreads: Bool) {
        let c = NetworkConfiguration(coreSize: coreSize)
        var generator = SeededGenerator(seed: UInt64(60 + coreSize))
        let network = NPINetwork<Float>(configuration: c, generator: &generator)
        let pool = randomBatch(steps: 6, batch: 1, configuration: c, &generator)  // few inputs: the memo serves repeats
        let before = Self.splittingProducts(twoThreads)
        defer { _ = Self.splittingProducts(before) }
        var state = NPINetwork<Float>.CoreState.zero(batch: 1, configuration: c), expectedState = ReferenceState(c)
        var mismatches: [Int] = []
        for step in 0..<40 {
            if step == 17 || step == 30 {  // a new call: the zero state again, and the memo keeps its gates
                state = .zero(batch: 1, configuration: c)
                expectedState = ReferenceState(c)
            }
            if step == 24 { network.core[0].biasIH.value[5] += 0.25 }  // the memo's gates are stale now
            let features = features(of: pool, step: (step * 7) % pool.length, configuration: c)
            let output = network.step(features: features, programs: [pool.programs[0]], state: &state)
            let expected = Self.referenceStep(network, features: features, program: pool.programs[0], state: &expectedState)
            let bits = { (o: NPINetwork<Float>.StepOutput) in
                (o.returnProbability + o.programProbabilities + o.argumentProbabilities).map(\.bitPattern)
            }
            let stateBits = (state.hidden + state.cell).joined().map(\.bitPattern)
            let expectedStateBits = (expectedState.hidden + expectedState.cell).joined().map(\.bitPattern)
            if bits(output) != bits(expected) || stateBits != expectedStateBits { mismatches.append(step) }
        }
        #expect(mismatches.isEmpty, "steps differing from the plain composition: \(mismatches)")
    }

    @Test(arguments: [256, 21], [false, true])
    func stepsFromKeptRecurrentTermsAreStepsFromTheStateBitForBit(coreSize: Int, twoThreads: Bool) throws {
        let c = NetworkConfiguration(coreSize: coreSize)
        var generator = SeededGenerator(seed: UInt64(70 + coreSize))
        let network = NPINetwork<Float>(configuration: c, generator: &generator)
        let pool = randomBatch(steps: 8, batch: 1, configuration: c, &generator)
        let before = Self.splittingProducts(twoThreads)
        defer { _ = Self.splittingProducts(before) }
        let program = pool.programs[0]
        // A state three steps into a call, and its terms as the next step returns them.
        var state = NPINetwork<Float>.CoreState.zero(batch: 1, configuration: c)
        let fresh = network.stepOneRow(
            features: features(of: pool, step: 0, configuration: c), program: program, state: &state,
            returningRecurrentTerms: true)
        #expect(fresh.recurrentTerms == nil, "a fresh call's zero state has no terms")
        for t in 1..<3 { _ = network.stepOneRow(features: features(of: pool, step: t, configuration: c), program: program, state: &state) }
        let third = features(of: pool, step: 3, configuration: c)
        var returning = state, plain = state
        let kept = network.stepOneRow(features: third, program: program, state: &returning, returningRecurrentTerms: true)
        let plainOutput = network.step(features: third, programs: [program], state: &plain)
        #expect(Self.bits(kept.output, returning) == Self.bits(plainOutput, plain), "returning the terms changes nothing")
        let terms = try #require(kept.recurrentTerms)
        #expect(terms.values.count == c.coreLayers * 4 * c.coreSize)
        // Every other input from the same state, stepped with the terms and without them, in
        // both reading orders (a step alternates them).
        var mismatches: [Int] = []
        for t in 4..<pool.length {
            let input = features(of: pool, step: t, configuration: c)
            for _ in 0..<2 {
                var withTerms = state, withoutTerms = state
                let a = network.stepOneRow(features: input, program: program, state: &withTerms, recurrentTerms: terms)
                let b = network.stepOneRow(features: input, program: program, state: &withoutTerms)
                if Self.bits(a.output, withTerms) != Self.bits(b.output, withoutTerms) { mismatches.append(t) }
            }
        }
        #expect(mismatches.isEmpty, "inputs whose step differs with the kept terms: \(mismatches)")
    }

    @Test(arguments: [256, 21], [false, true])
    func termsComputedAlongsideAreTheOtherStatesOwn(coreSize: Int, twoThreads: Bool) throws {
        let c = NetworkConfiguration(coreSize: coreSize)
        var generator = SeededGenerator(seed: UInt64(80 + coreSize))
        let network = NPINetwork<Float>(configuration: c, generator: &generator)
        let pool = randomBatch(steps: 6, batch: 1, configuration: c, &generator)
        let before = Self.splittingProducts(twoThreads)
        defer { _ = Self.splittingProducts(before) }
        let program = pool.programs[0]
        let input = { (t: Int) in features(of: pool, step: t, configuration: c) }
        // Two live states: a caller's after two steps, a callee's after one.
        var caller = NPINetwork<Float>.CoreState.zero(batch: 1, configuration: c), callee = caller
        for t in 0..<2 { _ = network.step(features: input(t), programs: [program], state: &caller) }
        _ = network.step(features: input(2), programs: [program], state: &callee)
        // The callee's step with the caller alongside, and without.
        var withCaller = callee, alone = callee
        let stepped = network.stepOneRow(features: input(3), program: program, state: &withCaller, alongside: caller)
        let plain = network.step(features: input(3), programs: [program], state: &alone)
        #expect(Self.bits(stepped.output, withCaller) == Self.bits(plain, alone), "the step itself is unchanged")
        let callerTerms = try #require(stepped.alongsideTerms)
        // The caller's own step from its terms returns the same terms, and stepping from them is its plain step.
        var callerOwn = caller, callerFromTerms = caller
        let own = network.stepOneRow(features: input(4), program: program, state: &callerOwn, returningRecurrentTerms: true)
        #expect(own.recurrentTerms?.values.map(\.bitPattern) == callerTerms.values.map(\.bitPattern))
        let fromTerms = network.stepOneRow(features: input(4), program: program, state: &callerFromTerms, recurrentTerms: callerTerms)
        #expect(Self.bits(fromTerms.output, callerFromTerms) == Self.bits(own.output, callerOwn))
        // Nothing is computed alongside a step that reads no W_hh, or for a zero state.
        var fresh = NPINetwork<Float>.CoreState.zero(batch: 1, configuration: c), live = callee, given = callee
        #expect(network.stepOneRow(features: input(0), program: program, state: &fresh, alongside: caller).alongsideTerms == nil)
        #expect(
            network.stepOneRow(features: input(1), program: program, state: &live, alongside: .zero(batch: 1, configuration: c))
                .alongsideTerms == nil)
        var calleeCopy = callee
        let calleeTerms = try #require(
            network.stepOneRow(features: input(3), program: program, state: &calleeCopy, returningRecurrentTerms: true)
                .recurrentTerms)
        #expect(
            network.stepOneRow(
                features: input(1), program: program, state: &given, recurrentTerms: calleeTerms, alongside: caller
            ).alongsideTerms == nil)
    }

    @Test func theMemoHoldsAtMostItsBytesAndForgetsStaleGates() {
        let memo = InputGateMemo<Float>()
        let width = 1 << 20  // 4 MiB of gates an input: four fit in the 16 MiB
        let gates = [Float](repeating: 0.5, count: width)
        var copy = [Float](repeating: 0, count: width)
        for key in 0..<4 { memo.remember(gates, width: width, for: [Int32(key)], stamp: 1) }
        #expect(memo.copyGates(for: [0], stamp: 1, into: &copy, width: width) && copy == gates)
        #expect(!memo.copyGates(for: [0], stamp: 2, into: &copy, width: width), "gates of other weights")
        memo.remember(gates, width: width, for: [4], stamp: 1)  // a fifth: it starts again empty
        #expect(!memo.copyGates(for: [0], stamp: 1, into: &copy, width: width))
        #expect(memo.copyGates(for: [4], stamp: 1, into: &copy, width: width))
    }

    @Test func aSingleRowStepStaysCloseToTheSameRowInABatch() {
        let c = NetworkConfiguration()
        var generator = SeededGenerator(seed: 57)
        let network = NPINetwork<Float>(configuration: c, generator: &generator)
        let steps = randomBatch(steps: 12, batch: 2, configuration: c, &generator)
        var single = NPINetwork<Float>.CoreState.zero(batch: 1, configuration: c)
        var pair = NPINetwork<Float>.CoreState.zero(batch: 2, configuration: c)
        let slots = c.maxActiveInputs(environment: 0)
        var sparseInputs = 0, inputs = 0
        for t in 0..<steps.length {
            let both = features(of: steps, step: t, configuration: c)
            let alone = network.step(features: Array(both[0..<slots]), programs: [steps.programs[0]], state: &single)
            let batched = network.step(features: both, programs: steps.programs, state: &pair)
            expectClose(alone.returnProbability.map(Double.init), [Double(batched.returnProbability[0])], tolerance: 1e-5)
            expectClose(
                alone.programProbabilities.map(Double.init),
                batched.programProbabilities[0..<alone.programProbabilities.count].map(Double.init), tolerance: 1e-5)
            expectClose(
                alone.argumentProbabilities.map(Double.init),
                batched.argumentProbabilities[0..<alone.argumentProbabilities.count].map(Double.init), tolerance: 1e-5)
            // The upper layer's input, relu(h) of the first: zero in about half its units.
            sparseInputs += single.hidden[0].filter { $0 <= 0 }.count
            inputs += c.coreSize
        }
        let firstRow = Array(pair.hidden[1][0..<c.coreSize])
        expectClose(single.hidden[1].map(Double.init), firstRow.map(Double.init), tolerance: 1e-5)
        #expect(sparseInputs > inputs / 4, "the sparse path met zeros: \(sparseInputs) of \(inputs)")
    }

    @Test func stepsFollowWeightsChangedAfterTheirCopiesWereMade() {
        let c = NetworkConfiguration()
        var generator = SeededGenerator(seed: 58)
        let network = NPINetwork<Float>(configuration: c, generator: &generator)
        let steps = randomBatch(steps: 3, batch: 1, configuration: c, &generator)
        func run(_ network: NPINetwork<Float>) -> [Float] {
            var state = NPINetwork<Float>.CoreState.zero(batch: 1, configuration: c)
            var outputs: [Float] = []
            for t in 0..<steps.length {
                let output = network.step(
                    features: features(of: steps, step: t, configuration: c), programs: steps.programs, state: &state)
                outputs += output.returnProbability + output.programProbabilities + output.argumentProbabilities
            }
            return outputs + state.hidden.joined() + state.cell.joined()
        }
        // Makes the transposed copies of the encoder's and layer 2's W_ih, and the memo's gates.
        let before = run(network)
        // One entry changed in place, one whole matrix replaced.
        network.core[1].weightIH.value[17] += 0.5
        network.encoders[0].weight.value = network.encoders[0].weight.value.map { $0 * 0.75 }
        let after = run(network)
        // A network that never saw the old weights.
        var unused = SeededGenerator(seed: 1)
        let fresh = NPINetwork<Float>(configuration: c, generator: &unused)
        for (target, source) in zip(fresh.parameters, network.parameters) { target.value = source.value }
        let followsNewWeights = after == run(fresh), changed = after != before
        #expect(followsNewWeights)
        #expect(changed)
    }
}
