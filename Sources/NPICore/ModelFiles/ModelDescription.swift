// A human-readable description of a model, for `npi info` and the shell's `info`.
import Foundation
import NPINeural

public enum ModelDescription {
    /// The most characters of a stored command line shown whole (a resumed model's chain of
    /// commands is a few hundred).
    static let commandLimit = 1_000

    /// Several lines: file, task, programs, sizes, parameters and how it was trained.
    public static func text(of model: NPIModel, path: String) -> String {
        let configuration = model.network.configuration
        let summary = model.summary
        var lines = [
            "model       \(path)",
            "checksum    " + (model.verifiedChecksum == nil ? "none (not written by npi: unchecked)" : "sha256 ok"),
            "task        \(model.task.name)",
            "programs    " + model.task.programs.programs.enumerated().map { id, spec in
                "\(id) \(spec.name)" + (spec.arity > 0 ? "/\(spec.arity)" : "")
            }.joined(separator: ", "),
            "f_enc       maxout \(model.task.encoderInputSize) -> \(configuration.encoderSize) x \(configuration.maxoutPieces) pieces",
            "core        \(configuration.coreLayers) LSTM layers of \(configuration.coreSize) (+ReLU), program embedding \(configuration.programEmbeddingSize), key \(configuration.keySize)",
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
