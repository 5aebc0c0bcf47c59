// The batched evaluator on the countdown task: a finished problem's slot goes to the next one,
// and stepping problems together gives what stepping each alone gives.
@testable import NPICore
import NPINeural
import Testing

@Suite struct EvaluatorTests {
    let task = CountdownTask()
    // Counting down from n takes n + 1 core steps, so these finish at very different rounds.
    let problems = [9, 0, 7, 1, 1, 8, 2, 0, 5, 3, 9, 4].map { Problem([String($0)]) }

    @Test func refillsFinishedSlotsAndMatchesOneProblemAtATime() throws {
        let model = try #require(try task.trainedModel(), "the countdown task was not learned in 100 epochs")
        var evaluator = BatchedEvaluator(model: model)
        evaluator.batchSize = 3
        var finishedAfterEachRound: [Int] = []
        let results = evaluator.run(problems, progress: { finishedAfterEachRound.append($0) })

        #expect(results.map(\.problem) == problems)
        #expect(results.allSatisfy { $0.isCorrect })
        #expect(results.map(\.steps) == problems.map { Int($0.words[0])! + 1 })
        var alone = evaluator
        alone.batchSize = 1
        for (problem, result) in zip(problems, results) {
            #expect(alone.run([problem]) == [result])
        }
        // One progress call per round, never decreasing, ending with every problem finished.
        #expect(finishedAfterEachRound == finishedAfterEachRound.sorted())
        #expect(finishedAfterEachRound.last == problems.count)
        // Rounds as in list scheduling: each slot takes the next waiting problem as soon as
        // its own finishes (groups of 3 run to their longest problem would take 35 rounds).
        var slotFreeAt = [0, 0, 0]
        for steps in results.map(\.steps) {
            let slot = slotFreeAt.indices.min { slotFreeAt[$0] < slotFreeAt[$1] }!
            slotFreeAt[slot] += steps
        }
        #expect(finishedAfterEachRound.count == slotFreeAt.max()!)
        #expect(finishedAfterEachRound.count < 35)
    }

    @Test func stoppingMarksEveryUnfinishedProblemInterrupted() throws {
        let model = try #require(try task.trainedModel(), "the countdown task was not learned in 100 epochs")
        var evaluator = BatchedEvaluator(model: model)
        evaluator.batchSize = 4
        var rounds = 0
        let results = evaluator.run(problems, shouldStop: { rounds += 1; return rounds > 2 })
        #expect(results.map(\.problem) == problems)
        // Two rounds ran on 9, 0, 7, 1: the 0 finished in the first (its slot went to the next
        // 1), the first 1 in the second; everything else, running or waiting, is interrupted.
        #expect(results.indices.filter { results[$0].failure == nil } == [1, 3])
        #expect(results.filter { $0.failure == "interrupted" }.count == problems.count - 2)
    }
}
