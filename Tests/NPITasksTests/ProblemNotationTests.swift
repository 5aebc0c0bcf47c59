// Each task writes a problem in its own notation in `eval`'s report, and keeps it short.
@testable import NPICore
import NPITasks
import Testing

@Suite struct ProblemNotationTests {
    @Test func additionWritesASum() {
        let task = AdditionTask()
        #expect(task.notation(of: Problem(["12", "34"])) == "12 + 34")
        #expect(AdditionTask(recursive: true).notation(of: Problem(["6", "1"])) == "6 + 1")
        let long = Problem([String(repeating: "9", count: 10_000), String(repeating: "1", count: 24)])
        #expect(task.notation(of: long) == "10000-digit + " + String(repeating: "1", count: 24))
    }

    @Test func sortWritesTheRowAsTheShellShowsIt() {
        let task = SortTask()
        #expect(task.notation(of: Problem(["6", "1"])) == "6 1")
        #expect(SortTask(recursive: true).notation(of: task.exampleProblem) == "5 3 9 1 0")
        let twenty = Problem((0..<20).map { String(9 - $0 % 10) })
        #expect(task.notation(of: twenty) == "9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0")
        let long = Problem((0..<200).map { String(9 - $0 % 10) })
        #expect(task.notation(of: long) == "9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 … (200 elements)")
        #expect(task.notation(of: Problem(Array(repeating: "7", count: 21))).hasSuffix("7 … (21 elements)"))
    }

    @Test func theFirstFailureOfAnAccuracyRowIsInTheTasksNotation() {
        let failures: [(any NPITask, Problem, String, String)] = [
            (SortTask(), Problem(["6", "1"]), "6 1", "1 6"),
            (AdditionTask(), Problem(["6", "1"]), "6 + 1", "7"),
        ]
        for (task, problem, written, expected) in failures {
            let result = ProblemResult(problem: problem, output: "6 1", expected: expected, steps: 9, failure: nil)
            var tally = AccuracyTally()
            tally.add(result, at: 0)
            let row = AccuracyReport.row(size: 2, tally: tally, task: task)
            #expect(row.hasSuffix("accuracy=0.00%  \(written) -> '6 1'"), "\(row)")
        }
    }
}
