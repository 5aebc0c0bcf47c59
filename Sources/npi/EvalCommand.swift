// `npi eval`: greedy accuracy of a model on random problems, one row per problem size.
import ArgumentParser
import Foundation
import NPICore
import NPINeural

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a model greedily on random problems and report its accuracy per size.",
        discussion: """
            SPEC is a size (100), a range (1-8), a list (1,10,100,1000) or a mix (1-8,100,1000): \
            every problem has exactly that size (\(sizeMeanings); each operand of an addition). \
            \(sizesOptionNames.map { "--" + $0 }.joined(separator: ", ")) are one option, named for \
            each task. The exit status is 0 even when accuracy is below 100%.
            """)

    @Option(help: "The model file (default: the shipped model of --task).") var model: String?
    @OptionGroup(title: "The task: its shipped model when --model is not given, or one of the tasks of a --model of several")
    var taskOptions: TaskOptions
    @Option(
        name: optionName(sizesOptionNames), parsing: .unconditional,
        help: """
            Problem sizes (\(sizeMeanings)): N, N-M, or a comma-separated list \
            (sizes up to 1,000,000, or the task's own limit).
            """)
    var digits = "1-8"
    @Option(parsing: .unconditional, help: "Problems per size (at most 1,000,000,000).") var count = 100
    @Option(parsing: .unconditional, help: "Seed of the random problems.") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "α, the return threshold.") var alpha = 0.5
    @Option(
        parsing: .unconditional,
        help: "Most core steps in one problem's execution (default: the task's limit for the problem; the shell's max-steps).")
    var maxSteps: Int?
    @Option(
        parsing: .unconditional,
        help: "Most calls on the stack at once (default: the task's limit for the problem; the shell's max-depth).")
    var maxDepth: Int?
    @Option(
        parsing: .unconditional, help: "Threads: from 2, large products are split with a helper thread (same results as 1).")
    var threads = defaultComputeThreads
    @Flag(help: "Print one JSON object per size (with --diff: per program).") var json = false
    @Flag(help: "Compute every step instead of serving repeated call inputs from the call cache (the results are the same).")
    var noCache = false
    @Flag(
        help: """
            Instead of accuracy: run the model teacher-forced on every step of the teacher's             executions of the problems and report, per program, the steps where it decides             differently, by kind, and where it does so most often.
            """)
    var diff = false

    func validate() throws {
        try checkPositive(count, "--count", atMost: InputLimits.problemCount)
        try checkPositive(threads, "--threads", atMost: InputLimits.repeatCount)
        if let maxSteps { try checkPositive(maxSteps, "--max-steps", atMost: InputLimits.repeatCount) }
        if let maxDepth { try checkPositive(maxDepth, "--max-depth", atMost: InputLimits.repeatCount) }
        guard (0...1).contains(alpha) else { throw ValidationError("--alpha must be in 0...1") }
        do { _ = try SizeList(digits) } catch { throw ValidationError("\(taskOptions.sizesOptionLabel): \(error)") }
        // The task named (or addition): its own limit (hanoi: 20 disks). A --model of another
        // task is checked once loaded.
        if let task = try? taskOptions.resolve() {
            for size in try SizeList(digits).sizes {
                do { try task.problemSize.check(size, option: sizesOptionLabel(task)) } catch { throw ValidationError("\(error)") }
            }
        }
        guard !diff || (maxSteps == nil && maxDepth == nil) else {
            throw ValidationError("--max-steps and --max-depth limit the model's own executions, which --diff does not run")
        }
    }

    func run() throws {
        setThreads(threads)
        let loaded = try loadModel(path: model, options: taskOptions)
        let sizes = try SizeList(digits).sizes
        for size in sizes { try loaded.task.problemSize.check(size, option: sizesOptionLabel(loaded.task)) }
        if diff {
            try printDivergences(of: loaded, sizes: sizes)
            return
        }
        var evaluator = BatchedEvaluator(model: loaded)
        evaluator.returnThreshold = alpha
        evaluator.maxSteps = maxSteps
        evaluator.maxDepth = maxDepth
        evaluator.cache = noCache ? nil : CallCache()
        if !json { print(AccuracyReport.header) }
        let problems = RandomProblems(task: loaded.task, seed: seed)
        for size in sizes {
            var bar = ProgressBar(label: "size \(size)")
            var tally = AccuracyTally()
            var steps = 0
            let hitsBefore = evaluator.cache?.statistics.hits ?? 0
            evaluator.run(problems.next(count, sizes: size...size), progress: { bar.update(Double($0) / Double(count)) }) {
                tally.add($1, at: $0)
                steps += $1.steps
            }
            bar.clear()
            if json {
                let hits = (evaluator.cache?.statistics.hits ?? 0) - hitsBefore
                let accuracy = AccuracyJSON(
                    size: size, count: count, correct: tally.correct, accuracy: tally.accuracy, steps: steps,
                    cacheHits: hits, cacheHitRate: steps == 0 ? 0 : Double(hits) / Double(steps))
                print(try JSONOutput.line(accuracy))
            } else {
                print(AccuracyReport.row(size: size, tally: tally, task: loaded.task, hint: Self.hint(for:)))
            }
        }
    }

    /// How to raise `limit` that stopped a problem: the option that sets it.
    static func hint(for limit: ExecutionLimitError) -> String {
        switch limit {
        case .steps: "raise it with --max-steps N"
        case .depth: "raise it with --max-depth N"
        }
    }

    /// `--json`: one size's figures, as the README documents them. `size` is the task's problem
    /// size (addition: operand digits; sort: row length).
    private struct AccuracyJSON: Encodable {
        var size: Int
        var count: Int
        var correct: Int
        var accuracy: Double
        /// Core steps the problems took, and how many of them the call cache served.
        var steps: Int
        var cacheHits: Int
        var cacheHitRate: Double

        enum CodingKeys: String, CodingKey {
            case size, count, correct, accuracy, steps
            case cacheHits = "cache_hits", cacheHitRate = "cache_hit_rate"
        }
    }

    /// `--diff`: the divergence report over `count` problems of each size, drawn as they are used.
    private func printDivergences(of loaded: NPIModel, sizes: [Int]) throws {
        let random = RandomProblems(task: loaded.task, seed: seed)
        let problems = sizes.lazy.flatMap { random.next(count, sizes: $0...$0) }
        var statistics = DivergenceStatistics(model: loaded)
        statistics.returnThreshold = alpha
        var bar = ProgressBar(label: "teacher-forced")
        let report = try statistics.run(problems, count: count * sizes.count) { bar.update($0) }!
        bar.clear()
        let lines = json ? try report.jsonLines(task: loaded.task) : report.lines(task: loaded.task)
        for line in lines { print(line) }
    }
}
