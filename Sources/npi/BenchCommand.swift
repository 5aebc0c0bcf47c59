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
            problems stepped together, as `npi eval` does. long: one 10,000-digit addition, and \
            long-recursive the same with the shipped addition-recursive model (unless --model is \
            given). infer, eval and long run without the call cache, then with it (rows marked \
            +cache, with the share of steps it served; --no-cache skips them). Each of train, \
            infer and eval runs for --seconds split into --windows; the median window is reported \
            with the min and max. Compare with the PyTorch reference run in the same sitting, \
            without the cache.
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
    @Flag(help: "Measure without the call cache only.") var noCache = false

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
        // The models first: a bad --model is refused before a measurement runs, not after training's.
        let inferring = !wanted.isDisjoint(with: ["infer", "eval", "long"])
        let loaded = inferring ? try loadModel(path: model) : nil
        let recursive = wanted.contains("long") && model == nil ? try loadModel(path: nil, task: "addition-recursive") : nil
        if !json { print("npi bench: \(threads) thread(s), \(seconds) s per measurement in \(windows) windows, \(matrixKernels)") }
        if wanted.contains("train") {
            try report(try Benchmarks.train(task: task, threads: threads, seconds: seconds, windowCount: windows))
        }
        guard let loaded else { return }
        let caching = noCache ? [false] : [false, true]
        if wanted.contains("infer") {
            for cached in caching {
                try report(
                    try Benchmarks.infer(
                        model: loaded, threads: threads, seconds: seconds, windowCount: windows, cached: cached))
            }
        }
        if wanted.contains("eval") {
            for cached in caching {
                try report(
                    Benchmarks.eval(model: loaded, threads: threads, seconds: seconds, windowCount: windows, cached: cached))
            }
        }
        if wanted.contains("long") {
            for cached in caching {
                try report(try Benchmarks.long(model: loaded, threads: threads, cached: cached))
                if let recursive {
                    try report(
                        try Benchmarks.long(model: recursive, what: "long-recursive", threads: threads, cached: cached))
                }
            }
        }
    }

    private func report(_ result: BenchmarkResult) throws {
        let problems = BenchmarkResult.median(result.problemsPerSecond)
        let steps = BenchmarkResult.median(result.stepsPerSecond)
        if json {
            let measurement = MeasurementJSON(
                what: result.what, threads: result.threads, cache: result.cache != nil,
                cacheHitRate: result.cache.map { rounded($0.hitRate, places: 4) }, stepsPerSecond: rounded(steps),
                seconds: result.seconds.map { rounded($0, places: 3) },
                problemsPerSecond: result.seconds == nil ? rounded(problems) : nil,
                problemsPerSecondMin: result.seconds == nil ? rounded(result.problemsPerSecond.min() ?? 0) : nil,
                problemsPerSecondMax: result.seconds == nil ? rounded(result.problemsPerSecond.max() ?? 0) : nil,
                details: result.details)
            print(try JSONOutput.line(measurement))
            return
        }
        var facts = result.details.keys.sorted().map { "\($0) \(result.details[$0]!)" }
        if let cache = result.cache { facts.insert("cache: \(cache.text)", at: 0) }
        let label = (result.what + (result.cache == nil ? "" : "+cache")) as NSString
        if let seconds = result.seconds {
            print(String(format: "%-20@ %.2f s, %.0f steps/s", label, seconds, steps) + "  (\(facts.joined(separator: ", ")))")
        } else {
            let low = result.problemsPerSecond.min() ?? 0
            let high = result.problemsPerSecond.max() ?? 0
            print(
                String(
                    format: "%-20@ %8.1f problems/s (min %.1f, max %.1f), %8.0f steps/s", label,
                    problems, low, high, steps) + "  (\(facts.joined(separator: ", ")))")
        }
    }

    /// `value` rounded to `places` decimals, as the text report shows it.
    private func rounded(_ value: Double, places: Int = 1) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}

/// `--json`: one measurement; `seconds` for `long`, the problem rates for the others, whether
/// the call cache was used and the share of steps it served, and the result's details as string
/// fields beside them.
private struct MeasurementJSON: Encodable {
    var what: String
    var threads: Int
    var cache: Bool
    var cacheHitRate: Double?
    var stepsPerSecond: Double
    var seconds: Double?
    var problemsPerSecond: Double?
    var problemsPerSecondMin: Double?
    var problemsPerSecondMax: Double?
    var details: [String: String]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(what, forKey: Key("what"))
        try container.encode(threads, forKey: Key("threads"))
        try container.encode(cache, forKey: Key("cache"))
        try container.encodeIfPresent(cacheHitRate, forKey: Key("cache_hit_rate"))
        try container.encode(stepsPerSecond, forKey: Key("steps_per_s"))
        try container.encodeIfPresent(seconds, forKey: Key("seconds"))
        try container.encodeIfPresent(problemsPerSecond, forKey: Key("problems_per_s"))
        try container.encodeIfPresent(problemsPerSecondMin, forKey: Key("problems_per_s_min"))
        try container.encodeIfPresent(problemsPerSecondMax, forKey: Key("problems_per_s_max"))
        for (name, value) in details { try container.encode(value, forKey: Key(name)) }
    }
}
