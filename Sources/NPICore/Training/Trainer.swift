// Teacher-forced training on bucketed call batches, with held-out checks (section 3.2 of the paper).
import Foundation
import NPINeural

/// The knobs of a training run; the defaults are the recipe `npi train` uses.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var epochs = 100
    /// Calls per batch (calls of equal length are stacked).
    public var batchSize = 16
    public var learningRate: Double = 1e-3
    /// The learning rate is halved after `patience` epochs without held-out improvement...
    public var patience = 10
    /// ...but not below this.
    public var minimumLearningRate: Double = 1e-5
    /// Global gradient-norm clip.
    public var clipNorm: Double = 5
    public var seed: UInt64 = 1
    /// Held-out checks within an epoch, until the held-out problems are first all solved, so a
    /// working model is noticed (and can be saved) without waiting for the epoch to end. They
    /// only read the model: training is the same with any number of them.
    public var checksPerEpoch = 8

    public init() {}
}

/// What one epoch did.
public struct EpochReport: Sendable {
    public var epoch: Int
    /// Mean loss per core step.
    public var loss: Double
    public var steps: Int
    public var seconds: Double
    public var heldOutCorrect: Int
    public var heldOutCount: Int
    public var learningRate: Double
    /// Training calls not reproduced exactly under teacher forcing; checked only once every
    /// held-out problem is solved (nil otherwise).
    public var mismatchedCalls: Int?
    /// Length-check problems solved; checked only once every held-out problem and training
    /// call is right (nil otherwise). Reported, not part of `isSolved`: it says whether the
    /// model generalizes in length, which more epochs on short problems may not change.
    public var lengthCheckCorrect: Int?
    public var lengthCheckCount: Int
    /// The epoch was cut short by a stop request.
    public var interrupted: Bool

    /// Each task's part of the held-out and length checks, in the model's task order (one entry
    /// for a single-task model).
    public var taskScores: [TaskScore] = []

    public var stepsPerSecond: Double { seconds > 0 ? Double(steps) / seconds : 0 }
    public var heldOutPerfect: Bool { heldOutCorrect == heldOutCount }
    /// Done: every held-out problem solved and every training call reproduced exactly.
    public var isSolved: Bool { heldOutPerfect && mismatchedCalls == 0 }
}

/// The problems one task of a model is checked on while it trains.
public struct TaskChecks {
    /// One of the model's tasks.
    public var task: any NPITask
    public var heldOut: [Problem]
    /// Problems much longer than the training ones (see `Trainer.lengthCheck`).
    public var lengthCheck: [Problem]

    public init(task: any NPITask, heldOut: [Problem], lengthCheck: [Problem] = []) {
        self.task = task
        self.heldOut = heldOut
        self.lengthCheck = lengthCheck
    }
}

/// One task's held-out score and, when it was run, its length-check score.
public struct TaskScore: Sendable, Equatable {
    public var task: String
    public var heldOutCorrect: Int
    public var heldOutCount: Int
    public var lengthCheckCorrect: Int?
    public var lengthCheckCount: Int
}

/// Trains a model's network on teacher traces, one epoch at a time, from the start or from a
/// checkpoint's `TrainingProgress` (then exactly as the uninterrupted run would have).
public final class Trainer {
    public let model: NPIModel
    public let batches: CallBatches
    /// Each task's held-out and length-check problems.
    public let checks: [TaskChecks]
    /// Every task's held-out problems.
    public let heldOut: [Problem]
    /// Problems much longer than the training ones, run greedily once the model is solved and
    /// never trained on: a model can be exact on short problems and still fail on long ones.
    public let lengthCheck: [Problem]
    public let options: TrainingOptions
    /// Where the run is; saved with every checkpoint.
    public private(set) var progress: TrainingProgress
    /// Epochs of training (fractional when seen within an epoch) after which every held-out
    /// problem was first solved; nil until then.
    public var heldOutFirstSolvedAt: Double? { progress.heldOutFirstSolvedAt }
    /// When this trainer started, and the training seconds of the run's earlier parts (a
    /// resumed run's history goes on from its checkpoint's).
    private let started = Date()
    private let earlierSeconds: Double

    /// Prepares to train a single-task `model` (keeping its optimizer state if it has one) on
    /// `calls`, from the start, or from `progress` when resuming a checkpoint.
    public convenience init(
        model: NPIModel, calls: [TrainingCall], heldOut: [Problem], lengthCheck: [Problem] = [],
        options: TrainingOptions, progress: TrainingProgress? = nil
    ) {
        self.init(
            model: model, calls: calls,
            checks: [TaskChecks(task: model.task, heldOut: heldOut, lengthCheck: lengthCheck)],
            options: options, progress: progress)
    }

