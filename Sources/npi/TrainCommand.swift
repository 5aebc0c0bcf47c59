// `npi train`: teacher-forced training until the held-out problems are all solved.
import ArgumentParser
import Foundation
import NPICore
import NPINeural
import NPITasks

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on teacher traces until it solves every held-out problem.",
        discussion: """
            Trains on --count random problems of 1 to --max-digits digits (plus a few problems \
            that cover every case the teacher meets), or on the traces of --data. After each \
            epoch the model runs greedily on held-out problems; training stops when it solves \
            all of them or after --epochs. The model file is saved atomically after every epoch \
            and on Ctrl-C. Same seed, same data, same machine: a bit-identical model file.
            """)

    @OptionGroup var taskOptions: TaskOptions
    @Option(name: .shortAndLong, help: "The model file to write.") var output: String
    @Option(help: "Train on the traces in this JSON Lines file (from `npi data`).") var data: String?
    @Option(parsing: .unconditional, help: "How many random training problems (at most 1,000,000: they are kept in memory).")
    var count = 1000
    @Option(
        name: [.customLong("max-digits"), .customLong("max-length")], parsing: .unconditional,
        help: "Largest problem size (addition: operand digits; sort: array length) of training and held-out problems.")
    var maxDigits = 3
    @Option(parsing: .unconditional, help: "Most epochs.") var epochs = TrainingOptions().epochs
    @Option(parsing: .unconditional, help: "Seed of the data, the initial weights and the batch order.") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Held-out problems checked after each epoch (at most 1,000,000).")
    var heldOut = 200
    @Option(
        parsing: .unconditional,
        help: "Held-out checks within each epoch until they are first all solved (then the model is saved at once; at most 1,000).")
    var checksPerEpoch = TrainingOptions().checksPerEpoch
    @Option(parsing: .unconditional, help: "Calls per batch (at most 1,000,000).") var batchSize = TrainingOptions().batchSize
    @Option(
        parsing: .unconditional, help: "Adam's initial learning rate (default: the task's; addition 0.003, the others 0.001).")
    var learningRate: Double?
    @Option(
        parsing: .unconditional, help: "Epochs without a better held-out score before the learning rate is halved.")
    var patience = TrainingOptions().patience
    @Option(parsing: .unconditional, help: "Epochs to keep training once solved, to widen the model's margins.")
    var extraEpochs = 3
    @Option(
        parsing: .unconditional,
        help: "Size of the length-check problems reported once solved (default: the task's, e.g. 100 digits; 0: none).")
    var lengthCheckSize: Int?
    @Option(parsing: .unconditional, help: "How many length-check problems.")
    var lengthCheckCount = 20
    @OptionGroup(title: "Network sizes (new models only; stored in the model file)")
    var sizes: NetworkSizeOptions
    @Option(
        parsing: .unconditional,
        help: "Threads: from 2, large products and updates are split with a helper thread (same results as 1).")
    var threads = defaultComputeThreads
    @Flag(help: "Continue training the model in --output, with its optimizer state.") var resume = false
    @Flag(help: "Replace an existing --output file instead of refusing.") var overwrite = false

    func validate() throws {
        try checkPositive(count, "--count", atMost: InputLimits.trainingProblemCount)
        try checkPositive(maxDigits, "--max-digits", atMost: InputLimits.problemSize)
        try checkPositive(epochs, "--epochs", atMost: InputLimits.repeatCount)
        try checkPositive(heldOut, "--held-out", atMost: InputLimits.trainingProblemCount)
        try checkPositive(batchSize, "--batch-size", atMost: 1_000_000)
        try checkPositive(threads, "--threads", atMost: InputLimits.repeatCount)
        try checkNotNegative(extraEpochs, "--extra-epochs", atMost: InputLimits.repeatCount)
        try checkNotNegative(patience, "--patience", atMost: InputLimits.repeatCount)
        try checkNotNegative(lengthCheckSize ?? 0, "--length-check-size", atMost: InputLimits.problemSize)
        try checkNotNegative(lengthCheckCount, "--length-check-count", atMost: InputLimits.trainingProblemCount)
        // Each check is a point in the epoch's batch order, kept in a set.
        try checkNotNegative(checksPerEpoch, "--checks-per-epoch", atMost: 1000)
        guard learningRate.map({ $0 > 0 && $0.isFinite }) ?? true else {
            throw ValidationError("--learning-rate must be a positive number")
        }
        let exists = FileManager.default.fileExists(atPath: output)
        if resume && !exists { throw ValidationError("--resume: \(output) does not exist") }
        guard resume || !exists || overwrite else {
            throw ValidationError(
                "\(output) exists; use --resume to train it further or --overwrite to replace it")
        }
    }

    func run() throws {
        setThreads(threads)
        let task = try taskOptions.resolve()
        let model = try startingModel(task: task)
        let sizes = 1...maxDigits
        let (calls, trainingProblems) = try trainingCalls(task: task, sizes: sizes)
        let heldOutProblems = TrainingData.heldOut(
            task: task, count: heldOut, sizes: sizes, seed: seed, excluding: trainingProblems)
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = batchSize
        options.learningRate = learningRate ?? task.defaultLearningRate
        options.patience = patience
        options.checksPerEpoch = checksPerEpoch
        options.seed = seed &+ UInt64(model.summary.epochs)
        let lengthCheckSize = self.lengthCheckSize ?? task.lengthCheckSize
        let lengthCheck = lengthCheckSize == 0 ? [] : TrainingData.heldOut(
            task: task, count: lengthCheckCount, sizes: lengthCheckSize...lengthCheckSize, seed: seed,
            excluding: [])
        let trainer = Trainer(
            model: model, calls: calls, heldOut: heldOutProblems, lengthCheck: lengthCheck, options: options)
        let checkText = lengthCheck.isEmpty ? "" : "; \(lengthCheck.count) length-check of size \(lengthCheckSize)"
        print(
            "training \(task.name): \(trainingProblems.count) problems, \(calls.count) calls, \(trainer.batches.stepCount) steps per epoch; \(heldOutProblems.count) held-out\(checkText); \(model.parameterCount) parameters"
        )
        Interrupt.install()
        let started = Date()
        var solvedAt: Int?
        for epoch in 1...epochs {
            var bar = ProgressBar(label: "epoch \(epoch)")
            var saveError: Error?
            let report = trainer.runEpoch(
                progress: { bar.update($0) }, shouldStop: { Interrupt.requested || saveError != nil },
                heldOutSolved: { epochs in
                    bar.clear()
                    do {
                        try ModelFile.save(model, path: output)
                        print(
                            "held-out \(heldOutProblems.count)/\(heldOutProblems.count) after \(String(format: "%.2f", epochs)) epochs, \(String(format: "%.1f", Date().timeIntervalSince(started))) s: saved \(output)"
                        )
                    } catch { saveError = error }
                })
            bar.clear()
            if let saveError { throw saveError }
            try ModelFile.save(model, path: output)
            let elapsed = Date().timeIntervalSince(started)
            if report.interrupted {
                print("interrupted in epoch \(epoch): saved \(output)")
                return
            }
            print(progressLine(report, trainer: trainer, elapsed: elapsed))
            if report.isSolved && solvedAt == nil {
                solvedAt = epoch
            }
            if let solvedAt, epoch >= solvedAt + extraEpochs {
                print(
                    "solved all \(report.heldOutCount) held-out problems and reproduced every training call after \(epoch) epochs, \(String(format: "%.1f", elapsed)) s; saved \(output)"
                )
                if let correct = report.lengthCheckCorrect, correct < report.lengthCheckCount {
                    print(
                        "note: it fails \(report.lengthCheckCount - correct) of \(report.lengthCheckCount) problems of size \(lengthCheckSize): it does not generalize to long problems; try --recursive or another --seed"
                    )
                }
                return
            }
        }
        print("stopped after \(epochs) epochs before solving every held-out problem and training call; saved \(output)")
    }

    private func startingModel(task: any NPITask) throws -> NPIModel {
        if resume {
            let model = try ModelFile.load(path: output, tasks: TaskRegistry.named)
            guard model.task.name == task.name else {
                throw NPIError("\(output) is a \(model.task.name) model, not \(task.name); give --task \(model.task.name)")
            }
            // The file records every command that trained it, in order.
            model.summary.command += (model.summary.command.isEmpty ? "" : " && ") + commandLine
            return model
        }
        let model = NPIModel(task: task, configuration: sizes.configuration(for: task), seed: seed)
        model.summary.command = commandLine
        return model
    }

    /// This invocation as the user typed it (after the program name).
    private var commandLine: String { (["npi"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

    private func trainingCalls(task: any NPITask, sizes: ClosedRange<Int>) throws -> (
        [TrainingCall], [Problem]
    ) {
        if let data {
            let loaded = try TrainingData.calls(task: task, tracesAt: data)
            return (loaded.calls, loaded.problems)
        }
        let problems = TrainingData.problems(task: task, count: count, sizes: sizes, seed: seed)
        return (try TrainingData.calls(task: task, problems: problems), problems)
    }

    private func progressLine(_ report: EpochReport, trainer: Trainer, elapsed: Double) -> String {
        let remaining = Double(epochs - report.epoch) * elapsed / Double(report.epoch)
        let accuracy = 100 * Double(report.heldOutCorrect) / Double(max(1, report.heldOutCount))
        let epochText = String(format: "%3d", report.epoch)
        let numbers = String(
            format: "loss %.5f  held-out %d/%d (%.1f%%)  %.0f steps/s  lr %.2g",
            report.loss, report.heldOutCorrect, report.heldOutCount, accuracy,
            report.stepsPerSecond, report.learningRate)
        let exact = report.mismatchedCalls.map {
            "  calls exact \(trainer.batches.callCount - $0)/\(trainer.batches.callCount)"
        } ?? ""
        let long = report.lengthCheckCorrect.map { "  long \($0)/\(report.lengthCheckCount)" } ?? ""
        return "epoch \(epochText)  \(numbers)\(exact)\(long)  ETA \(duration(remaining))"
    }
}

/// `1:05` or `42s`.
func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    return whole >= 60 ? String(format: "%d:%02d", whole / 60, whole % 60) : "\(whole)s"
}
