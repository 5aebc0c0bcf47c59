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
        #expect(results.filter { $0.failure == .interrupted }.count == problems.count - 2)
    }

    @Test func drawsEachProblemOnlyWhenASlotFreesUp() throws {
        let model = try #require(try task.trainedModel(), "the countdown task was not learned in 100 epochs")
        var evaluator = BatchedEvaluator(model: model)
        evaluator.batchSize = 3
        var drawn = 0
        let lazily = sequence(state: problems.makeIterator()) { (iterator: inout IndexingIterator<[Problem]>) -> Problem? in
            let next = iterator.next()
            if next != nil { drawn += 1 }
            return next
        }
        var streamed = [ProblemResult?](repeating: nil, count: problems.count)
        var finished = 0
        var mostDrawnAhead = 0
        let completed = evaluator.run(lazily) { index, result in
            #expect(streamed[index] == nil, "problem \(index) reported twice")
            streamed[index] = result
            finished += 1
            // The problems drawn are the finished ones and the batch: never the whole list.
            mostDrawnAhead = max(mostDrawnAhead, drawn - finished)
        }
        #expect(completed)
        #expect(mostDrawnAhead <= evaluator.batchSize)
        #expect(streamed.map { $0 } == evaluator.run(problems).map { $0 })
    }

    @Test func randomProblemsTakenInPartsAreThoseOfOneGenerator() {
        let random = RandomProblems(task: task, seed: 42)
        let parts = Array(random.next(3, sizes: 1...1)) + Array(random.next(0, sizes: 5...5)) + Array(random.next(4, sizes: 2...3))
        var generator = SeededGenerator(seed: 42)
        let oneByOne = (0..<3).map { _ in task.randomProblem(sizes: 1...1, using: &generator) }
            + (0..<4).map { _ in task.randomProblem(sizes: 2...3, using: &generator) }
        #expect(parts == oneByOne)
        #expect(Set(parts).count > 1, "the countdown task draws different problems")
    }

    @Test func anAccuracyRowNamesTheEarliestFailureWhateverOrderResultsArriveIn() {
        func result(_ value: String, correct: Bool) -> ProblemResult {
            ProblemResult(problem: Problem([value]), output: correct ? "0" : "1", expected: "0", steps: 1, failure: nil)
        }
        var tally = AccuracyTally()
        tally.add(result("7", correct: false), at: 4)
        tally.add(result("5", correct: true), at: 0)
        tally.add(result("3", correct: false), at: 2)
        tally.add(result("8", correct: false), at: 3)
        #expect(tally.count == 4)
        #expect(tally.correct == 1)
        #expect(tally.firstFailure?.index == 2)
        #expect(AccuracyReport.row(size: 1, tally: tally, task: task).hasSuffix("accuracy=25.00%  3 -> '1'"))
    }

    @Test func aFailureStoppedByALimitGetsTheFrontEndsHint() throws {
        let model = try #require(try task.trainedModel(), "the countdown task was not learned in 100 epochs")
        var evaluator = BatchedEvaluator(model: model)
        evaluator.maxSteps = 3
        let result = try #require(evaluator.run([Problem(["9"])]).first)
        #expect(result.failure == .limit(.steps(3)))
        let hint = { (limit: ExecutionLimitError) -> String? in
            guard case .steps = limit else { return nil }
            return "raise it with --max-steps N"
        }
        #expect(AccuracyReport.describeFailure(result, task: task).hasSuffix("; step limit reached (3 steps)"))
        #expect(AccuracyReport.describeFailure(result, task: task, hint: hint)
            .hasSuffix("; step limit reached (3 steps); raise it with --max-steps N"))
    }
}
