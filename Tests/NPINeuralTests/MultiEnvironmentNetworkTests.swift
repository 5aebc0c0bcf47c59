// A network with two environments (section 4.4 of the paper: one core, an encoder per
// environment, a shared program memory): gradients against finite differences across both,
// each environment's programs as its own ids, and the configuration's two JSON forms.
import Foundation
import Testing
@testable import NPINeural

/// Two environments of different input sizes sharing a memory of 6 programs: the first owns
/// rows 0, 2 and 4, the second rows 5, 1 and 3 (out of order, so a missed mapping fails).
let twoEnvironmentConfiguration: NetworkConfiguration = {
    var c = tinyConfiguration
    c.programCount = 6
    c.environments = [
        NetworkEnvironment(name: "left", observationFeatureCount: 5, maxActiveFeatures: 2, programIDs: [0, 2, 4]),
        NetworkEnvironment(name: "right", observationFeatureCount: 7, maxActiveFeatures: 3, programIDs: [5, 1, 3]),
    ]
    return c
}()

@Suite("NPINetwork with several environments")
struct MultiEnvironmentNetworkTests {
    @Test func eachEnvironmentHasItsOwnEncoderAndTheRestIsShared() {
        var generator = SeededGenerator(seed: 31)
        let network = NPINetwork<Double>(configuration: twoEnvironmentConfiguration, generator: &generator)
        let names = network.parameters.map(\.name)
        #expect(Array(names.prefix(5)) == [
            "f_enc.left.weight", "f_enc.left.bias", "f_enc.right.weight", "f_enc.right.bias", "program_embedding.weight",
        ])
        #expect(network.parameter(named: "f_enc.right.weight")?.shape == [2 * 3, 7 + 2 * 3])
        #expect(network.parameter(named: "program_keys.weight")?.shape == [6, 2])
        let single = NPINetwork<Double>(configuration: tinyConfiguration, generator: &generator)
        #expect(single.parameters[0].name == "f_enc.weight")
    }

    @Test func gradientsMatchFiniteDifferencesAcrossBothEnvironments() {
        var generator = SeededGenerator(seed: 32)
        let c = twoEnvironmentConfiguration
        let network = NPINetwork<Double>(configuration: c, generator: &generator)
        randomize(network.parameters, &generator)
        let left = randomBatch(steps: 3, batch: 6, configuration: c, environment: 0, &generator)
        let right = randomBatch(steps: 2, batch: 5, configuration: c, environment: 1, &generator)
        zeroGradients(network.parameters)
        network.accumulateGradients(right, scale: 1)
        // A batch in one environment leaves the other's encoder, and the memory rows of the
        // other's programs, without gradient.
        #expect(network.parameter(named: "f_enc.left.weight")!.gradient.allSatisfy { $0 == 0 })
        let keyBias = network.parameter(named: "program_keys.bias")!.gradient
        #expect([0, 2, 4].allSatisfy { keyBias[$0] == 0 } && [5, 1, 3].allSatisfy { keyBias[$0] != 0 })
        network.accumulateGradients(left, scale: 1)
        for parameter in network.parameters {
            #expect(parameter.gradient.contains { $0 != 0 }, "\(parameter.name) got no gradient at all")
        }
        _ = expectGradientsMatch(network.parameters, tolerance: 1e-5, floor: 1e-4) {
            network.loss(left) + network.loss(right)
        }
    }

    @Test func aStepGivesTheEnvironmentsProgramsInItsOwnOrder() {
        var generator = SeededGenerator(seed: 33)
        let c = twoEnvironmentConfiguration
        let network = NPINetwork<Double>(configuration: c, generator: &generator)
        randomize(network.parameters, &generator)
        let batch = randomBatch(steps: 3, batch: 2, configuration: c, environment: 1, &generator)
        let expected = network.teacherForcedOutputs(batch)
        var state = NPINetwork<Double>.CoreState.zero(batch: 2, configuration: c)
        for t in 0..<batch.length {
            let output = network.step(
                features: features(of: batch, step: t, configuration: c), programs: batch.programs, state: &state,
                environment: 1)
            #expect(output.programProbabilities.count == 2 * 3)
            expectClose(output.programProbabilities, expected[t].programProbabilities, tolerance: 1e-12)
            expectClose(output.returnProbability, expected[t].returnProbability, tolerance: 1e-12)
        }
        // Environment id i is memory row programIDs[i]: the probabilities are a softmax over
        // those rows' logits, which a network whose keys differ only in row 5 must change at id 0.
        let keys = network.parameter(named: "program_keys.bias")!
        var first = NPINetwork<Double>.CoreState.zero(batch: 2, configuration: c)
        let before = network.step(
            features: features(of: batch, step: 0, configuration: c), programs: batch.programs, state: &first,
            environment: 1)
        keys.value[5] += 3
        var again = NPINetwork<Double>.CoreState.zero(batch: 2, configuration: c)
        let after = network.step(
            features: features(of: batch, step: 0, configuration: c), programs: batch.programs, state: &again,
            environment: 1)
        #expect(after.programProbabilities[0] > before.programProbabilities[0])
        #expect(after.programProbabilities[1] < before.programProbabilities[1])
    }

    @Test func theConfigurationKeepsTheSingleTaskFormAndRoundTripsTheOther() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let single = String(decoding: try encoder.encode(tinyConfiguration), as: UTF8.self)
        #expect(!single.contains("environments") && single.contains("\"observationFeatureCount\":5"))
        #expect(try JSONDecoder().decode(NetworkConfiguration.self, from: Data(single.utf8)) == tinyConfiguration)
        let several = try encoder.encode(twoEnvironmentConfiguration)
        #expect(String(decoding: several, as: UTF8.self).contains("\"programIDs\":[5,1,3]"))
        #expect(try JSONDecoder().decode(NetworkConfiguration.self, from: several) == twoEnvironmentConfiguration)
    }

    @Test func invalidEnvironmentsAreNamed() {
        var c = twoEnvironmentConfiguration
        c.environments[1].programIDs = [5, 5, 6]
        c.environments[0].name = "Bad Name"
        c.environments[0].maxActiveFeatures = 0
        #expect(c.invalidFields == [
            "environments[0].maxActiveFeatures", "environments[0].name", "environments[1].programIDs",
        ])
        c = twoEnvironmentConfiguration
        c.environments[1].name = "left"
        #expect(c.invalidFields == ["environments (names repeat)"])
    }
}
