// Greedy evaluation of many problems at once: the core steps of all problems waiting for one
// are batched into one network step, so the matrix products run as matrix-matrix products.
import NPINeural

/// The outcome of running the model on one problem.
public struct ProblemResult: Sendable, Equatable {
    public var problem: Problem
    public var output: String
    public var expected: String
    public var steps: Int
    /// Why execution stopped early (a limit, a primitive that could not act), if it did.
    public var failure: String?

    public var isCorrect: Bool { failure == nil && output == expected }
}

/// Runs a model on many problems, one batched core step per round.
public struct BatchedEvaluator {
    public let model: NPIModel
    public var returnThreshold: Double = 0.5
    /// Most problems stepped together.
    public var batchSize = 256
    /// nil: each problem's task-defined step limit.
    public var maxSteps: Int? = nil
    /// nil: each problem's task-defined depth limit.
    public var maxDepth: Int? = nil

    public init(model: NPIModel) { self.model = model }

    /// Results in the order of `problems` (which must already be parsed); `progress` hears how
    /// many problems have finished, after every round of steps. When `shouldStop` answers true
    /// (polled every round), the unfinished problems end with the failure "interrupted".
    ///
    /// Up to `batchSize` problems run at once, and a finished problem's slot goes to the next
    /// waiting one at once, so short problems never wait for the longest of a group.
    public func run(
        _ problems: [Problem], progress: (Int) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) -> [ProblemResult] {
        let task = model.task
        let policy = ModelPolicy(model: model, returnThreshold: returnThreshold)
        let configuration = model.network.configuration
        var results = [ProblemResult?](repeating: nil, count: problems.count)
        var running: [(index: Int, interpreter: Interpreter<ModelPolicy>)] = []
        var waiting = problems.indices.makeIterator()
        var finishedCount = 0

        func finish(_ index: Int, _ interpreter: Interpreter<ModelPolicy>, failure: String?) {
            results[index] = ProblemResult(
                problem: problems[index], output: interpreter.environment.output,
                expected: task.expectedOutput(for: problems[index]), steps: interpreter.stepCount,
                failure: failure)
            finishedCount += 1
        }
        func start(_ index: Int) -> Interpreter<ModelPolicy> {
            let problem = problems[index]
            return Interpreter(
                task: task, environment: task.makeEnvironment(for: problem), policy: policy,
                limits: task.executionLimits(for: problem, maxSteps: maxSteps, maxDepth: maxDepth))
        }
        func admitWaitingProblems() {
            while running.count < batchSize, let index = waiting.next() {
                running.append((index, start(index)))  // a new interpreter holds its root call
            }
        }

        admitWaitingProblems()
        while !running.isEmpty {
            if shouldStop() {
                for (index, interpreter) in running { finish(index, interpreter, failure: "interrupted") }
                while let index = waiting.next() { finish(index, start(index), failure: "interrupted") }
                break
            }
            var features: [Int32] = []
            var programs: [Int32] = []
            features.reserveCapacity(running.count * configuration.maxActiveInputs)
            programs.reserveCapacity(running.count)
            for (_, interpreter) in running {
                let call = interpreter.stack[interpreter.stack.count - 1].call
                task.appendEncoderInput(
                    observation: interpreter.environment.observation(), running: call, to: &features)
                programs.append(Int32(call.program))
            }
            var batchState = NPINetwork<Float>.CoreState.stacking(running.map { $0.interpreter.topFrameState! })
            let output = model.network.step(features: features, programs: programs, state: &batchState)
            var stillRunning: [(index: Int, interpreter: Interpreter<ModelPolicy>)] = []
            stillRunning.reserveCapacity(batchSize)
            for (row, (index, interpreter)) in running.enumerated() {
                let decision = policy.decision(from: output, row: row)
                do {
                    try interpreter.step { state, _, _ in
                        state.assign(row: row, of: batchState)
                        return decision
                    }
                    if interpreter.isFinished {
                        finish(index, interpreter, failure: nil)
                    } else {
                        stillRunning.append((index, interpreter))
                    }
                } catch {
                    finish(index, interpreter, failure: "\(error)")
                }
            }
            running = stillRunning
            admitWaitingProblems()
            progress(finishedCount)
        }
        return results.map { $0! }
    }
}
