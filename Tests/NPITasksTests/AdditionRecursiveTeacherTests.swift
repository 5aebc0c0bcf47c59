// The recursive addition teacher (Cai, Shin & Song 2017): ADD tail-calls itself once per column.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = AdditionTask(recursive: true)

@Test func recursiveTraceOfFivePlusSevenIsPinnedDown() throws {
    let result = try TeacherRunner(task: task).run(try task.parseProblem(["5", "7"]))
    let expected = [
        "ADD -> ADD1",
        "  ADD1 -> WRITE(1,2)",
        "  ADD1 -> CARRY return",
        "    CARRY -> MOVE_PTR(2,0)",
        "    CARRY -> WRITE(0,1)",
        "    CARRY -> MOVE_PTR(2,1) return",
        "ADD -> LSHIFT",
        "  LSHIFT -> MOVE_PTR(0,0)",
        "  LSHIFT -> MOVE_PTR(1,0)",
        "  LSHIFT -> MOVE_PTR(2,0)",
        "  LSHIFT -> MOVE_PTR(3,0) return",
        "ADD -> ADD return",
        "  ADD -> ADD1",
        "    ADD1 -> WRITE(1,1) return",
        "  ADD -> LSHIFT",
        "    LSHIFT -> MOVE_PTR(0,0)",
        "    LSHIFT -> MOVE_PTR(1,0)",
        "    LSHIFT -> MOVE_PTR(2,0)",
        "    LSHIFT -> MOVE_PTR(3,0) return",
        "  ADD -> ADD return",
        "    ADD -> NOP return",
    ]
    #expect(result.trace == expected)
    #expect(result.environment.output == "12")
}

@Test func bothVariantsHaveTheirOwnNames() throws {
    #expect(task.name == "addition-recursive")
    #expect(try TaskRegistry.named("addition-recursive").name == "addition-recursive")
    #expect(try TaskRegistry.named("addition").name == "addition")
}

/// Depth grows by one frame per column, every ADD call takes at most 3 steps, and the answer
/// is right, also where the non-recursive default depth limit would have stopped it long ago.
@Test(arguments: [1...3, 1...40, 1_000...1_000])
func recursiveTeacherAddsWithOneFramePerColumn(sizes: ClosedRange<Int>) throws {
    var generator = SeededGenerator(seed: 11)
    for _ in 0..<(sizes.upperBound >= 1_000 ? 2 : 20) {
        let problem = task.randomProblem(sizes: sizes, using: &generator)
        let trace = try task.teacherTrace(for: problem)
        #expect(trace.output == task.expectedOutput(for: problem), "\(problem)")
        let columns = problem.words.map(\.count).max()! + 1
        let addDepths = trace.steps.filter { $0.current.program == AdditionProgram.add.id }.map(\.depth)
        // One ADD per digit column, one more for a final carry, and the last one sees blanks.
        #expect(Set(addDepths).count >= columns && Set(addDepths).count <= columns + 1)
        #expect(trace.steps.map(\.depth).max()! < task.depthLimit(for: problem))
        let addCalls = Dictionary(grouping: trace.steps.filter { $0.current.program == AdditionProgram.add.id }, by: \.frameID)
        #expect(addCalls.values.allSatisfy { $0.count <= 3 })
        #expect(trace.steps.count <= task.stepLimit(for: problem) / 2)
    }
}

@Test func recursiveTeacherStopsAtTheDepthLimitWithAClearMessage() throws {
    let problem = try task.parseProblem([String(repeating: "1", count: 50), "1"])
    let interpreter = Interpreter(
        task: task, environment: task.makeEnvironment(for: problem),
        policy: TeacherPolicy(teacher: task.teacher),
        limits: task.executionLimits(for: problem, maxDepth: 10))
    let error = #expect(throws: StepFailure.self) { try interpreter.run() }
    #expect(error?.description.contains("call depth limit reached (10 frames)") == true)
    #expect(interpreter.stack.count == 10)
}
