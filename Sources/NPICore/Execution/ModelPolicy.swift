// The learned model as a step policy: one core step per decision, greedy choices.
import NPINeural

/// Runs the model greedily: the most probable program and arguments, and a return when the
/// return probability reaches the threshold α (Algorithm 1, Reed & de Freitas 2016).
public final class ModelPolicy: StepPolicy {
    public typealias FrameState = NPINetwork<Float>.CoreState

    public let model: NPIModel
    /// The task whose calls the policy decides, and the index of its environment in the network.
    public let task: any NPITask
    public let environment: Int
    /// α: the return probability at or above which the running program returns.
    public var returnThreshold: Double

    /// The policy of `model` for `task` (one of its `tasks`; default: the current one).
    public init(model: NPIModel, task: (any NPITask)? = nil, returnThreshold: Double = 0.5) {
        self.model = model
        self.task = task ?? model.task
        self.environment = model.environmentIndex(of: self.task)
        self.returnThreshold = returnThreshold
    }

    public func beginCall(_ call: Call) -> FrameState {
        .zero(batch: 1, configuration: model.network.configuration)
    }

    public func decide(
        _ state: inout FrameState, call: Call, environment: any NPIEnvironment
    ) throws -> Decision {
        var features: [Int32] = []
        task.appendEncoderInput(observation: environment.observation(), running: call, to: &features)
        let output = model.network.step(
            features: features, programs: [Int32(call.program)], state: &state, environment: self.environment)
        return decision(from: output, row: 0)
    }

    /// The greedy decision of row `row` of a network step's outputs.
    public func decision(from output: NPINetwork<Float>.StepOutput, row: Int) -> Decision {
        let programs = task.programs
        let programCount = programs.count
        let programProbabilities = (0..<programCount).map {
            Double(output.programProbabilities[row * programCount + $0])
        }
        let argumentProbabilities = (0..<Arguments.count).map { slot in
            (0..<Arguments.depth).map { value in
                Double(
                    output.argumentProbabilities[
                        (row * Arguments.count + slot) * Arguments.depth + value])
            }
        }
        let confidence = Decision.Confidence(
            returnProbability: Double(output.returnProbability[row]),
            programProbabilities: programProbabilities, argumentProbabilities: argumentProbabilities)
        return confidence.greedyDecision(programs: programs, returnThreshold: returnThreshold)
    }
}

/// The index of the largest value (the first one on ties).
func argmax(_ values: [Double]) -> Int {
    var best = 0
    for index in values.indices where values[index] > values[best] { best = index }
    return best
}
