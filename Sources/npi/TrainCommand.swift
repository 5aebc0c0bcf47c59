// `npi train`: teacher-forced training until the held-out problems are all solved, saved as a
// checkpoint that `--resume` continues exactly.
import ArgumentParser
import Foundation
import NPICore
import NPINeural
import NPITasks
import SafeTensors

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on teacher traces until it solves every held-out problem.",
        discussion: """
            Trains on --count random problems of sizes 1 to --max-digits (the task's largest \
            size: \(largestSizeOptionNames.map { "--" + $0 }.joined(separator: ", ")) are one \
            option, named for each task; \(sizeMeanings)), plus a few problems \
            that cover every case the teacher meets), or on the traces of --data. After each \
            epoch the model runs greedily on held-out problems; training stops when it solves \
            all of them (and --extra-epochs more) or after --epochs. The model file is a \
            checkpoint, written atomically before training, after every epoch, every \
            --checkpoint-every batches and on Ctrl-C; `--resume` continues an interrupted run \
            (even one killed) exactly: the same tensors as if it had never stopped. Same seed, \
            same data, same machine: bit-identical tensors (only the history's timings differ).

            One model of several tasks (Reed & de Freitas 2016, section 4.4): --task addition,sort \
            trains one core, program memory and heads for both, with an encoder per environment; \
            --count, --max-digits (--max-length), --held-out and the length-check options then take one value \
            or one per task (--max-length 3,5). A new program on a trained model (section 4.3): \
            --task max --base FILE adds max's programs to FILE's model and trains on max; with \
            --freeze-core only those programs' rows of program_embedding and program_keys \
            change, and every other tensor stays bit-identical to FILE's.
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
    @Option(help: "Start from the model in this file and add --task to it: a task that adds programs to one of its tasks (max to sort).")
    var base: String?
    @Flag(help: "With --base: train only the new programs' rows of program_embedding and program_keys; every other tensor stays bit-identical.")
    var freezeCore = false
    @Flag(help: "Continue the run saved in --output exactly where it stopped.") var resume = false
    @Flag(help: "Replace an existing --output file instead of refusing.") var overwrite = false

    func validate() throws {
        try recipe.checkSizes(for: taskOptions.resolveAll())
        try recipe.validate()
        try checkPositive(threads, "--threads", atMost: InputLimits.repeatCount)
        try checkNotNegative(checkpointEvery, "--checkpoint-every", atMost: InputLimits.repeatCount)
        let exists = FileManager.default.fileExists(atPath: output)
        if resume && !exists { throw ValidationError("--resume: \(output) does not exist") }
        if freezeCore && base == nil { throw ValidationError("--freeze-core needs --base: the trained model whose core it keeps") }
        if base != nil && resume { throw ValidationError("--base starts a new run; --resume continues the one in --output") }
        guard resume || !exists || overwrite else {
            throw ValidationError("\(output) exists; use --resume to continue its run or --overwrite to replace it")
        }
    }

    func run() throws {
        setThreads(threads)
        Interrupt.install()  // from the start: Ctrl-C while the data is made stops after the first batch
        let tasks = try taskOptions.resolveAll()
        // The file the saves replace (a symbolic link's target): locked, and refused at once if it
        // is not a regular file.
        let lock = try OutputLock(path: AtomicFile.destination(of: output))
        defer { lock.release() }
        let (model, run) = try startingPoint(tasks: tasks)
        let data = try TrainingRunData(model: model, recipe: run.recipe)
        let trainer = Trainer(
            model: model, calls: data.calls, checks: data.checks, options: run.recipe.options,
            progress: resume ? run.progress : nil)
        if let first = run.recipe.firstTrainableProgram {
            model.optimizer!.trainableEntries = model.trainableEntries(fromProgram: first)
        }
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
                            "held-out \(data.heldOut.count)/\(data.heldOut.count) after \(String(format: "%.2f", epochs)) epochs, \(String(format: "%.1f", Date().timeIntervalSince(started))) s: saved \(EchoedText.escapeLine(output))"
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
                print("interrupted \(position): saved \(EchoedText.escapeLine(output)); 'npi train --resume -o \(EchoedText.escapeLine(output))' continues it")
                return
            }
            sessionEpochs += 1
            lastReport = report
            let elapsed = Date().timeIntervalSince(started)
            print(progressLine(report, trainer: trainer, elapsed: elapsed, sessionEpochs: sessionEpochs, limit: run.recipe.options.epochs))
        }
        finalMessage(trainer: trainer, run: checkpoint.run, lastReport: lastReport, elapsed: Date().timeIntervalSince(started))
    }

    /// The model and run to train: a new one (from --base when given), or the one saved in
    /// --output (`--resume`).
    private func startingPoint(tasks: [any NPITask]) throws -> (NPIModel, TrainingRun) {
        guard resume else {
            var recipe = try self.recipe.newRecipe(tasks: tasks)
            let model: NPIModel
            if let base {
                guard tasks.count == 1 else { throw ValidationError("--base adds one task; give --task one name") }
                let baseModel = try ModelFile.load(path: base, tasks: TaskRegistry.named)
                do {
                    model = try NPIModel.extending(baseModel, with: tasks[0], seed: recipe.seed)
                } catch {
                    throw NPIError("--base \(base): \(error)")
                }
                recipe.tasks = recipe.parts(task: tasks[0].name)
                if freezeCore { recipe.firstTrainableProgram = baseModel.network.configuration.programCount }
            } else {
                model = try NPIModel(tasks: tasks, configuration: sizes.configuration(for: tasks), seed: recipe.seed)
            }
            model.summary.command = commandLine
            return (model, TrainingRun(recipe: recipe, progress: TrainingProgress(epochGenerator: [])))
        }
        let model = try ModelFile.load(path: output, tasks: TaskRegistry.named)
        let trained = model.run?.recipe.tasks?.map(\.task) ?? model.tasks.map(\.name)
        guard trained == tasks.map(\.name) || !taskOptions.isExplicit else {
            let names = trained.joined(separator: ",")
            throw NPIError("\(output) is a run of \(names), not \(taskOptions.name); give --task \(names) or leave --task out")
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
        // A model of several tasks: each task's scores too.
        let perTask = report.taskScores.count < 2 ? "" : "  [" + report.taskScores.map { score in
            let long = score.lengthCheckCorrect.map { " long \($0)/\(score.lengthCheckCount)" } ?? ""
            return "\(score.task) \(score.heldOutCorrect)/\(score.heldOutCount)\(long)"
        }.joined(separator: ", ") + "]"
        return "epoch \(epochText)  \(numbers)\(exact)\(long)\(perTask)  ETA \(duration(remaining))"
    }

    private func finalMessage(trainer: Trainer, run: TrainingRun, lastReport: EpochReport?, elapsed: Double) {
        let epochs = trainer.progress.epochsDone
        guard let solvedAt = trainer.progress.solvedAtEpoch else {
            print("stopped after \(epochs) epochs before solving every held-out problem and training call; saved \(EchoedText.escapeLine(output))")
            return
        }
        guard trainer.progress.lastEpochSolved != false else {
            let heldOut = lastReport.map { " (held-out \($0.heldOutCorrect)/\($0.heldOutCount))" } ?? ""
            print(
                "stopped after \(epochs) epochs: solved after epoch \(solvedAt), but the last epoch's model is not\(heldOut); saved \(EchoedText.escapeLine(output)); raise --epochs and --resume to train until it is again"
            )
            return
        }
        print(
            "solved all \(trainer.heldOut.count) held-out problems and reproduced every training call after \(epochs) epochs, \(String(format: "%.1f", elapsed)) s; saved \(EchoedText.escapeLine(output))"
        )
        for score in lastReport?.taskScores ?? [] {
            guard let correct = score.lengthCheckCorrect, correct < score.lengthCheckCount else { continue }
            let size = run.recipe.parts(task: score.task).first { $0.task == score.task }?.lengthCheckSize ?? 0
            let task = (lastReport?.taskScores.count ?? 0) > 1 ? "\(score.task) " : ""
            print(
                "note: it fails \(score.lengthCheckCount - correct) of \(score.lengthCheckCount) \(task)problems of size \(size): it does not generalize to long problems; try --recursive or another --seed"
            )
        }
    }
}

/// `1:05` or `42s`.
func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    return whole >= 60 ? String(format: "%d:%02d", whole / 60, whole % 60) : "\(whole)s"
}
