import Foundation
import NPICore
import NPINeural
import NPITasks
import Testing

/// The divergence report over many problems against `diff --all` one problem at a time, and
/// the probabilities a model step records, on the shipped under-trained addition model.
@Suite struct DivergenceStatisticsTests {
    /// The model file, loaded anew by each test (a model is not shared across test threads).
    static var undertrained: NPIModel {
        try! ModelFile.load(
            path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Samples/models/addition-undertrained.safetensors").path,
            tasks: TaskRegistry.named)
    }

    static func problems(count: Int, seed: UInt64) -> [Problem] {
        let task = AdditionTask()
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in task.randomProblem(sizes: 1...5, using: &generator) }
    }

    @Test func theReportCountsWhatDiffAllCountsProblemByProblem() throws {
        let model = DivergenceStatisticsTests.undertrained
        let task = model.task
        let problems = DivergenceStatisticsTests.problems(count: 60, seed: 11)
        let report = try #require(try DivergenceStatistics(model: model).run(problems))
        var steps: [ProgramID: Int] = [:]
        var differing: [ProgramID: Int] = [:]
        for problem in problems {
            let forced = try ExecutionDiff.teacherForcedDisagreements(
                model: model, problem: problem, returnThreshold: 0.5, limits: task.executionLimits(for: problem))
            for step in try task.teacherTrace(for: problem).steps { steps[step.current.program, default: 0] += 1 }
            for disagreement in forced.disagreements {
                differing[disagreement.teacherStep.current.program, default: 0] += 1
            }
        }
        #expect(report.problems == 60)
        #expect(report.differing > 0, "the under-trained model makes mistakes")
        for tally in report.counts {
            #expect(tally.steps == steps[tally.program], "\(task.programs[tally.program].name) steps")
            #expect(tally.differing == differing[tally.program, default: 0], "\(task.programs[tally.program].name) differing")
            // Each differing step differs in at least one kind, and no kind counts more steps.
            let kinds = tally.returnFlag + tally.programChoice + tally.arguments.reduce(0, +)
            #expect(kinds >= tally.differing)
            #expect([tally.returnFlag, tally.programChoice].allSatisfy { $0 <= tally.differing })
        }
        #expect(Set(report.counts.map(\.program)) == Set(steps.keys))
        // The places partition the steps: their occurrences add up to every step, and every
        // differing step is in one.
        #expect(report.hotspots.reduce(0) { $0 + $1.differing } == report.differing)
        #expect(zip(report.hotspots, report.hotspots.dropFirst()).allSatisfy { $0.differing >= $1.differing })
    }

    @Test func problemsAreDrawnOneAtATimeAndCountedAsFromAList() throws {
        let model = DivergenceStatisticsTests.undertrained
        let problems = DivergenceStatisticsTests.problems(count: 40, seed: 9)
        var drawn = 0
        var mostDrawnAhead = 0
        let lazily = problems.lazy.map { problem -> Problem in
            drawn += 1
            return problem
        }
        var progressCalls = 0
        let streamed = try #require(try DivergenceStatistics(model: model).run(lazily, count: problems.count) { fraction in
            // Until half-way, one call per problem traced: the problems drawn so far are that many.
            if fraction <= 0.5 {
                progressCalls += 1
                mostDrawnAhead = max(mostDrawnAhead, drawn - progressCalls)
            }
        })
        #expect(mostDrawnAhead == 0, "a problem is drawn only when the one before it is counted")
        let listed = try #require(try DivergenceStatistics(model: model).run(problems))
        #expect(streamed.problems == 40)
        #expect(streamed.counts == listed.counts)
        #expect(streamed.hotspots == listed.hotspots)
    }

    @Test func theTableSumsUpAndNamesItsColumns() throws {
        let model = DivergenceStatisticsTests.undertrained
        let report = try #require(try DivergenceStatistics(model: model).run(DivergenceStatisticsTests.problems(count: 20, seed: 3)))
        let lines = report.lines(task: model.task)
        #expect(lines[0].hasPrefix("teacher-forced on 20 problems: \(report.steps) steps, \(report.differing) decided differently"))
        #expect(lines[1].hasPrefix("program    steps   differ   return  program    arg 1    arg 2"), "\(lines[1])")
    }

    @Test func aStepRecordsWholeDistributionsAndItsPIsTheirProduct() throws {
        let model = DivergenceStatisticsTests.undertrained
        let task = model.task
        for problem in DivergenceStatisticsTests.problems(count: 5, seed: 5) {
            let run = Interpreter(
                task: task, environment: task.makeEnvironment(for: problem), policy: ModelPolicy(model: model),
                limits: task.executionLimits(for: problem))
            var steps: [TraceStep] = []
            while let step = try? run.step() { steps.append(step) }
            let record = TraceRecord(task: task, problem: problem, steps: steps, output: run.environment.output)
            for (step, recorded) in zip(steps, record.steps) {
                let confidence = try #require(step.decision.confidence)
                #expect(abs(confidence.programProbabilities.reduce(0, +) - 1) < 1e-5)
                for head in confidence.argumentProbabilities { #expect(abs(head.reduce(0, +) - 1) < 1e-5) }
                #expect((0...1).contains(confidence.returnProbability))
                let chosen = step.decision.call ?? Call(task.programs.nopID)
                var product = confidence.programProbabilities[chosen.program]
                for slot in 0..<task.programs[chosen.program].arity {
                    product *= confidence.argumentProbabilities[slot][chosen.arguments[slot]]
                }
                #expect(task.programs.decisionProbability(of: step) == product)
                #expect(recorded.decisionProbability == product)
                let factors = [try #require(recorded.callProbability)] + (recorded.argumentProbabilities ?? [])
                #expect(abs(factors.reduce(1, *) - product) < 1e-12)
                #expect(recorded.argumentProbabilities?.count == task.programs[chosen.program].arity)
                #expect(task.programs.formatStep(step).contains(String(format: "p=%.2f", product)))
            }
        }
    }
}
