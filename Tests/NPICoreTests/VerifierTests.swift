// The verifier (Cai, Shin & Song 2017, section 3.3) on the countdown task: it finds a wrong model's
// mismatches, agrees with step-by-step execution, and passes a model that matches the teacher.
@testable import NPICore
import NPINeural
import Testing

@Suite struct VerifierTests {
    let task = CountdownTask()
    let problems = CountdownTask.problems

    @Test func collectsOneSequencePerDistinctCallInputs() throws {
        let set = try task.callSequences(of: problems + problems.reversed())
        #expect(set.sequences.count == 10)
        let three = try #require(set.sequences.first { $0.problem == Problem(["3"]) })
        #expect(three.inputs == CallInputs(call: Call(CountdownTask.countdown), observations: [[3], [2], [1], [0]]))
        #expect(three.decisions.map(\.returns) == [false, false, false, true])
        #expect(set.inputs.count == 10)
    }

    @Test func refusesATeacherThatDecidesDifferentlyOnTheSameInputs() throws {
        func trace(returns: Bool) -> [TraceStep] {
            [TraceStep(number: 1, depth: 0, frameID: 0, current: Call(CountdownTask.countdown), observation: [0],
                decision: Decision(call: nil, returns: returns))]
        }
        var set = CallSequenceSet()
        try set.add(trace: trace(returns: true), problem: Problem(["a"]), programs: task.programs)
        try set.add(trace: trace(returns: true), problem: Problem(["b"]), programs: task.programs)
        #expect(set.sequences.count == 1)
        #expect(throws: NPIError.self) {
            try set.add(trace: trace(returns: false), problem: Problem(["c"]), programs: task.programs)
        }
    }

    /// A fresh model is wrong somewhere, and the batched teacher-forced path the verifier uses
    /// decides exactly as the model does when it executes one step at a time.
    @Test func findsTheMismatchesOfAnUntrainedModelAsExecutionWouldMeetThem() throws {
        let model = task.smallModel(seed: 5)
        let set = try task.callSequences(of: problems)
        let report = Verifier(model: model).verify(set)
        #expect(!report.isVerified)
        #expect(report.sequenceCount == 10)
        #expect(report.tallies == [ProgramTally(program: CountdownTask.countdown, sequences: 10, matching: 10 - report.mismatches.count)])
        let policy = ModelPolicy(model: model)
        var expectedMismatches: [(problem: Problem, step: Int)] = []
        for sequence in set.sequences {
            var state = policy.beginCall(sequence.inputs.call)
            for (step, observation) in sequence.inputs.observations.enumerated() {
                let decision = try policy.decide(
                    &state, call: sequence.inputs.call, environment: CounterEnvironment(value: observation[0]))
                if !decision.agrees(with: sequence.decisions[step], programs: task.programs) {
                    expectedMismatches.append((sequence.problem, step))
                    break
                }
            }
        }
        #expect(report.mismatches.map(\.sequence.problem) == expectedMismatches.map(\.problem))
        #expect(report.mismatches.map(\.step) == expectedMismatches.map(\.step))
        let line = task.programs.describe(report.mismatches[0])
        #expect(line.hasPrefix("COUNTDOWN on ("))
        #expect(line.contains("teacher ") && line.contains(", model "))
    }

    @Test func verifiesAModelTrainedUntilItReproducesEveryTrainingCall() throws {
        let model = try #require(try task.trainedModel(), "the countdown task was not learned in 100 epochs")
        let report = Verifier(model: model).verify(try task.callSequences(of: problems))
        #expect(report.isVerified)
        #expect(report.tallies.allSatisfy { $0.matching == $0.sequences })
        #expect(report.minimumMargin > 0)
        // Matching every call of these problems means solving them, as the induction predicts.
        let results = BatchedEvaluator(model: model).run(problems)
        #expect(results.filter(\.isCorrect).count == problems.count)
    }
}
