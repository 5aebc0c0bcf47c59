// The viewer's alignment is the shell's (diff's first divergence, diff --all's disagreements, the
// teacher followed beside the model, forced steps forced again), and each step's recorded grid
// changes replay to the environment's own states, for every task.
import NPICore
import NPITasks
import Testing

@testable import NPIView

@Suite struct ExecutionComparisonTests {
    @Test func theUndertrainedModelDivergesWhereDiffSaysAndWhyExplainsIt() throws {
        let compared = try comparison("addition-undertrained", ["128", "256"])
        #expect(compared.firstDivergence?.teacherStep.number == 2)
        #expect(compared.agreedSteps == 1)
        #expect(compared.leftTeacherAt == 2, "the teacher followed beside the model leaves it where diff says")
        #expect(compared.model.steps.count == 20 && compared.teacher.steps.count == 26)
        #expect(compared.model.output == "383" && compared.teacher.output == "384")
        #expect(compared.teacherForced.map(\.teacherStep.number) == [2, 19, 26])
        let data = ViewData(compared)
        // The README's session shows the shell printing exactly these.
        #expect(data.divergence.lines == [
            "diverged at step 2 after 1 agreeing step", "stack    ADD > ADD1",
            "teacher  WRITE(1,4)  (model p=0.29, r=0.12)", "model    WRITE(1,3)  (model p=0.37, r=0.12)",
        ])
        #expect(data.teacherForced.summary == "3 of 26 steps disagree: ADD 2, ADD1 1")
        let why = try #require(data.model.steps[1].model)
        #expect(why.returnProbability == 1210 && why.probability == 3722)
        #expect(Array(why.programProbabilities.prefix(3)) == [2, 13, 9909])
        #expect(why.explanation == [
            "teacher   WRITE(1,4)  p=0.2918 (0.9909 × 0.9996 × 0.2946)",
            "lost      on argument 2: 4 0.2946 against 3 0.3757 (by 0.0811)",
        ])
        #expect(data.model.steps[0].model?.explanation == nil, "where the teacher agrees, the page says so itself")
    }

    @Test func forcedStepsTakeTheTeacherDecisionAgain() throws {
        let compared = try comparison("addition-undertrained", ["128", "256"], forcedSteps: [2])
        let forced = compared.model.steps[1]
        #expect(forced.forced)
        #expect(compared.task.programs.describe(forced.decision) == "WRITE(1,4)")
        #expect(compared.model.output == "384")
        #expect(compared.leftTeacherAt == 19, "as in the README: after force, it leaves the teacher at step 19")
        #expect(compared.firstDivergence?.teacherStep.number == 2, "diff runs the model alone")
        let data = ViewData(compared)
        #expect(data.model.steps[1].forced == true)
        #expect(data.model.steps[1].model?.explanation?.first == "forced    WRITE(1,4)  p=0.2918 (0.9909 × 0.9996 × 0.2946) (the teacher's, by 'force')")
    }

    @Test(arguments: [
        ("addition", ["9876", "5678"]), ("addition-recursive", ["999", "1"]), ("sort", ["5", "3", "9", "1", "0"]),
        ("sort-recursive", ["2", "1", "0"]),
    ])
    func everyTaskAgreesWithItsTeacherAndReplaysItsGrids(_ name: String, _ words: [String]) throws {
        let compared = try comparison(name, words)
        #expect(compared.firstDivergence == nil && compared.leftTeacherAt == nil && compared.teacherForced.isEmpty)
        #expect(compared.model.finished && compared.model.output == compared.teacher.output)
        for run in [compared.model, compared.teacher] {
            // Each step's primitive, applied to a fresh environment, gives the recorded grid.
            let environment = compared.task.makeEnvironment(for: compared.problem)
            var grid = run.start
            #expect(grid == environment.grid())
            for (step, change) in zip(run.steps, run.changes) {
                if let call = step.decision.call, compared.task.programs[call.program].kind == .primitive {
                    try environment.apply(call)
                }
                for cell in change?.cells ?? [] { grid.rows[cell[0]].cells[cell[1]] = cell[2] }
                for pointer in change?.pointers ?? [] {
                    grid.pointers[pointer[0]].row = pointer[1]
                    grid.pointers[pointer[0]].column = pointer[2]
                }
                #expect(grid == environment.grid(), "after step \(step.number)")
            }
        }
        let data = ViewData(compared)
        #expect(data.model.steps.count == compared.model.steps.count)
        #expect(data.divergence.step == nil)
    }

    @Test func aStepThatCannotBeCarriedOutEndsTheModelExecution() throws {
        // With α = 1 the sort model never returns, and runs into the depth limit.
        let compared = try comparison("sort", ["5", "3", "9", "1", "0"], alpha: 1)
        #expect(compared.firstDivergence?.teacherStep.number == 5)
        #expect(!compared.model.finished)
        let failed = try #require(compared.model.failedStep)
        #expect(failed.number == compared.model.steps.count + 1)
        #expect(compared.model.failure?.contains("call depth limit reached") == true)
        #expect(ViewData(compared).model.failedStep?.model != nil)
    }

    @Test func aProblemWhoseTeacherOutrunsAPageIsRefusedAfterAtMostAPageOfSteps() throws {
        // 20 disks: the teacher takes millions of steps; without the page's bound, recording them
        // grew past 3.5 GB before any page was written.
        let model = try shippedModel("hanoi")
        let problem = try model.task.parseProblem(["20", "0", "2"])
        #expect(model.task.executionLimits(for: problem).maxSteps > ExecutionComparison.stepLimit)
        #expect {
            _ = try ExecutionComparison.record(model: model, problem: problem, modelPath: "hanoi.safetensors")
        } throws: { error in
            "\(error)" == "the teacher takes more than 100,000 steps on this problem, more than a page shows; view a smaller one"
        }
    }
}
