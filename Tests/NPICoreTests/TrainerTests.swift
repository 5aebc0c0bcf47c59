import NPICore
import NPINeural
import Testing

/// The trainer on the tiny countdown task: it learns, and its learning-rate schedule.
@Suite struct TrainerTests {
    let task = CountdownTask()

    func trainer(patience: Int) throws -> Trainer {
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
}
