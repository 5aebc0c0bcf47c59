// What the batched evaluator and its call cache rely on: in a batched inference step (two rows
// or more) each row's outputs and next state depend on that row alone, bit for bit, whatever
// the other rows are, how many there are, where the row sits and whether its state is zero.
import Testing
@testable import NPINeural

@Suite struct BatchRowIndependenceTests {
    /// The default sizes: the shapes BLIS's kernels meet in practice.
    let configuration = NetworkConfiguration()

    /// A random valid encoder input for one row: a few observation features, no arguments.
    func features(_ generator: inout SeededGenerator) -> [Int32] {
        let c = configuration
        var row = [Int32](repeating: -1, count: c.maxActiveInputs(environment: 0))
        var pick = Int(generator.next() % UInt64(c.observationFeatureCount))
        for slot in 0..<c.maxActiveFeatures {
            row[slot] = Int32(pick)
            pick = (pick + 1 + Int(generator.next() % 5)) % c.observationFeatureCount
            if pick <= Int(row[slot]) { break }
        }
        return row
    }

    @Test(arguments: [2, 3, 7, 16, 64, 200])
    func aRowStepsAloneAsInAnyBatchOfTwoOrMore(batch: Int) throws {
        var generator = SeededGenerator(seed: UInt64(40 + batch))
        let network = NPINetwork<Float>(configuration: configuration, generator: &generator)
        let rows = (0..<batch).map { _ in features(&generator) }
        let programs = (0..<batch).map { _ in Int32(generator.next() % 8) }
        // Two steps, so the second has live rows; row 1 restarts (a new call) between them.
        var state = NPINetwork<Float>.CoreState.zero(batch: batch, configuration: configuration)
        _ = network.step(features: rows.flatMap { $0 }, programs: programs, state: &state)
        state.resetRows([1])
        let rows2 = (0..<batch).map { _ in features(&generator) }
        let before = state
        let output = network.step(features: rows2.flatMap { $0 }, programs: programs, state: &state)
        // Each row again in a batch of two, beside a different row (the last one, or row 0).
        for row in 0..<batch {
            let partner = row == batch - 1 ? 0 : batch - 1
            var pair = before.gathering(rows: [partner, row])
            let pairOutput = network.step(
                features: rows2[partner] + rows2[row], programs: [programs[partner], programs[row]], state: &pair)
            #expect(pairOutput.returnProbability[1] == output.returnProbability[row])
            #expect(Array(pairOutput.programProbabilities[8..<16]) == Array(output.programProbabilities[row * 8..<(row + 1) * 8]))
            #expect(Array(pairOutput.argumentProbabilities[30..<60]) == Array(output.argumentProbabilities[row * 30..<(row + 1) * 30]))
            let alone = pair.gathering(rows: [1]), whole = state.gathering(rows: [row])
            #expect(alone.hidden == whole.hidden && alone.cell == whole.cell)
        }
    }

    @Test func eachRowAloneComputesTheDenseProduct() {
        var generator = SeededGenerator(seed: 45)
        let layer = Dense<Double>(name: "head", inputSize: 19, outputSize: 7)
        randomize(layer.parameters, &generator)
        let rows = 5
        let input = TestBuffer(randomValues(rows * 19, &generator))
        let viaBLAS = TestBuffer(count: rows * 7), alone = TestBuffer(count: rows * 7)
        layer.forward(input: input.pointer, output: viaBLAS.pointer, rows: rows)
        layer.forwardEachRowAlone(input: input.pointer, output: alone.pointer, rows: rows)
        for (a, b) in zip(alone.array, viaBLAS.array) { #expect(abs(a - b) < 1e-12) }
        // In Float, with an input width that leaves a scalar tail after the 8-lane sums.
        let floatLayer = Dense<Float>(name: "head", inputSize: 21, outputSize: 3)
        floatLayer.weight.value = (0..<63).map { Float($0 % 7) - 3 }
        floatLayer.bias!.value = [0.5, -1, 2]
        let x = padded((0..<42).map { Float($0 % 5) - 2 })
        var reference = padded([Float](repeating: 0, count: 6)), result = [Float](repeating: 0, count: 6)
        x.withUnsafeBufferPointer { x in
            floatLayer.forward(input: x.baseAddress!, output: &reference, rows: 2)
            floatLayer.forwardEachRowAlone(input: x.baseAddress!, output: &result, rows: 2)
        }
        #expect(result == reference)  // small integers: exact either way
    }
}