    /// Prepares to train `model` on `calls` (of all its tasks, each marked with its environment),
    /// checking each task on its own problems.
    public init(
        model: NPIModel, calls: [TrainingCall], checks: [TaskChecks], options: TrainingOptions,
        progress: TrainingProgress? = nil
    ) {
        self.model = model
        self.batches = CallBatches(calls: calls, batchSize: options.batchSize)
        self.checks = checks
        self.heldOut = checks.flatMap(\.heldOut)
        self.lengthCheck = checks.flatMap(\.lengthCheck)
        self.options = options
        self.progress = progress
            ?? TrainingProgress(epochGenerator: SeededGenerator(seed: options.seed &+ 0x5EED).stateWords)
        self.earlierSeconds = model.history.last?.seconds ?? 0
        if model.optimizer == nil {
            model.optimizer = Adam<Float>(
                parameters: model.network.parameters, learningRate: Float(options.learningRate),
                clipNorm: Float(options.clipNorm))
        }
    }

    /// Runs the rest of the epoch under way (all of it between epochs), then checks the
    /// held-out problems.
    ///
    /// `progress` gets the fraction of the epoch done after each batch, when `self.progress`
    /// is a consistent checkpoint; `shouldStop` is asked after each batch, and a true answer
    /// ends the epoch early (the caller then saves; a later run resumes at the next batch).
    /// `heldOutSolved` hears the epochs trained (fractional) when a check within the epoch first
    /// finds every held-out problem solved; the end-of-epoch check is in the report instead.
    public func runEpoch(
        progress report: (Double) -> Void = { _ in }, shouldStop: () -> Bool = { false },
        heldOutSolved: (Double) -> Void = { _ in }
    ) -> EpochReport {
        let epochStarted = Date(), stepsBefore = progress.epochSteps
        let parameters = model.network.parameters
        var interrupted = false
        var generator = SeededGenerator(stateWords: progress.epochGenerator)!
        let epochBatches = batches.epoch(using: &generator)
        let checkpoints = Set((1..<max(1, options.checksPerEpoch)).map { $0 * epochBatches.count / options.checksPerEpoch })
        for index in progress.batchesDone..<epochBatches.count {
            let batch = epochBatches[index]
            let batchSteps = batch.length * batch.programs.count
            zeroGradients(parameters)
            progress.epochLoss += model.network.accumulateGradients(batch, scale: 1 / Float(batchSteps))
            model.optimizer!.update(parameters)
            progress.epochSteps += batchSteps
            progress.batchesDone = index + 1
            model.summary.traceSteps += batchSteps
            let done = Double(index + 1) / Double(epochBatches.count)
            if progress.heldOutFirstSolvedAt == nil, checkpoints.contains(index + 1) {
                let epochSeconds = Date().timeIntervalSince(epochStarted)
                let check = checkHeldOut()
                let epochs = Double(progress.epochsDone) + done
                record(
                    epochs: epochs, epochSeconds: epochSeconds, stepsDone: progress.epochSteps - stepsBefore,
                    loss: progress.epochLoss / Double(progress.epochSteps), heldOut: check, isEpochEnd: false)
                if check.correct == heldOut.count {
                    progress.heldOutFirstSolvedAt = epochs
                    model.summary.heldOut = "\(heldOut.count)/\(heldOut.count)"
                    heldOutSolved(epochs)
                }
            }
            report(done)
            if shouldStop() && index + 1 < epochBatches.count {
                interrupted = true
                break
            }
        }
        let seconds = Date().timeIntervalSince(epochStarted)
        let loss = progress.epochSteps > 0 ? progress.epochLoss / Double(progress.epochSteps) : 0
        let steps = progress.epochSteps
        guard !interrupted else {
            return EpochReport(
                epoch: progress.epochsDone + 1, loss: loss, steps: steps, seconds: seconds, heldOutCorrect: 0,
                heldOutCount: heldOut.count, learningRate: Double(model.optimizer!.learningRate),
                mismatchedCalls: nil, lengthCheckCorrect: nil, lengthCheckCount: lengthCheck.count,
                interrupted: true)
        }
        // The epoch is done: the next one starts from where its batch order left the generator.
        progress.epochsDone += 1
        progress.batchesDone = 0
        progress.epochLoss = 0
        progress.epochSteps = 0
        progress.epochGenerator = generator.stateWords
        var scores = checks.map { check in
            TaskScore(
                task: check.task.name, heldOutCorrect: solvedCount(check.heldOut, task: check.task),
                heldOutCount: check.heldOut.count, lengthCheckCorrect: nil, lengthCheckCount: check.lengthCheck.count)
        }
        let correct = scores.reduce(0) { $0 + $1.heldOutCorrect }
        adjustLearningRate(heldOutCorrect: correct)
        if correct == heldOut.count && progress.heldOutFirstSolvedAt == nil {
            progress.heldOutFirstSolvedAt = Double(progress.epochsDone)
        }
        let mismatches = correct == heldOut.count ? teacherForcedMismatches() : nil
        var longCorrect: Int?
        if mismatches == 0 && !lengthCheck.isEmpty {
            for (index, check) in checks.enumerated() {
                scores[index].lengthCheckCorrect = solvedCount(check.lengthCheck, task: check.task)
            }
            longCorrect = scores.reduce(0) { $0 + ($1.lengthCheckCorrect ?? 0) }
        }
        model.summary.epochs += 1
        model.summary.heldOut = "\(correct)/\(heldOut.count)"
        record(
            epochs: Double(progress.epochsDone), epochSeconds: seconds, stepsDone: steps - stepsBefore, loss: loss,
            heldOut: (correct, heldOut.count),
            lengthCheck: longCorrect.map { ($0, lengthCheck.count) }, isEpochEnd: true)
        var epochReport = EpochReport(
            epoch: progress.epochsDone, loss: loss, steps: steps, seconds: seconds, heldOutCorrect: correct,
            heldOutCount: heldOut.count, learningRate: Double(model.optimizer!.learningRate),
            mismatchedCalls: mismatches, lengthCheckCorrect: longCorrect, lengthCheckCount: lengthCheck.count,
            interrupted: false)
        epochReport.taskScores = scores
        if epochReport.isSolved && progress.solvedAtEpoch == nil { progress.solvedAtEpoch = progress.epochsDone }
        progress.lastEpochSolved = epochReport.isSolved
        return epochReport
    }

