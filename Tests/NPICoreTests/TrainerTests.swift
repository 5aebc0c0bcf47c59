import NPICore
import NPINeural
import Testing

/// The trainer on the tiny countdown task: it learns, and its learning-rate schedule.
@Suite struct TrainerTests {
    let task = CountdownTask()

    func trainer(patience: Int, checksPerEpoch: Int = TrainingOptions().checksPerEpoch) throws -> Trainer {
        var configuration = NPIModel.defaultConfiguration(for: task)
        configuration.coreSize = 16
        configuration.encoderSize = 8
        configuration.maxoutPieces = 2
        let model = NPIModel(task: task, configuration: configuration, seed: 3)
        let problems = (0...9).map { Problem([String($0)]) }
        var options = TrainingOptions()
        options.patience = patience
        options.batchSize = 4
        options.learningRate = 0.01
        options.checksPerEpoch = checksPerEpoch
        return Trainer(
            model: model, calls: try TrainingData.calls(task: task, problems: problems),
            heldOut: problems, lengthCheck: [Problem(["30"]), Problem(["45"])], options: options)
    }

    @Test func learnsTheTaskAndNeverLowersTheRateOnceHeldOutIsPerfect() throws {
        let trainer = try trainer(patience: 2)
        var solvedAt: Int?
        for epoch in 1...60 {
            let report = trainer.runEpoch()
            if report.heldOutPerfect && solvedAt == nil { solvedAt = epoch }
            if solvedAt != nil { #expect(report.heldOutPerfect) }
            // The length check runs only once solved, and never decides whether it is.
            #expect((report.lengthCheckCorrect != nil) == report.isSolved)
            #expect(report.lengthCheckCount == 2)
            if solvedAt != nil && epoch >= solvedAt! + 3 { break }
        }
        _ = try #require(solvedAt, "the countdown task was not learned in 60 epochs")
        let rateWhenSolved = trainer.model.optimizer!.learningRate
        for _ in 0..<3 { _ = trainer.runEpoch() }
        #expect(trainer.model.optimizer!.learningRate == rateWhenSolved)
        #expect(trainer.teacherForcedMismatches() == 0)
    }

    @Test func checksWithinAnEpochSpotTheFirstSolveWithoutChangingTraining() throws {
        // More checks than batches: a check after every batch.
        let checked = try trainer(patience: 10, checksPerEpoch: 100)
        let unchecked = try trainer(patience: 10, checksPerEpoch: 0)
        var heard: [Double] = []
        for _ in 1...60 {
            let report = checked.runEpoch(heldOutSolved: { heard.append($0) })
            let plain = unchecked.runEpoch(heldOutSolved: { _ in Issue.record("no checks were asked for") })
            #expect(report.loss == plain.loss && report.heldOutCorrect == plain.heldOutCorrect)
            if report.isSolved { break }
        }
        #expect(
            checked.model.network.parameters.map(\.value) == unchecked.model.network.parameters.map(\.value),
            "checks only read the model")
        // Seen within an epoch, once; without checks, at an epoch's end.
        let first = try #require(checked.heldOutFirstSolvedAt)
        #expect(heard == [first])
        var generator = SeededGenerator(seed: 0)
        let batches = Double(checked.batches.epoch(using: &generator).count)
        #expect(first != first.rounded(.down) && (batches * first).rounded() == batches * first)
        let whole = try #require(unchecked.heldOutFirstSolvedAt)
        #expect(whole == whole.rounded() && first < whole)
    }
}
