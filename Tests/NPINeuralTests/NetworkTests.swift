// The whole NPI core: BPTT gradients against finite differences on a tiny configuration,
// inference steps against the training forward, core-state bookkeeping, init and determinism.
import Foundation
import Testing
@testable import NPINeural

/// Small enough for entry-by-entry gradient checks, with every size distinct so a swapped
/// dimension fails loudly.
let tinyConfiguration = NetworkConfiguration(
    observationFeatureCount: 5, maxActiveFeatures: 2, argumentCount: 2, argumentDepth: 3, encoderSize: 3,
    maxoutPieces: 2, programCount: 4, programEmbeddingSize: 2, coreSize: 4, coreLayers: 2, keySize: 2)

/// A random batch in environment `environment`: up to `maxActiveFeatures` observation ones and
/// some argument one-hots per row (−1 padding in varying slots), and roughly a third of the
/// targets masked.
func randomBatch(
    steps T: Int, batch B: Int, configuration c: NetworkConfiguration, environment: Int = 0,
    _ generator: inout SeededGenerator
) -> SequenceBatch {
    let Q = c.maxActiveInputs(environment: environment), inputs = c.environments[environment]
    let programs = inputs.programIDs.count
    var features: [Int32] = []
    for _ in 0..<T * B {
        var row: [Int32] = []
        var observation = Array(0..<inputs.observationFeatureCount)
        generator.shuffle(&observation)
        row += observation.prefix(generator.uniform(in: 0...inputs.maxActiveFeatures)).map { Int32($0) }
        for argument in 0..<c.argumentCount where generator.uniform(below: 4) > 0 {
            row.append(Int32(inputs.observationFeatureCount + argument * c.argumentDepth + generator.uniform(below: c.argumentDepth)))
        }
        row += Array(repeating: -1, count: Q - row.count)
        generator.shuffle(&row)
        features += row
    }
    func target(_ classes: Int) -> Int32 { generator.uniform(below: 3) == 0 ? -1 : Int32(generator.uniform(below: classes)) }
    return SequenceBatch(
        environment: environment, programs: (0..<B).map { _ in Int32(generator.uniform(below: programs)) },
        length: T, features: features, targetReturn: (0..<T * B).map { _ in target(2) },
        targetProgram: (0..<T * B).map { _ in target(programs) },
        targetArguments: (0..<T * B * c.argumentCount).map { _ in target(c.argumentDepth) })
}

/// Rows `t·B..<(t+1)·B` of a time-major batch's features: the input of step t.
func features(of batch: SequenceBatch, step t: Int, configuration c: NetworkConfiguration) -> [Int32] {
    let width = batch.batch * c.maxActiveInputs(environment: batch.environment)
    return Array(batch.features[t * width..<(t + 1) * width])
}

@Suite("NPINetwork")
struct NetworkTests {
    @Test func accumulateGradientsMatchesFiniteDifferencesOfLoss() {
        var generator = SeededGenerator(seed: 21)
        let network = NPINetwork<Double>(configuration: tinyConfiguration, generator: &generator)
        // Random values everywhere (biases included): with H = 4 the Glorot init can leave every
        // ReLU between the layers dead for a whole batch, and then the layers below get no gradient.
        randomize(network.parameters, &generator)
        // 18 rows: enough for f_enc's transposed gather path (16+) and for masks in every target.
        let batch = randomBatch(steps: 3, batch: 6, configuration: tinyConfiguration, &generator)
        zeroGradients(network.parameters)
        let loss = network.accumulateGradients(batch, scale: 1)
        #expect(abs(loss - network.loss(batch)) < 1e-12)
        for parameter in network.parameters {
            #expect(parameter.gradient.contains { $0 != 0 }, "\(parameter.name) got no gradient at all")
        }
        // The loss sums 18 steps of 4 terms (about 30), so the difference quotient carries ~1e-10 of
        // rounding noise: entries under 1e-4 are compared absolutely, to 1e-9.
        let report = expectGradientsMatch(network.parameters, tolerance: 1e-5, floor: 1e-4) { network.loss(batch) }
        #expect(report.perParameter.count == network.parameters.count)
    }

