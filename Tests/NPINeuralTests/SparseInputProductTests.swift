// The single-row product that skips zero inputs (batch-1 inference above the first LSTM layer):
// the same sums as a plain loop in input order, in any column range, and network steps that
// follow their weights when these change after the transposed copies were made.
import Testing
@testable import NPINeural

@Suite struct SparseInputProductTests {
    @Test(arguments: [(37, 1027), (256, 1024), (5, 7)])
    func theProductIsTheOrderedFusedSumOverTheNonZeroInputs(inputSize: Int, outputSize: Int) {
        let I = inputSize, O = outputSize
        var generator = SeededGenerator(seed: UInt64(50 + I))
        let weight = (0..<O * I).map { _ in Float(2 * generator.unitDouble() - 1) }  // W (O, I)
        let input = (0..<I).map { _ in generator.unitDouble() < 0.6 ? 0 : Float(generator.unitDouble()) }
        let start = (0..<O).map { _ in Float(1 + generator.unitDouble()) }
        var transposed = [Float](repeating: 0, count: O * I)
        for o in 0..<O {
            for k in 0..<I { transposed[k * O + o] = weight[o * I + k] }
        }
        // One fused multiply-add per non-zero input, in input order; and over every input.
        var expected = start, dense = start
        for o in 0..<O {
            for k in 0..<I where input[k] != 0 { expected[o] = expected[o].addingProduct(input[k], weight[o * I + k]) }
            for k in 0..<I { dense[o] = dense[o].addingProduct(input[k], weight[o * I + k]) }
        }
        #expect(dense == expected, "skipping a zero input changes nothing")
        #expect(input.contains(0) && input.contains { $0 != 0 })
        func product(_ ranges: [Range<Int>]) -> [Float] {
            var y = start
            input.withUnsafeBufferPointer { x in
                transposed.withUnsafeBufferPointer { wt in
                    y.withUnsafeMutableBufferPointer { y in
                        for columns in ranges {
                            addSparseInputProduct(
                                input: x.baseAddress!, transposedWeight: wt.baseAddress!, output: y.baseAddress!,
                                inputSize: I, outputSize: O, columns: columns)
                        }
                    }
                }
            }
            return y
        }
        #expect(product([0..<O]) == expected)
        // Split where the 8-lane loop leaves a tail, and where a helper thread would take over.
        for split in [3, min(64, O)] {
            #expect(product([0..<split, split..<O]) == expected, "split at \(split)")
        }
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

    @Test func stepsFollowWeightsChangedAfterTheirTransposedCopiesWereMade() {
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
        let before = run(network)  // makes the transposed copies of the encoder's and layer 2's W_ih
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
