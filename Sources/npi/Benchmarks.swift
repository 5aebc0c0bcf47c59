// The measurements behind `npi bench`: training, batch-1 inference, batched evaluation, and one
// very long addition, the last three with and without the call cache. Each runs for a few
// windows; the median window is the figure, min and max show the noise (these machines are
// shared and noisy).
import Foundation
import NPICore
import NPINeural

/// One benchmark's figures.
struct BenchmarkResult: Sendable {
    /// `train`, `infer`, `eval` or `long`.
    var what: String
    var threads: Int
    /// Problems per second in each window (empty for `long`).
    var problemsPerSecond: [Double]
    /// Trace (core) steps per second in each window.
    var stepsPerSecond: [Double]
    /// Wall time of the single run (`long` only).
    var seconds: Double?
    /// Free-form facts (sizes, batch, data) printed with the result.
    var details: [String: String]
    /// What the call cache served, when the measurement used one.
    var cache: CallCache.Statistics? = nil

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

enum Benchmarks {
    /// Runs `work` repeatedly for `seconds`, split into `windows`; `work` returns (problems, steps)
    /// done in one call. Returns per-window rates.
    static func windows(
        seconds: Double, count: Int, _ work: () -> (problems: Double, steps: Int)
    ) -> (problems: [Double], steps: [Double]) {
        var problemRates: [Double] = []
        var stepRates: [Double] = []
        for _ in 0..<count {
            let start = Date()
            var problems = 0.0
            var steps = 0
            repeat {
                let done = work()
                problems += done.problems
                steps += done.steps
            } while Date().timeIntervalSince(start) < seconds / Double(count)
            let elapsed = Date().timeIntervalSince(start)
            problemRates.append(problems / elapsed)
            stepRates.append(Double(steps) / elapsed)
        }
        return (problemRates, stepRates)
    }

    /// Paper-style training: forward, backward and Adam on batches of `batchSize` calls of equal
    /// length, from the teacher traces of random problems of 1-3 digits.
    static func train(
        task: any NPITask, threads: Int, seconds: Double, windowCount: Int, batchSize: Int = 64,
        seed: UInt64 = 1
    ) throws -> BenchmarkResult {
        let model = NPIModel(task: task, seed: seed)
        var generator = SeededGenerator(seed: seed)
        let problems = (0..<300).map { _ in task.randomProblem(sizes: 1...3, using: &generator) }
        let calls = try TrainingData.calls(task: task, problems: problems)
        let batches = CallBatches(calls: calls, batchSize: batchSize)
            .epoch(using: &generator)
        let stepsPerProblem = Double(calls.reduce(0) { $0 + $1.length }) / Double(problems.count)
        let parameters = model.network.parameters
        let optimizer = Adam<Float>(parameters: parameters, learningRate: 1e-3, clipNorm: 5)
        var next = 0
        let rates = windows(seconds: seconds, count: windowCount) {
            let batch = batches[next % batches.count]
            next += 1
            let steps = batch.length * batch.programs.count
            zeroGradients(parameters)
            model.network.accumulateGradients(batch, scale: 1 / Float(steps))
            optimizer.update(parameters)
            return (Double(steps) / stepsPerProblem, steps)
        }
        return BenchmarkResult(
            what: "train", threads: threads, problemsPerSecond: rates.problems, stepsPerSecond: rates.steps,
            seconds: nil,
            details: [
                "batch_calls": String(batchSize), "steps_per_problem": String(format: "%.2f", stepsPerProblem),
                "batches": String(batches.count),
            ])
    }

    /// Greedy execution of single random problems of 1-4 digits, one at a time (batch 1),
    /// environment and interpreter included.
    static func infer(
        model: NPIModel, threads: Int, seconds: Double, windowCount: Int, cached: Bool, seed: UInt64 = 2
    ) throws -> BenchmarkResult {
        let task = model.task
        let policy = ModelPolicy(model: model, cache: cached ? CallCache() : nil)
        var generator = SeededGenerator(seed: seed)
        var failures = 0
        let rates = windows(seconds: seconds, count: windowCount) {
            let problem = task.randomProblem(sizes: 1...4, using: &generator)
            let environment = task.makeEnvironment(for: problem)
            let interpreter = Interpreter(
                task: task, environment: environment, policy: policy,
                limits: task.executionLimits(for: problem))
            do { try interpreter.run() } catch { failures += 1 }
            if environment.output != task.expectedOutput(for: problem) { failures += 1 }
            return (1, interpreter.stepCount)
        }
        var result = BenchmarkResult(
            what: "infer", threads: threads, problemsPerSecond: rates.problems, stepsPerSecond: rates.steps,
            seconds: nil, details: ["wrong": String(failures)], cache: policy.cache?.statistics)
        result.details["us_per_step"] = String(format: "%.1f", 1e6 / BenchmarkResult.median(rates.steps))
        return result
    }

    /// `npi eval`'s throughput: many random problems of 1-4 digits stepped together.
    static func eval(
        model: NPIModel, threads: Int, seconds: Double, windowCount: Int, cached: Bool, problemsPerRound: Int = 512,
        seed: UInt64 = 3
    ) -> BenchmarkResult {
        let task = model.task
        var generator = SeededGenerator(seed: seed)
        var evaluator = BatchedEvaluator(model: model)
        evaluator.cache = cached ? CallCache() : nil
        var wrong = 0
        let rates = windows(seconds: seconds, count: windowCount) {
            let problems = (0..<problemsPerRound).map { _ in task.randomProblem(sizes: 1...4, using: &generator) }
            let results = evaluator.run(problems)
            wrong += results.filter { !$0.isCorrect }.count
            return (Double(problems.count), results.reduce(0) { $0 + $1.steps })
        }
        return BenchmarkResult(
            what: "eval", threads: threads, problemsPerSecond: rates.problems, stepsPerSecond: rates.steps,
            seconds: nil, details: ["batch": String(evaluator.batchSize), "wrong": String(wrong)],
            cache: evaluator.cache?.statistics)
    }

    /// Wall time of one addition of two `digits`-digit numbers, batch 1, with an empty cache
    /// when `cached`. `what` names the row (`long`, `long-recursive`).
    static func long(
        model: NPIModel, what: String = "long", threads: Int, cached: Bool, digits: Int = 10_000, seed: UInt64 = 4
    ) throws -> BenchmarkResult {
        let task = model.task
        var generator = SeededGenerator(seed: seed)
        let problem = task.randomProblem(sizes: digits...digits, using: &generator)
        let environment = task.makeEnvironment(for: problem)
        let policy = ModelPolicy(model: model, cache: cached ? CallCache() : nil)
        let interpreter = Interpreter(
            task: task, environment: environment, policy: policy, limits: task.executionLimits(for: problem))
        let start = Date()
        try interpreter.run()
        let elapsed = Date().timeIntervalSince(start)
        let correct = environment.output == task.expectedOutput(for: problem)
        return BenchmarkResult(
            what: what, threads: threads, problemsPerSecond: [1 / elapsed],
            stepsPerSecond: [Double(interpreter.stepCount) / elapsed], seconds: elapsed,
            details: ["digits": String(digits), "steps": String(interpreter.stepCount), "correct": String(correct)],
            cache: policy.cache?.statistics)
    }
}