    @Test func gradientsAccumulateWithTheirScale() {
        var generator = SeededGenerator(seed: 22)
        let network = NPINetwork<Double>(configuration: tinyConfiguration, generator: &generator)
        let batch = randomBatch(steps: 2, batch: 3, configuration: tinyConfiguration, &generator)
        zeroGradients(network.parameters)
        let loss = network.accumulateGradients(batch, scale: 1)
        let once = network.parameters.map(\.gradient)
        zeroGradients(network.parameters)
        let first = network.accumulateGradients(batch, scale: 0.25)
        network.accumulateGradients(batch, scale: 0.75)
        #expect(first == loss, "the returned loss is unscaled")
        for (parameter, expected) in zip(network.parameters, once) {
            expectClose(parameter.gradient, expected, tolerance: 1e-12)
        }
    }

    @Test func stepReproducesTheTeacherForcedForward() {
        var generator = SeededGenerator(seed: 23)
        let c = tinyConfiguration
        let network = NPINetwork<Double>(configuration: c, generator: &generator)
        // 18 rows take f_enc's transposed path in training; steps of 3 and 1 rows take the strided one.
        let batch = randomBatch(steps: 6, batch: 3, configuration: c, &generator)
        let expected = network.teacherForcedOutputs(batch)
        // All rows together (gemm), then each row alone (gemv): both must match the training forward.
        var state = NPINetwork<Double>.CoreState.zero(batch: 3, configuration: c)
        var rowStates = (0..<3).map { _ in NPINetwork<Double>.CoreState.zero(batch: 1, configuration: c) }
        let Q = c.maxActiveInputs, P = c.programCount, AD = c.argumentCount * c.argumentDepth
        for t in 0..<batch.length {
            let stepFeatures = features(of: batch, step: t, configuration: c)
            let output = network.step(features: stepFeatures, programs: batch.programs, state: &state)
            expectClose(output.returnProbability, expected[t].returnProbability, tolerance: 1e-12)
            expectClose(output.programProbabilities, expected[t].programProbabilities, tolerance: 1e-12)
            expectClose(output.argumentProbabilities, expected[t].argumentProbabilities, tolerance: 1e-12)
            for row in 0..<3 {
                let single = network.step(
                    features: Array(stepFeatures[row * Q..<(row + 1) * Q]), programs: [batch.programs[row]],
                    state: &rowStates[row])
                expectClose(single.returnProbability, [expected[t].returnProbability[row]], tolerance: 1e-12)
                expectClose(
                    single.programProbabilities, Array(expected[t].programProbabilities[row * P..<(row + 1) * P]),
                    tolerance: 1e-12)
                expectClose(
                    single.argumentProbabilities, Array(expected[t].argumentProbabilities[row * AD..<(row + 1) * AD]),
                    tolerance: 1e-12)
            }
        }
    }

    @Test func lossIsTheWeightedSumOfStepLosses() {
        var generator = SeededGenerator(seed: 24)
        let c = tinyConfiguration
        let network = NPINetwork<Double>(configuration: c, generator: &generator)
        let batch = randomBatch(steps: 3, batch: 2, configuration: c, &generator)
        var state = NPINetwork<Double>.CoreState.zero(batch: 2, configuration: c)
        var expected = 0.0
        let A = c.argumentCount, D = c.argumentDepth, P = c.programCount
        for t in 0..<batch.length {
            let output = network.step(
                features: features(of: batch, step: t, configuration: c), programs: batch.programs, state: &state)
            for b in 0..<2 {
                let row = t * 2 + b
                switch batch.targetReturn[row] {
                case 1: expected -= 0.25 * log(output.returnProbability[b])
                case 0: expected -= 0.25 * log(1 - output.returnProbability[b])
                default: break
                }
                let program = Int(batch.targetProgram[row])
                if program >= 0 { expected -= 0.25 * log(output.programProbabilities[b * P + program]) }
                for argument in 0..<A {
                    let value = Int(batch.targetArguments[row * A + argument])
                    if value >= 0 { expected -= log(output.argumentProbabilities[(b * A + argument) * D + value]) }
                }
            }
        }
        #expect(abs(network.loss(batch) - expected) < 1e-10)
    }

