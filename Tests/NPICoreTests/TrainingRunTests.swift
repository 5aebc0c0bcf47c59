// When a training run is over: solved, its extra epochs done, and its last epoch still solved.
import NPICore
import Testing

private func run(solvedAt: Int?, epochsDone: Int, lastEpochSolved: Bool?, epochs: Int = 100) -> TrainingRun {
    var options = TrainingOptions()
    options.epochs = epochs
    let recipe = TrainingRecipe(
        count: 10, maxSize: 3, seed: 1, heldOut: 5, data: nil, dataDigest: nil, lengthCheckSize: 0,
        lengthCheckCount: 0, extraEpochs: 3, options: options)
    var progress = TrainingProgress(epochGenerator: [1, 2, 3, 4])
    progress.epochsDone = epochsDone
    progress.solvedAtEpoch = solvedAt
    progress.lastEpochSolved = lastEpochSolved
    return TrainingRun(recipe: recipe, progress: progress)
}

@Test func aRunStopsItsExtraEpochsAfterBeingSolvedOnlyOnASolvedEpoch() {
    #expect(!run(solvedAt: 5, epochsDone: 7, lastEpochSolved: true).isFinished)
    #expect(run(solvedAt: 5, epochsDone: 8, lastEpochSolved: true).isFinished)
    // The extra epochs lost the solution: training goes on until an epoch has it again.
    #expect(!run(solvedAt: 5, epochsDone: 8, lastEpochSolved: false).isFinished)
    #expect(!run(solvedAt: 5, epochsDone: 11, lastEpochSolved: false).isFinished)
    #expect(run(solvedAt: 5, epochsDone: 12, lastEpochSolved: true).isFinished)
    // A file written before the flag was recorded keeps its finished state.
    #expect(run(solvedAt: 5, epochsDone: 8, lastEpochSolved: nil).isFinished)
    // The epoch limit ends any run.
    #expect(run(solvedAt: 5, epochsDone: 10, lastEpochSolved: false, epochs: 10).isFinished)
    #expect(run(solvedAt: nil, epochsDone: 10, lastEpochSolved: false, epochs: 10).isFinished)
    #expect(!run(solvedAt: nil, epochsDone: 9, lastEpochSolved: false, epochs: 10).isFinished)
}
