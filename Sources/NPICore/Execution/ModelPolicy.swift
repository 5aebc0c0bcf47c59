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
        /// While the call waits for a callee: W_hh · h of its state, once a step of the callee has
        /// computed them alongside its own (see `ParkedCaller`).
        var waitingTerms: WaitingTerms?

        init(core: NPINetwork<Float>.CoreState?, node: CallCache.Node?) {
            self.core = core
            self.node = node
        }
    }

    /// W_hh · h of a waiting call's state, filled in by a step of its callee.
    final class WaitingTerms {
        var terms: RecurrentTerms?
    }

    /// The call that waits for the running callee, whose W_hh · h the next step that reads W_hh
    /// computes in the same pass over it: the caller's next step then reads no W_hh, and its state
    /// has not changed in between, so the terms are the ones it would compute (bit for bit).
    private struct ParkedCaller {
        let state: NPINetwork<Float>.CoreState
        let terms: WaitingTerms
    }
    private var parkedCaller: ParkedCaller?

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
    /// must only ever be filled by batch-1 steps of this model (see `CallCache`), whose weights
    /// must not change while the policy runs: the cache and the waiting calls hold values
    /// computed from them.
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
        let decision = step(&state, reading: input, program: call.program)
            .greedyDecision(programs: task.programs, returnThreshold: returnThreshold)
        park(&state, after: decision)
        return decision
    }

    /// Makes the call the parked caller when `decision` calls a composite program and the call
    /// will step again after it (it does not return with it), unless its next step has its
    /// terms already.
    private func park(_ state: inout FrameState, after decision: Decision) {
        guard let call = decision.call, !decision.returns, task.programs[call.program].kind == .composite else { return }
        if let node = state.node, node.recurrentTerms != nil { return }
        guard let core = state.node?.state ?? state.core else { return }
        let terms = WaitingTerms()
        state.waitingTerms = terms
        parkedCaller = ParkedCaller(state: core, terms: terms)
    }

    /// One step of a call reading encoder input `input`: from the cache when the call's inputs
    /// so far are there, else computed (added to the cache while the call follows it), taking
    /// W_hh · h from the node or from what a callee computed while the call waited when either
    /// has them, and computing the parked caller's alongside its own otherwise.
    private func step(_ state: inout FrameState, reading input: [Int32], program: Int) -> Decision.Confidence {
        let waitingTerms = state.waitingTerms?.terms
        if let waiting = state.waitingTerms {
            state.waitingTerms = nil
            if parkedCaller?.terms === waiting { parkedCaller = nil }
        }
        var core: NPINetwork<Float>.CoreState
        var keptTerms = waitingTerms, wantsTerms = false
        if let node = state.node {
            if let cache, let next = cache.next(after: node, reading: input) {
                state.node = next
                return next.confidence!
            }
            core = node.state ?? zeroState
            if let cache, cache.wantsRecurrentTerms(of: node) {
                if let waitingTerms { cache.keep(waitingTerms, at: node) } else { wantsTerms = true }
            }
            keptTerms = node.recurrentTerms ?? waitingTerms
        } else {
            core = state.core ?? zeroState
            state.core = nil  // so that the step below updates the state in place
        }
        let (output, terms, alongsideTerms) = model.network.stepOneRow(
            features: input, program: Int32(program), state: &core, environment: self.environment,
            recurrentTerms: keptTerms, returningRecurrentTerms: wantsTerms,
            alongside: keptTerms == nil ? parkedCaller?.state : nil)
        if let alongsideTerms, let parked = parkedCaller {
            parked.terms.terms = alongsideTerms
            parkedCaller = nil
        }
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
