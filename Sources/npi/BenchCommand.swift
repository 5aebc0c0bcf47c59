// `npi bench`: training, inference and evaluation speed, to compare with the PyTorch reference.
import ArgumentParser
import Foundation
import NPICore
import NPINeural
import NPITasks

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training, inference and evaluation speed with the default model sizes.",
        discussion: """
            train: forward + backward + Adam on batches of 64 equal-length calls from teacher traces \
            of random 1-3-digit problems. infer: greedy batch-1 execution of random 1-4-digit \
            problems with the shipped model (environment and interpreter included). eval: the same \
            problems stepped together, as `npi eval` does. long: one 10,000-digit addition. Each of \
            train, infer and eval runs for --seconds split into --windows; the median window is \
            reported with the min and max. Compare with the PyTorch reference run in the same sitting.
            """)

    @Option(parsing: .unconditional, help: "Threads: from 2, large products and updates are split with a helper thread.")
    var threads = 1
    @Option(parsing: .unconditional, help: "Seconds per measurement (split into windows).") var seconds = 10.0
    @Option(parsing: .unconditional, help: "Windows per measurement (at most 1,000).") var windows = 5
    @Option(help: "Which measurements, comma-separated (train,infer,eval,long).")
    var only = "train,infer,eval,long"
    @Option(help: "The model for infer, eval and long (default: the shipped addition model).")
    var model: String?
    @Flag(help: "Print one JSON object per measurement.") var json = false

    func validate() throws {
        try checkPositive(threads, "--threads", atMost: InputLimits.repeatCount)
        // Each window keeps its rates.
        try checkPositive(windows, "--windows", atMost: 1000)
        guard seconds > 0, seconds.isFinite else {
            throw ValidationError("--seconds must be a positive number, not \(seconds)")
        }
        let known: Set = ["train", "infer", "eval", "long"]
        for part in only.split(separator: ",") where !known.contains(String(part)) {
            throw ValidationError("--only: unknown measurement '\(part)' (train, infer, eval, long)")
        }
    }

    func run() throws {
        setThreads(threads)
        let wanted = Set(only.split(separator: ",").map(String.init))
        let task = try TaskRegistry.named("addition")
        if !json { print("npi bench: \(threads) thread(s), \(seconds) s per measurement in \(windows) windows") }
        if wanted.contains("train") {
            report(try Benchmarks.train(task: task, threads: threads, seconds: seconds, windowCount: windows))
        }
        guard !wanted.isDisjoint(with: ["infer", "eval", "long"]) else { return }
        let loaded = try loadModel(path: model)
        if wanted.contains("infer") {
            report(try Benchmarks.infer(model: loaded, threads: threads, seconds: seconds, windowCount: windows))
        }
        if wanted.contains("eval") {
            report(Benchmarks.eval(model: loaded, threads: threads, seconds: seconds, windowCount: windows))
        }
        if wanted.contains("long") { report(try Benchmarks.long(model: loaded, threads: threads)) }
    }

    private func report(_ result: BenchmarkResult) {
        let problems = BenchmarkResult.median(result.problemsPerSecond)
        let steps = BenchmarkResult.median(result.stepsPerSecond)
        if json {
            var fields: [String] = [
                "\"what\":\"\(result.what)\"", "\"threads\":\(result.threads)",
                "\"steps_per_s\":\(rounded(steps))",
            ]
            if let seconds = result.seconds {
                fields.append("\"seconds\":\(rounded(seconds, places: 3))")
            } else {
                fields.append("\"problems_per_s\":\(rounded(problems))")
                fields.append("\"problems_per_s_min\":\(rounded(result.problemsPerSecond.min() ?? 0))")
                fields.append("\"problems_per_s_max\":\(rounded(result.problemsPerSecond.max() ?? 0))")
            }
            for key in result.details.keys.sorted() { fields.append("\"\(key)\":\"\(result.details[key]!)\"") }
            print("{" + fields.joined(separator: ",") + "}")
            return
        }
        let facts = result.details.keys.sorted().map { "\($0) \(result.details[$0]!)" }.joined(separator: ", ")
        if let seconds = result.seconds {
            print(String(format: "%-6@ %.2f s, %.0f steps/s", result.what as NSString, seconds, steps) + "  (\(facts))")
        } else {
            let low = result.problemsPerSecond.min() ?? 0
            let high = result.problemsPerSecond.max() ?? 0
            print(
                String(
                    format: "%-6@ %8.1f problems/s (min %.1f, max %.1f), %8.0f steps/s", result.what as NSString,
                    problems, low, high, steps) + "  (\(facts))")
        }
    }

    private func rounded(_ value: Double, places: Int = 1) -> String {
        String(format: "%.\(places)f", value)
    }
}