    /// How many training calls the model does not reproduce exactly under teacher forcing:
    /// some step's greedy return flag, program or (read) argument differs from the teacher's.
    public func teacherForcedMismatches() -> Int {
        batches.inOrder(size: 256).reduce(0) { count, batch in
            let programs = model.task(inEnvironment: batch.environment).programs
            return count + model.teacherForcedSteps(batch).filter { !$0.allSatisfy { $0.agrees(programs: programs) } }.count
        }
    }

    /// How many held-out problems the model now solves, of those tried. A few problems are tried
    /// first and the rest only if those are all solved, so a check early in training, when some
    /// of them fail, costs little.
    private func checkHeldOut() -> (correct: Int, tried: Int) {
        var sampleCorrect = 0, sampleCount = 0
        for check in checks {
            let sample = Array(check.heldOut.prefix(quickCheckCount))
            sampleCorrect += solvedCount(sample, task: check.task)
            sampleCount += sample.count
        }
        guard sampleCorrect == sampleCount else { return (sampleCorrect, sampleCount) }
        let rest = checks.reduce(0) { $0 + solvedCount(Array($1.heldOut.dropFirst(quickCheckCount)), task: $1.task) }
        return (sampleCorrect + rest, heldOut.count)
    }

    /// Adds a point to the model's history; `epochSeconds` and `stepsDone` are the training time
    /// and core steps of this run's part of the epoch so far, checks not included.
    private func record(
        epochs: Double, epochSeconds: Double, stepsDone: Int, loss: Double,
        heldOut: (correct: Int, tried: Int), lengthCheck: (correct: Int, count: Int)? = nil, isEpochEnd: Bool
    ) {
        model.history.append(TrainingHistoryPoint(
            epochs: epochs, seconds: earlierSeconds + Date().timeIntervalSince(started), loss: loss,
            stepsPerSecond: epochSeconds > 0 ? Double(stepsDone) / epochSeconds : 0,
            heldOutCorrect: heldOut.correct, heldOutTried: heldOut.tried,
            lengthCheckCorrect: lengthCheck?.correct, lengthCheckCount: lengthCheck?.count, isEpochEnd: isEpochEnd))
    }

    /// How many of each task's held-out problems a check within an epoch tries before all of them.
    private let quickCheckCount = 20

    /// How many of `problems`, of `task`, the model now solves greedily.
    private func solvedCount(_ problems: [Problem], task: any NPITask) -> Int {
        BatchedEvaluator(model: model, task: task).run(problems).filter(\.isCorrect).count
    }

    /// Halves the learning rate after `patience` epochs without a better held-out score.
    /// Exact-match scores sit at 0 early in training and a perfect score cannot improve, so
    /// neither counts as a plateau.
    private func adjustLearningRate(heldOutCorrect correct: Int) {
        if correct == 0 || correct == heldOut.count || correct > progress.bestHeldOut {
            progress.bestHeldOut = correct
            progress.epochsSinceBest = 0
            return
        }
        progress.epochsSinceBest += 1
        if progress.epochsSinceBest >= options.patience {
            let lowered = max(Double(model.optimizer!.learningRate) / 2, options.minimumLearningRate)
            model.optimizer!.learningRate = Float(lowered)
            progress.epochsSinceBest = 0
        }
    }
}
