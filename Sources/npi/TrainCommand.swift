// `npi train`: teacher-forced training until the held-out problems are all solved, saved as a
// checkpoint that `--resume` continues exactly.
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
            all of them (and --extra-epochs more) or after --epochs. The model file is a \
            checkpoint, written atomically before training, after every epoch, every \
            --checkpoint-every batches and on Ctrl-C; `--resume` continues an interrupted run \
            (even one killed) exactly: the same tensors as if it had never stopped. Same seed, \
            same data, same machine: bit-identical tensors (only the history's timings differ).
            """)

    @OptionGroup var taskOptions: TaskOptions
    @Option(name: .shortAndLong, help: "The model file to write (the checkpoint).") var output: String
    @OptionGroup(title: "The run's recipe (stored in the checkpoint; --resume reuses it)")
    var recipe: TrainingRecipeOptions
    @Option(parsing: .unconditional, help: "Also save a checkpoint every N batches (0: only before training, after each epoch and on Ctrl-C).")
    var checkpointEvery = 0
    @OptionGroup(title: "Network sizes (new models only; stored in the model file)")
    var sizes: NetworkSizeOptions
    @Option(
        parsing: .unconditional,
        help: "Threads: from 2, large products and updates are split with a helper thread (same results as 1).")
    var threads = defaultComputeThreads
    @Flag(help: "Continue the run saved in --output exactly where it stopped.") var resume = false
    @Flag(help: "Replace an existing --output file instead of refusing.") var overwrite = false

    func validate() throws {
        try recipe.validate()
        try checkPositive(threads, "--threads", atMost: InputLimits.repeatCount)
        try checkNotNegative(checkpointEvery, "--checkpoint-every", atMost: InputLimits.repeatCount)
        let exists = FileManager.default.fileExists(atPath: output)
        if resume && !exists { throw ValidationError("--resume: \(output) does not exist") }
        guard resume || !exists || overwrite else {
            throw ValidationError("\(output) exists; use --resume to continue its run or --overwrite to replace it")
        }
    }

    func run() throws {
        setThreads(threads)
        Interrupt.install()  // from the start: Ctrl-C while the data is made stops after the first batch
        let task = try taskOptions.resolve()
        let lock = try OutputLock(path: output)
        defer { lock.release() }
        let (model, run) = try startingPoint(task: task)
        let data = try TrainingRunData(task: task, recipe: run.recipe)
        let trainer = Trainer(
            model: model, calls: data.calls, heldOut: data.heldOut, lengthCheck: data.lengthCheck,
            options: run.recipe.options, progress: resume ? run.progress : nil)
        let checkpoint = Checkpoint(model: model, recipe: run.recipe, trainer: trainer, path: output)
        // The first save proves the file can be written before any work is done, and gives a
        // killed first epoch something to resume.
        try checkpoint.save()
        print(data.description(trainer: trainer, model: model, resumedAt: resume ? run.progress : nil))
        let started = Date()
        var sessionEpochs = 0
        var lastReport: EpochReport?
        while !checkpoint.run.isFinished {
            let epoch = trainer.progress.epochsDone + 1
            var bar = ProgressBar(label: "epoch \(epoch)")
            var saveError: Error?
            let report = trainer.runEpoch(
                progress: { fraction in
                    bar.update(fraction)
                    let batches = trainer.progress.batchesDone
                    if checkpointEvery > 0, batches % checkpointEvery == 0 {
                        do { try checkpoint.save() } catch { saveError = error }
                    }
                },
                shouldStop: { Interrupt.requested || saveError != nil },
                heldOutSolved: { epochs in
                    bar.clear()
                    do {
                        try checkpoint.save()
                        print(
                            "held-out \(data.heldOut.count)/\(data.heldOut.count) after \(String(format: "%.2f", epochs)) epochs, \(String(format: "%.1f", Date().timeIntervalSince(started))) s: saved \(output)"
                        )
                    } catch { saveError = error }
                })
            bar.clear()
            if let saveError { throw saveError }
            try checkpoint.save()
            if report.interrupted || Interrupt.requested {
                let position = trainer.progress.batchesDone == 0
                    ? "after epoch \(trainer.progress.epochsDone)"
                    : "in epoch \(epoch) after \(trainer.progress.batchesDone) of \(trainer.batches.batchCount) batches"
                print("interrupted \(position): saved \(output); 'npi train --resume -o \(output)' continues it")
                return
            }
            sessionEpochs += 1
            lastReport = report
            let elapsed = Date().timeIntervalSince(started)
            print(progressLine(report, trainer: trainer, elapsed: elapsed, sessionEpochs: sessionEpochs, limit: run.recipe.options.epochs))
        }
        finalMessage(trainer: trainer, run: checkpoint.run, lastReport: lastReport, elapsed: Date().timeIntervalSince(started))
    }

    /// The model and run to train: a new one, or the one saved in --output (`--resume`).
    private func startingPoint(task: any NPITask) throws -> (NPIModel, TrainingRun) {
        guard resume else {
            let model = NPIModel(task: task, configuration: sizes.configuration(for: task), seed: recipe.seedValue)
            model.summary.command = commandLine
            let recipe = try self.recipe.newRecipe(task: task)
            return (model, TrainingRun(recipe: recipe, progress: TrainingProgress(epochGenerator: [])))
        }
        let model = try ModelFile.load(path: output, tasks: TaskRegistry.named)
        guard model.task.name == task.name || !taskOptions.isExplicit else {
            throw NPIError("\(output) is a \(model.task.name) model, not \(task.name); give --task \(model.task.name) or leave --task out")
        }
        guard var run = model.run else {
            throw NPIError(
                "\(output) holds no training run to resume (it was not saved by this version of npi train); train a new model into another file, or replace it with --overwrite")
        }
        run.recipe = try recipe.resumedRecipe(run.recipe)
        guard !run.isFinished else {
            let solved = run.progress.solvedAtEpoch.map { "solved after epoch \($0), then \(run.recipe.extraEpochs) extra epochs" }
                ?? "all \(run.recipe.options.epochs) epochs done"
            throw NPIError("\(output): the run is finished (\(solved)); raise --epochs or --extra-epochs to train it further")
        }
        // The file records every command that trained it, in order.
        model.summary.command += (model.summary.command.isEmpty ? "" : " && ") + commandLine
        return (model, run)
    }

    /// This invocation as the user typed it (after the program name).
    private var commandLine: String { (["npi"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

    private func progressLine(
        _ report: EpochReport, trainer: Trainer, elapsed: Double, sessionEpochs: Int, limit: Int
    ) -> String {
        let remaining = Double(limit - report.epoch) * elapsed / Double(sessionEpochs)
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

    private func finalMessage(trainer: Trainer, run: TrainingRun, lastReport: EpochReport?, elapsed: Double) {
        let epochs = trainer.progress.epochsDone
        guard trainer.progress.solvedAtEpoch != nil else {
            print("stopped after \(epochs) epochs before solving every held-out problem and training call; saved \(output)")
            return
        }
        print(
            "solved all \(trainer.heldOut.count) held-out problems and reproduced every training call after \(epochs) epochs, \(String(format: "%.1f", elapsed)) s; saved \(output)"
        )
        if let correct = lastReport?.lengthCheckCorrect, correct < trainer.lengthCheck.count {
            print(
                "note: it fails \(trainer.lengthCheck.count - correct) of \(trainer.lengthCheck.count) problems of size \(run.recipe.lengthCheckSize): it does not generalize to long problems; try --recursive or another --seed"
            )
        }
    }
}

/// `1:05` or `42s`.
func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    return whole >= 60 ? String(format: "%d:%02d", whole / 60, whole % 60) : "\(whole)s"
}
