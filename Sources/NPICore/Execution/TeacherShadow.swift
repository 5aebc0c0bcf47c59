// The teacher followed step by step beside the model, so every model step can be compared
// with what the teacher decides in the same state (the shell's `why`, `force` and divergence
// note, and the viewer's step-by-step alignment).

/// The teacher's execution of the model's problem, advanced with each model step for as long as
/// the model decides as the teacher does. Until then both have made the same calls, so their
/// environments and call stacks are identical and the teacher's decision is defined.
public final class TeacherShadow {
    private let interpreter: Interpreter<TeacherPolicy>
    private let programs: ProgramTable
    /// The teacher's decision at each model step taken in lock-step: index `n - 1` is step `n`.
    public private(set) var decisions: [Decision] = []
    /// The first model step that decided differently from the teacher; nil while they agree.
    public private(set) var leftAt: Int?

    public init(task: any NPITask, problem: Problem, limits: ExecutionLimits) {
        interpreter = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: TeacherPolicy(teacher: task.teacher), limits: limits)
        programs = task.programs
    }

    /// The teacher's decision at the model's next step, without taking it; nil once the model
    /// has left the teacher's execution or the teacher has finished.
    public func nextDecision() -> Decision? {
        guard leftAt == nil, let call = interpreter.stack.last?.call, var plan = interpreter.topFrameState else {
            return nil
        }
        return try? interpreter.policy.decide(&plan, call: call, environment: interpreter.environment)
    }

    /// The teacher's decision at model step `number`, if the model still followed it there
    /// (the step where it left included).
    public func decision(atStep number: Int) -> Decision? {
        number >= 1 && number <= decisions.count ? decisions[number - 1] : nil
    }

    /// Takes the teacher's step that matches the model's `step`, and notes whether they differ.
    public func follow(_ step: TraceStep) {
        guard leftAt == nil else { return }
        guard let teacherStep = try? interpreter.step() else {
            leftAt = step.number  // the teacher has finished (or cannot go on): the model has not
            return
        }
        decisions.append(teacherStep.decision)
        if !teacherStep.decision.agrees(with: step.decision, programs: programs) { leftAt = step.number }
    }
}
