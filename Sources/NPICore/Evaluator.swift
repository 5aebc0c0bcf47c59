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
    public func run(
        _ problems: [Problem], progress: (Int) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) -> [ProblemResult] {
        var results: [ProblemResult] = []
        results.reserveCapacity(problems.count)
        var start = 0
        while start < problems.count {
            let end = min(start + batchSize, problems.count)
            let done = start
            results += runGroup(
                Array(problems[start..<end]), progress: { progress(done + $0) }, shouldStop: shouldStop)
            start = end
        }
        return results
    }

    private func runGroup(
        _ problems: [Problem], progress: (Int) -> Void, shouldStop: () -> Bool
    ) -> [ProblemResult] {
        let task = model.task
        let policy = ModelPolicy(model: model, returnThreshold: returnThreshold)
        let interpreters = problems.map { problem in
            Interpreter(
                task: task, environment: task.makeEnvironment(for: problem), policy: policy,
                limits: task.executionLimits(for: problem, maxSteps: maxSteps, maxDepth: maxDepth))
        }
        var failures = [String?](repeating: nil, count: problems.count)
        var active = Array(interpreters.indices)
        let configuration = model.network.configuration
        while !active.isEmpty {
            if shouldStop() {
                for index in active { failures[index] = "interrupted" }
                break
            }
            var features: [Int32] = []
            var programs: [Int32] = []
            var states: [ModelPolicy.FrameState] = []
            for index in active {
                let interpreter = interpreters[index]
                let call = interpreter.stack[interpreter.stack.count - 1].call
                task.appendEncoderInput(
                    observation: interpreter.environment.observation(), running: call,
                    to: &features)
                programs.append(Int32(call.program))
                states.append(interpreter.topFrameState!)
            }
            var batchState = NPINetwork<Float>.CoreState.zero(
                batch: states.count, configuration: configuration)
            for (row, state) in states.enumerated() { batchState.scatter(state, toRows: [row]) }
            let output = model.network.step(
                features: features, programs: programs, state: &batchState)
            var stillActive: [Int] = []
            for (row, index) in active.enumerated() {
                let decision = policy.decision(from: output, row: row)
                do {
                    try interpreters[index].step { state, _, _ in
                        state = batchState.gathering(rows: [row])
                        return decision
                    }
                    if !interpreters[index].isFinished { stillActive.append(index) }
                } catch {
                    failures[index] = "\(error)"
                }
            }
            active = stillActive
            progress(problems.count - active.count)
        }
        return problems.indices.map { index in
            ProblemResult(
                problem: problems[index], output: interpreters[index].environment.output,
                expected: task.expectedOutput(for: problems[index]),
                steps: interpreters[index].stepCount, failure: failures[index])
        }
    }
}
