// Greedy evaluation of many problems at once: the core steps of all problems waiting for one
// are batched into one network step, so the matrix products run as matrix-matrix products;
// steps a call cache holds are not computed at all.
import NPINeural

/// The outcome of running the model on one problem.
public struct ProblemResult: Sendable, Equatable {
    public var problem: Problem
    public var output: String
    public var expected: String
    public var steps: Int
    /// Why execution stopped early (a limit, a primitive that could not act), if it did.
    public var failure: ProblemFailure?

    public var isCorrect: Bool { failure == nil && output == expected }
}

/// Why the model's execution of a problem ended before its root call returned.
public enum ProblemFailure: Sendable, Equatable, CustomStringConvertible {
    /// The run was asked to stop first.
    case interrupted
    /// An execution limit stopped it; a front end adds how to raise the limit.
    case limit(ExecutionLimitError)
    /// A step could not be carried out (a primitive that could not act), in words.
    case step(String)

    /// The failure `error` (thrown by a step) describes.
    init(_ error: any Error) {
        self = error.executionLimit.map(ProblemFailure.limit) ?? .step("\(error)")
    }

    /// `interrupted`, the limit's or the step's error text.
    public var description: String {
        switch self {
        case .interrupted: "interrupted"
        case .limit(let limit): "\(limit)"
        case .step(let text): text
        }
    }
}

/// Runs a model on many problems, one batched core step per round.
public struct BatchedEvaluator {
    public let model: NPIModel
    /// The task the problems are of: one of the model's tasks.
    public let task: any NPITask
    public var returnThreshold: Double = 0.5
    /// Most problems stepped together.
    public var batchSize = 256
    /// nil: each problem's task-defined step limit.
    public var maxSteps: Int? = nil
    /// nil: each problem's task-defined depth limit.
    public var maxDepth: Int? = nil
    /// The cache of batched steps the runs use and fill (see `CallCache`), or nil to compute
    /// every step. Results are the same with or without it; it must only ever be given to
    /// evaluators of this model.
    public var cache: CallCache? = nil

    /// An evaluator of `model` on problems of `task` (default: the model's current task).
    public init(model: NPIModel, task: (any NPITask)? = nil) {
        self.model = model
        self.task = task ?? model.task
    }

    /// Results in the order of `problems` (which must already be parsed); `progress` hears how
    /// many problems have finished, after every round of steps. When `shouldStop` answers true
    /// (polled every round), the unfinished problems end with the failure "interrupted".
    public func run(
        _ problems: [Problem], progress: (Int) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) -> [ProblemResult] {
        var results = [ProblemResult?](repeating: nil, count: problems.count)
        run(problems, progress: progress, shouldStop: shouldStop) { index, result in results[index] = result }
        let policy = ModelPolicy(model: model, task: task, returnThreshold: returnThreshold)
        return problems.indices.map { index in
            results[index]
                ?? result(of: start(problems[index], policy: policy), problem: problems[index], failure: .interrupted)
        }
    }

