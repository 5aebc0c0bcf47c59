import NPICore
import Testing

@Suite struct InterpreterTests {
    let task = CountdownTask()

    func interpreter(value: Int, root: Call? = nil, limits: ExecutionLimits? = nil)
        -> Interpreter<TeacherPolicy>
    {
        Interpreter(
            task: task, environment: CounterEnvironment(value: value),
            policy: TeacherPolicy(teacher: task.teacher),
            limits: limits ?? ExecutionLimits(maxDepth: 100, maxSteps: 1000), root: root)
    }

    @Test func aMissingArgumentSlotReadsAsZero() throws {
        var arguments = Arguments([4, 7])
        #expect((0..<3).map { arguments[$0] } == [4, 7, 0])
        arguments.values = [5]  // as a decoded record may be
        #expect((0..<3).map { arguments[$0] } == [5, 0, 0])
    }

    @Test func runsTheTeacherToCompletion() throws {
        let machine = interpreter(value: 3)
        try machine.run()
        #expect(machine.isFinished)
        #expect(machine.environment.output == "0")
        // three DEC steps, then the NOP step that returns
        #expect(machine.stepCount == 4)
    }

    @Test func stepsOneAtATimeAndKeepsTheStackAsData() throws {
        let machine = interpreter(value: 1, root: Call(CountdownTask.nest, Arguments([3])))
        var depths: [Int] = []
        while let step = try machine.step() {
            depths.append(step.depth)
            if !machine.isFinished { #expect(machine.stack.count == step.depth + 2) }
        }
        #expect(depths == [0, 1, 2, 3])
        #expect(machine.isFinished)
    }

    @Test func returnsCascadeThroughCallersThatAskedToReturn() throws {
        // NEST(2) -> NEST(1) -> NEST(0) -> DEC with every step returning: one step each, then empty.
        let machine = interpreter(value: 1, root: Call(CountdownTask.nest, Arguments([2])))
        try machine.step()
        try machine.step()
        #expect(machine.stack.count == 3)
        try machine.step()
        #expect(machine.isFinished)
        #expect(machine.environment.output == "0")
    }

    @Test func depthLimitStopsWithAClearMessage() throws {
        let machine = interpreter(
            value: 1, root: Call(CountdownTask.nest, Arguments([5])),
            limits: ExecutionLimits(maxDepth: 3, maxSteps: 100))
        let error = #expect(throws: StepFailure.self) { try machine.run() }
        #expect(error?.executionLimit == .depth(3, calling: "NEST(2)"))
        #expect(error?.description == "call depth limit reached (3 frames) calling NEST(2)")
        // The refused step is not taken: the machine is as before it, and the failure says what
        // the step decided.
        #expect(machine.stack.count == 3)
        #expect(error?.step.number == machine.stepCount + 1)
        #expect(error?.step.decision.call?.program == CountdownTask.nest)
    }

    @Test func stepLimitStopsWithAClearMessage() throws {
        let machine = interpreter(value: 50, limits: ExecutionLimits(maxDepth: 100, maxSteps: 10))
        let error = #expect(throws: ExecutionLimitError.self) { try machine.run() }
        #expect(error == .steps(10))
        #expect(error?.description == "step limit reached (10 steps)")
        // The interpreter names no front end's setting: each adds its own hint.
        #expect(ExecutionLimitError.describe(error!) { _ in "raise it with --max-steps N" }
            == "step limit reached (10 steps); raise it with --max-steps N")
        #expect(ExecutionLimitError.describe(NPIError("other")) { _ in "raise it" } == "other")
        #expect(machine.stepCount == 10)
    }

    @Test func primitiveErrorsSurfaceAsErrors() throws {
        // NEST(0) decrements once; on a zero register the primitive refuses.
        let machine = interpreter(value: 0, root: Call(CountdownTask.nest, Arguments([0])))
        let error = #expect(throws: StepFailure.self) { try machine.run() }
        #expect(error?.reason is NPIError)
        #expect(machine.stepCount == 0 && machine.stack.count == 1 && machine.stack[0].stepsTaken == 0)
    }

    @Test func stepFormatIsOneLineWithDepthIndentation() throws {
        let machine = interpreter(value: 1, root: Call(CountdownTask.nest, Arguments([1])))
        let first = try #require(try machine.step())
        let second = try #require(try machine.step())
        let firstLine = task.programs.formatStep(first)
        let secondLine = task.programs.formatStep(second)
        #expect(firstLine.contains("NEST(1)"))
        #expect(firstLine.contains("-> NEST(0)"))
        #expect(firstLine.contains("r=1.00"))
        #expect(firstLine.hasSuffix("return"))
        #expect(secondLine.contains("  NEST(0)"))
        #expect(!firstLine.contains("\n"))
    }
}
