// Drives a task's teacher through the interpreter, so teacher and model share one stepping loop.

/// The teacher as a step policy: each call keeps the teacher's remaining plan.
public final class TeacherPolicy: StepPolicy {
    public let teacher: any NPITeacher

    public init(teacher: any NPITeacher) { self.teacher = teacher }

    public func beginCall(_ call: Call) -> [Decision] { [] }

    public func decide(
        _ plan: inout [Decision], call: Call, environment: any NPIEnvironment
    ) throws -> Decision {
        if plan.isEmpty {
            plan = teacher.plan(for: call, environment: environment)
        }
        guard !plan.isEmpty else {
            throw NPIError("the teacher has no step for program id \(call.program) here")
        }
        return plan.removeFirst()
    }
}

extension NPITask {
    /// The teacher's complete trace for `problem` (the problem must already be parsed).
    public func teacherTrace(for problem: Problem) throws -> (steps: [TraceStep], output: String) {
        let environment = makeEnvironment(for: problem)
        let interpreter = Interpreter(
            task: self, environment: environment, policy: TeacherPolicy(teacher: teacher),
            limits: executionLimits(for: problem))
        var steps: [TraceStep] = []
        while let step = try interpreter.step() { steps.append(step) }
        return (steps, environment.output)
    }
}