    /// Runs the model on `problems` (already parsed), drawing each from the sequence only when
    /// a slot of the batch frees up, so a lazy sequence of any length is never held whole.
    /// `body` hears each result with the problem's position in the sequence, as problems
    /// finish (not in order); `progress` hears how many have finished, after every round.
    ///
    /// Up to `batchSize` problems run at once, and a finished problem's slot goes to the next
    /// waiting one at once, so short problems never wait for the longest of a group. When
    /// `shouldStop` answers true (polled every round), the running problems end with the
    /// failure "interrupted", no more are drawn, and it returns false.
    @discardableResult
    public func run(
        _ problems: some Sequence<Problem>, progress: (Int) -> Void = { _ in },
        shouldStop: () -> Bool = { false }, _ body: (_ index: Int, _ result: ProblemResult) -> Void
    ) -> Bool {
        let policy = ModelPolicy(model: model, task: task, returnThreshold: returnThreshold, cache: cache)
        let environment = policy.environment
        let inputSlots = model.network.configuration.maxActiveInputs(environment: environment)
        let zeroState = policy.zeroState
        // A batch slot: the problem's position in the sequence, the problem, its execution.
        typealias Running = (index: Int, problem: Problem, interpreter: Interpreter<ModelPolicy>)
        var running: [Running] = []
        var waiting = problems.enumerated().makeIterator()
        var finishedCount = 0

        func finish(_ slot: Running, failure: ProblemFailure?) {
            body(slot.index, result(of: slot.interpreter, problem: slot.problem, failure: failure))
            finishedCount += 1
        }
        func admitWaitingProblems() {
            while running.count < batchSize, let (index, problem) = waiting.next() {
                // A new interpreter holds its root call.
                running.append((index, problem, start(problem, policy: policy)))
            }
        }

        admitWaitingProblems()
        while !running.isEmpty {
            if shouldStop() {
                for slot in running { finish(slot, failure: .interrupted) }
                return false
            }
            // Each running problem's next step: from the cache, or a row of this round's batch.
            var cached: [CallCache.Node?] = []
            var inputs: [[Int32]] = []
            var computed: [Int] = []  // indices into `running`
            var features: [Int32] = []
            var programs: [Int32] = []
            var states: [NPINetwork<Float>.CoreState] = []
            // Room for a lone row's copy too (below), so that no array grows while it is filled.
            let rows = max(running.count, 2)
            cached.reserveCapacity(rows)
            inputs.reserveCapacity(rows)
            computed.reserveCapacity(rows)
            features.reserveCapacity(rows * inputSlots)
            programs.reserveCapacity(rows)
            states.reserveCapacity(rows)
            for (index, slot) in running.enumerated() {
                let interpreter = slot.interpreter
                let call = interpreter.stack[interpreter.stack.count - 1].call
                var input: [Int32] = []
                input.reserveCapacity(inputSlots)
                task.appendEncoderInput(observation: interpreter.environment.observation(), running: call, to: &input)
                let frame = interpreter.topFrameState!
                let hit = frame.node.flatMap { cache?.next(after: $0, reading: input) }
                cached.append(hit)
                inputs.append(input)
                guard hit == nil else { continue }
                computed.append(index)
                features += input
                programs.append(Int32(call.program))
                states.append(frame.core ?? frame.node?.state ?? zeroState)
            }
            // A lone row is stepped beside a copy of itself: from two rows up a row's outputs do
            // not depend on the others (see `NPINetwork.step`), so no result depends on the batch.
            let padded = computed.count == 1
            if padded {
                features += features
                programs += programs
                states += states
            }
            var batchState = NPINetwork<Float>.CoreState.stacking(states)
            let output = computed.isEmpty
                ? nil
                : model.network.step(features: features, programs: programs, state: &batchState, environment: environment)
            var rowOf = [Int?](repeating: nil, count: running.count)  // each computed problem's batch row
            for (row, index) in computed.enumerated() { rowOf[index] = row }
            var stillRunning: [Running] = []
            stillRunning.reserveCapacity(batchSize)
            for (index, slot) in running.enumerated() {
                let confidence: Decision.Confidence
                let row = rowOf[index]
                if let hit = cached[index] {
                    confidence = hit.confidence!
                } else {
                    confidence = policy.confidence(from: output!, row: row!)
                    cache?.countMiss(fromKeptTerms: false)
                }
                let decision = confidence.greedyDecision(programs: task.programs, returnThreshold: returnThreshold)
                do {
                    try slot.interpreter.step { state, _, _ in
                        if let hit = cached[index] {
                            state = ModelPolicy.FrameState(core: nil, node: hit)
                        } else if let node = state.node, let cache,
                            let added = cache.add(
                                after: node, reading: inputs[index], confidence: confidence,
                                state: batchState.gathering(rows: [row!]))
                        {
                            state = ModelPolicy.FrameState(core: nil, node: added)
                        } else {
                            // The frame's own state, taken out so that it is overwritten in place.
                            var own = state.core ?? zeroState
                            state = ModelPolicy.FrameState(core: nil, node: nil)
                            own.assign(row: row!, of: batchState)
                            state.core = own
                        }
                        return decision
                    }
                    if slot.interpreter.isFinished {
                        finish(slot, failure: nil)
                    } else {
                        stillRunning.append(slot)
                    }
                } catch {
                    finish(slot, failure: ProblemFailure(error))
                }
            }
            running = stillRunning
            admitWaitingProblems()
            progress(finishedCount)
        }
        return true
    }

    /// A fresh execution of `problem` by `policy`, with this evaluator's limits.
    private func start(_ problem: Problem, policy: ModelPolicy) -> Interpreter<ModelPolicy> {
        Interpreter(
            task: task, environment: task.makeEnvironment(for: problem), policy: policy,
            limits: task.executionLimits(for: problem, maxSteps: maxSteps, maxDepth: maxDepth))
    }

    /// Where `interpreter`'s execution of `problem` ended up.
    private func result(of interpreter: Interpreter<ModelPolicy>, problem: Problem, failure: ProblemFailure?) -> ProblemResult {
        ProblemResult(
            problem: problem, output: interpreter.environment.output,
            expected: task.expectedOutput(for: problem), steps: interpreter.stepCount, failure: failure)
    }
}