    @Test func liveRowSubsetsGiveTheSameStepAsSeparateRows() {
        // Rows 0 and 2 continue a call, row 1 starts a new one: the W_hh product runs on 2 rows only.
        var generator = SeededGenerator(seed: 25)
        let c = tinyConfiguration
        let network = NPINetwork<Double>(configuration: c, generator: &generator)
        let batch = randomBatch(steps: 2, batch: 3, configuration: c, &generator)
        var state = NPINetwork<Double>.CoreState.zero(batch: 3, configuration: c)
        _ = network.step(features: features(of: batch, step: 0, configuration: c), programs: batch.programs, state: &state)
        var separate = (0..<3).map { state.gathering(rows: [$0]) }
        state.resetRows([1])
        separate[1] = .zero(batch: 1, configuration: c)
        #expect(state.isZeroRow == [false, true, false])
        let next = features(of: batch, step: 1, configuration: c), Q = c.maxActiveInputs
        let together = network.step(features: next, programs: batch.programs, state: &state)
        #expect(state.isZeroRow == [false, false, false])
        for row in 0..<3 {
            let alone = network.step(
                features: Array(next[row * Q..<(row + 1) * Q]), programs: [batch.programs[row]], state: &separate[row])
            expectClose(alone.returnProbability, [together.returnProbability[row]], tolerance: 1e-12)
            expectClose(separate[row].hidden[1], state.gathering(rows: [row]).hidden[1], tolerance: 1e-12)
            expectClose(separate[row].cell[0], state.gathering(rows: [row]).cell[0], tolerance: 1e-12)
        }
    }

    @Test func coreStateGatherScatterAndReset() {
        var generator = SeededGenerator(seed: 26)
        let c = tinyConfiguration
        let network = NPINetwork<Double>(configuration: c, generator: &generator)
        let batch = randomBatch(steps: 1, batch: 3, configuration: c, &generator)
        var state = NPINetwork<Double>.CoreState.zero(batch: 3, configuration: c)
        #expect(state.hidden.count == 2 && state.hidden[0].count == 12 && state.isZeroRow == [true, true, true])
        _ = network.step(features: batch.features, programs: batch.programs, state: &state)
        let swapped = state.gathering(rows: [2, 0])
        #expect(swapped.batch == 2)
        #expect(Array(swapped.hidden[0][0..<4]) == Array(state.hidden[0][8..<12]))
        var copy = state
        copy.resetRows([0, 2])
        #expect(copy.isZeroRow == [true, false, true])
        #expect(copy.hidden[1][0..<4].allSatisfy { $0 == 0 } && copy.cell[0][8..<12].allSatisfy { $0 == 0 })
        copy.scatter(swapped, toRows: [2, 0])
        #expect(copy.hidden == state.hidden && copy.cell == state.cell && copy.isZeroRow == [false, false, false])
        let stacked = NPINetwork<Double>.CoreState.stacking([
            state.gathering(rows: [0]), .zero(batch: 1, configuration: c), state.gathering(rows: [1, 2]),
        ])
        #expect(stacked.batch == 4 && stacked.isZeroRow == [false, true, false, false])
        #expect(stacked.gathering(rows: [0, 2, 3]).cell == state.cell)
        // A one-row state takes a row in place; any other becomes that row.
        var frame = NPINetwork<Double>.CoreState.zero(batch: 1, configuration: c)
        frame.assign(row: 2, of: state)
        #expect(frame.hidden == state.gathering(rows: [2]).hidden && frame.cell == state.gathering(rows: [2]).cell)
        #expect(frame.isZeroRow == [false])
        frame.assign(row: 1, of: stacked)
        #expect(frame.isZeroRow == [true] && frame.hidden[0].allSatisfy { $0 == 0 })
        var wide = state
        wide.assign(row: 0, of: state)
        #expect(wide.batch == 1 && wide.hidden == state.gathering(rows: [0]).hidden)
    }

