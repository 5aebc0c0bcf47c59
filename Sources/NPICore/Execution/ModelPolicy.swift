// The learned model as a step policy: one core step per decision, greedy choices.
import NPINeural

/// Runs the model greedily: the most probable program and arguments, and a return when the
/// return probability reaches the threshold α (Algorithm 1, Reed & de Freitas 2016).
public final class ModelPolicy: StepPolicy {
    /// A call's core state, held by the call itself or, while the call follows the cache, by
    /// the cache node of its last step.
    public struct FrameState {
        /// The state, when the call does not follow the cache.
        var core: NPINetwork<Float>.CoreState?
        /// The cache node of the call's last step (its root before the first), while it follows the cache.
        var node: CallCache.Node?

        init(core: NPINetwork<Float>.CoreState?, node: CallCache.Node?) {
            self.core = core
            self.node = node
        }
    }

    public let model: NPIModel
    /// The task whose calls the policy decides, and the index of its environment in the network.
    public let task: any NPITask
    public let environment: Int
    /// α: the return probability at or above which the running program returns.
    public var returnThreshold: Double
    /// The cache of batch-1 steps that calls made from now on use, or nil to compute every step.
    /// A call begun with a cache finishes on its own state if the cache is taken away.
    public var cache: CallCache?

    /// The policy of `model` for `task` (one of its `tasks`; default: the current one). `cache`
    /// must only ever be filled by batch-1 steps of this model (see `CallCache`).
    public init(
        model: NPIModel, task: (any NPITask)? = nil, returnThreshold: Double = 0.5, cache: CallCache? = nil
    ) {
        self.model = model
        self.task = task ?? model.task
        self.environment = model.environmentIndex(of: self.task)
        self.returnThreshold = returnThreshold
        self.cache = cache
    }

    public func beginCall(_ call: Call) -> FrameState {
        if let cache { return FrameState(core: nil, node: cache.root(environment: environment, program: call.program)) }
        return FrameState(core: zeroState, node: nil)
    }

    public func decide(
        _ state: inout FrameState, call: Call, environment: any NPIEnvironment
    ) throws -> Decision {
        var input: [Int32] = []
        task.appendEncoderInput(observation: environment.observation(), running: call, to: &input)
        return step(&state, reading: input, program: call.program)
            .greedyDecision(programs: task.programs, returnThreshold: returnThreshold)
    }

    /// One step of a call reading encoder input `input`: from the cache when the call's inputs
    /// so far are there, else computed (from the node's kept recurrent terms when it has them, and
    /// added to the cache while the call follows it).
    private func step(_ state: inout FrameState, reading input: [Int32], program: Int) -> Decision.Confidence {
        var core: NPINetwork<Float>.CoreState
        var keptTerms: RecurrentTerms?, wantsTerms = false
        if let node = state.node {
            if let cache, let next = cache.next(after: node, reading: input) {
                state.node = next
                return next.confidence!
            }
            core = node.state ?? zeroState
            keptTerms = node.recurrentTerms
            wantsTerms = cache?.wantsRecurrentTerms(of: node) ?? false
        } else {
            core = state.core ?? zeroState
            state.core = nil  // so that the step below updates the state in place
        }
        let (output, terms) = model.network.stepOneRow(
            features: input, program: Int32(program), state: &core, environment: self.environment,
            recurrentTerms: keptTerms, returningRecurrentTerms: wantsTerms)
        let confidence = self.confidence(from: output, row: 0)
        cache?.countMiss(fromKeptTerms: keptTerms != nil)
        if let terms, let node = state.node { cache?.keep(terms, at: node) }
        if let node = state.node, let cache,
            let added = cache.add(after: node, reading: input, confidence: confidence, state: core)
        {
            state = FrameState(core: nil, node: added)
        } else {
            state = FrameState(core: core, node: nil)
        }
        return confidence
    }

    /// The core state of a new call.
    var zeroState: NPINetwork<Float>.CoreState { .zero(batch: 1, configuration: model.network.configuration) }

    /// The greedy decision of row `row` of a network step's outputs.
    public func decision(from output: NPINetwork<Float>.StepOutput, row: Int) -> Decision {
        confidence(from: output, row: row).greedyDecision(programs: task.programs, returnThreshold: returnThreshold)
    }

    /// The probabilities of row `row` of a network step's outputs.
    func confidence(from output: NPINetwork<Float>.StepOutput, row: Int) -> Decision.Confidence {
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
        return Decision.Confidence(
            returnProbability: Double(output.returnProbability[row]),
            programProbabilities: programProbabilities, argumentProbabilities: argumentProbabilities)
    }
}

/// The index of the largest value (the first one on ties).
func argmax(_ values: [Double]) -> Int {
    var best = 0
    for index in values.indices where values[index] > values[best] { best = index }
    return best
}
