// A human-readable description of a model, for `npi info` and the shell's `info`.
import Foundation
import NPINeural

public enum ModelDescription {
    /// The most characters of a stored command line shown whole (a resumed model's chain of
    /// commands is a few hundred).
    static let commandLimit = 1_000

    /// Several lines: file, task (or tasks and environments), programs, sizes, parameters and
    /// how it was trained.
    public static func text(of model: NPIModel, path: String) -> String {
        let summary = model.summary
        var lines = [
            "model       \(EchoedText.escapeLine(path))",
            "checksum    " + (model.verifiedChecksum == nil ? "none (not written by npi: unchecked)" : "sha256 ok"),
        ]
        lines += model.tasks.count == 1 ? taskLines(of: model) : environmentLines(of: model)
        lines += [
            "parameters  \(model.parameterCount)",
            "optimizer   " + (model.optimizer.map { "Adam, \($0.step) updates, learning rate \($0.learningRate)" } ?? "none saved"),
        ]
        // The held-out score and the command line are text from the file: escaped and cut short.
        if summary.epochs > 0 {
            lines.append(
                "training    \(summary.epochs) epochs, \(summary.traceSteps) steps, held-out \(EchoedText.escape(summary.heldOut)), seed \(summary.seed)")
        }
        if let run = model.run {
            lines.append("run         " + describe(run))
        }
        if let first = model.history.first, let last = model.history.last {
            lines.append("history     " + describe(model.history.count, first, last))
        }
        if !summary.command.isEmpty {
            lines.append("command     \(EchoedText.escape(summary.command, limit: commandLimit))")
        }
        return lines.joined(separator: "\n")
    }

    /// A single-task model's task, programs, encoder and core.
    static func taskLines(of model: NPIModel) -> [String] {
        let configuration = model.network.configuration
        return [
            "task        \(model.task.name)",
            "programs    " + programList(model.task.programs),
            "f_enc       maxout \(model.task.encoderInputSize) -> \(configuration.encoderSize) x \(configuration.maxoutPieces) pieces",
            "core        \(configuration.coreLayers) LSTM layers of \(configuration.coreSize) (+ReLU), program embedding \(configuration.programEmbeddingSize), key \(configuration.keySize)",
        ]
    }

    /// A model of several tasks: its tasks, each environment's own encoder and programs, and
    /// what every task shares.
    static func environmentLines(of model: NPIModel) -> [String] {
        let configuration = model.network.configuration
        var lines = ["tasks       \(model.tasks.map(\.name).joined(separator: ", ")) (running \(model.task.name))"]
        for (index, environment) in model.environments.enumerated() {
            let inputs = configuration.environments[index]
            lines.append(
                "environment \(environment.name) (tasks \(environment.taskNames.joined(separator: ", "))): own \(inputs.encoderName) maxout \(configuration.encoderInputSize(environment: index)) -> \(configuration.encoderSize) x \(configuration.maxoutPieces) pieces; programs at memory rows \(rowRanges(inputs.programIDs)): \(programList(environment.programs))")
        }
        let lastArgument = configuration.argumentCount - 1
        lines.append(
            "shared      core (\(configuration.coreLayers) LSTM layers of \(configuration.coreSize), +ReLU), heads f_end, f_prog\(configuration.argumentCount > 0 ? ", f_arg.0-\(lastArgument)" : ""), program memory of \(configuration.programCount) programs (program_embedding \(configuration.programEmbeddingSize), program_keys \(configuration.keySize))")
        return lines
    }

    /// `0 NOP, 1 MOVE_PTR/2, ...`: ids, names and arities.
    static func programList(_ programs: ProgramTable) -> String {
        programs.programs.enumerated().map { id, spec in
            "\(id) \(spec.name)" + (spec.arity > 0 ? "/\(spec.arity)" : "")
        }.joined(separator: ", ")
    }

    /// `8-17, 20-21`: rows as runs of consecutive numbers.
    static func rowRanges(_ rows: [Int]) -> String {
        var runs: [(Int, Int)] = []
        for row in rows {
            if let last = runs.last, last.1 + 1 == row { runs[runs.count - 1].1 = row } else { runs.append((row, row)) }
        }
        return runs.map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)-\($0.1)" }.joined(separator: ", ")
    }

    /// The training history in one line: its points and how loss and held-out score moved.
    static func describe(_ count: Int, _ first: TrainingHistoryPoint, _ last: TrainingHistoryPoint) -> String {
        let loss = { (point: TrainingHistoryPoint) in String(format: "%.4g", point.loss) }
        return "\(count) points to epoch \(String(format: "%.4g", last.epochs)), \(String(format: "%.1f", last.seconds)) s: "
            + "loss \(loss(first)) -> \(loss(last)), held-out \(first.heldOutCorrect)/\(first.heldOutTried) -> "
            + "\(last.heldOutCorrect)/\(last.heldOutTried)"
    }

    /// Where a checkpoint's run is: `finished`, or where `npi train --resume` goes on from.
    static func describe(_ run: TrainingRun) -> String {
        let progress = run.progress
        if run.isFinished {
            let why = progress.solvedAtEpoch.map { "solved after epoch \($0)" } ?? "all \(run.recipe.options.epochs) epochs done"
            return "finished (\(why)); --resume with a higher --epochs or --extra-epochs trains it further"
        }
        let position = progress.batchesDone == 0
            ? "after epoch \(progress.epochsDone)"
            : "in epoch \(progress.epochsDone + 1), \(progress.batchesDone) batches done"
        return "stopped \(position) of at most \(run.recipe.options.epochs); 'npi train --resume' continues it exactly"
    }
}