    @Test func sameSeedGivesTheSameNetworkAndTraining() {
        func trained(seed: UInt64) -> [[Float]] {
            var generator = SeededGenerator(seed: seed)
            let network = NPINetwork<Float>(configuration: tinyConfiguration, generator: &generator)
            let adam = Adam(parameters: network.parameters, learningRate: 0.01, clipNorm: 1)
            for _ in 0..<3 {
                let batch = randomBatch(steps: 3, batch: 4, configuration: tinyConfiguration, &generator)
                zeroGradients(network.parameters)
                network.accumulateGradients(batch, scale: 1.0 / 12)
                adam.update(network.parameters)
            }
            return network.parameters.map(\.value)
        }
        var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7), third = SeededGenerator(seed: 8)
        let a = NPINetwork<Float>(configuration: tinyConfiguration, generator: &first)
        let b = NPINetwork<Float>(configuration: tinyConfiguration, generator: &second)
        let other = NPINetwork<Float>(configuration: tinyConfiguration, generator: &third)
        #expect(a.parameters.map(\.value) == b.parameters.map(\.value))
        #expect(a.parameters.map(\.value) != other.parameters.map(\.value))
        #expect(trained(seed: 5) == trained(seed: 5))
    }

    @Test func floatAndDoubleAgree() {
        // The Float path is the specialised one that trains; it must compute what Double computes.
        let c = tinyConfiguration
        var floatGenerator = SeededGenerator(seed: 27), doubleGenerator = SeededGenerator(seed: 27)
        let single = NPINetwork<Float>(configuration: c, generator: &floatGenerator)
        let double = NPINetwork<Double>(configuration: c, generator: &doubleGenerator)
        let batch = randomBatch(steps: 3, batch: 5, configuration: c, &floatGenerator)
        zeroGradients(single.parameters)
        zeroGradients(double.parameters)
        let floatLoss = single.accumulateGradients(batch, scale: 1)
        let doubleLoss = double.accumulateGradients(batch, scale: 1)
        #expect(abs(floatLoss - doubleLoss) < 1e-4 * abs(doubleLoss))
        for (f, d) in zip(single.parameters, double.parameters) {
            expectClose(f.gradient.map(Double.init), d.gradient, tolerance: 1e-4)
        }
    }

    @Test func parametersAreListedOnceInTheCanonicalOrder() {
        var generator = SeededGenerator(seed: 28)
        let network = NPINetwork<Float>(configuration: NetworkConfiguration(), generator: &generator)
        let layout = network.parameters.map { "\($0.name) \($0.shape)" }
        #expect(layout == [
            "f_enc.weight [512, 74]", "f_enc.bias [512]", "program_embedding.weight [8, 5]",
            "core.0.weight_ih [1024, 133]", "core.0.weight_hh [1024, 256]", "core.0.bias_ih [1024]", "core.0.bias_hh [1024]",
            "core.1.weight_ih [1024, 256]", "core.1.weight_hh [1024, 256]", "core.1.bias_ih [1024]", "core.1.bias_hh [1024]",
            "f_end.weight [1, 256]", "f_end.bias [1]", "f_prog.weight [5, 256]", "f_prog.bias [5]",
            "program_keys.weight [8, 5]", "program_keys.bias [8]",
            "f_arg.0.weight [10, 256]", "f_arg.0.bias [10]", "f_arg.1.weight [10, 256]", "f_arg.1.bias [10]",
            "f_arg.2.weight [10, 256]", "f_arg.2.bias [10]",
        ])
        // 974,482 in the PyTorch anchor with 10 programs; 8 programs remove 5·2 + 6·2 = 22.
        #expect(network.parameterCount == 974_460)
        #expect(network.parameter(named: "core.1.bias_hh") === network.parameters[10])
    }

    @Test func initialisationFollowsTheDocumentedScheme() {
        var generator = SeededGenerator(seed: 29)
        let c = tinyConfiguration, H = c.coreSize
        let network = NPINetwork<Double>(configuration: c, generator: &generator)
        for layer in 0..<c.coreLayers {
            let biasIH = network.parameter(named: "core.\(layer).bias_ih")!.value
            #expect(biasIH == (0..<4 * H).map { (H..<2 * H).contains($0) ? 1 : 0 }, "forget gate bias 1")
            #expect(network.parameter(named: "core.\(layer).bias_hh")!.value.allSatisfy { $0 == 0 })
            // Every H×H gate block of W_hh is orthogonal: W Wᵀ = I.
            let w = network.parameter(named: "core.\(layer).weight_hh")!.value
            for gate in 0..<4 {
                for i in 0..<H {
                    for j in 0..<H {
                        var dot = 0.0
                        for k in 0..<H { dot += w[(gate * H + i) * H + k] * w[(gate * H + j) * H + k] }
                        #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12)
                    }
                }
            }
        }
        let encoderLimit = (6.0 / Double(c.encoderInputSize + c.encoderSize)).squareRoot()
        let encoder = network.parameter(named: "f_enc.weight")!.value
        #expect(encoder.allSatisfy { abs($0) <= encoderLimit } && Set(encoder).count == encoder.count)
        #expect(network.parameter(named: "program_embedding.weight")!.value.allSatisfy { abs($0) <= 0.05 })
    }

    @Test func configurationRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(tinyConfiguration)
        #expect(try JSONDecoder().decode(NetworkConfiguration.self, from: data) == tinyConfiguration)
        #expect(NetworkConfiguration().encoderInputSize == 74 && NetworkConfiguration().maxActiveInputs == 7)
        #expect(NetworkConfiguration(coreSize: 0, keySize: -1).invalidFields == ["coreSize", "keySize"])
    }
}
