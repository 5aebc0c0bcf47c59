// Comparing the model with the teacher: lock-step to the first divergence, or every step
// under teacher forcing.
import NPINeural

/// One step where the model decided differently from the teacher.
public struct Disagreement: Sendable {
    /// The teacher's step (its number, depth, running call and observation).
    public var teacherStep: TraceStep
    /// What the model decided at the same point, with its probabilities.
    public var modelDecision: Decision
    /// The running calls, outermost first, when it happened.
    public var stack: [Call]
    /// The scratchpad (or other environment) as both saw it, before the step acted
    /// (kept for the first divergence only).
    public var picture: String?
}

extension Decision {
    /// Whether two decisions do the same thing: same return flag, same call, same arguments
    /// where the called program reads them.
    public func agrees(with other: Decision, programs: ProgramTable) -> Bool {
        guard returns == other.returns else { return false }
        switch (call, other.call) {
        case (nil, nil): return true
        case (let mine?, let theirs?):
            guard mine.program == theirs.program else { return false }
            let arity = programs[mine.program].arity
            return Array(mine.arguments.values.prefix(arity)) == Array(theirs.arguments.values.prefix(arity))
        default: return false
        }
    }
}

public enum ExecutionDiff {
    /// Runs model and teacher in lock-step from the start of `problem` and returns the first
    /// step where they decide differently, or nil when the whole execution agrees.
    ///
    /// Until they differ, both have made the same calls, so their environments are identical.
    /// `shouldStop` is polled every step (Ctrl-C); stopping returns nil and sets `stopped`.
    public static func firstDivergence(
        model: NPIModel, problem: Problem, returnThreshold: Double, limits: ExecutionLimits,
        cache: CallCache? = nil, shouldStop: () -> Bool = { false }
    ) throws -> (disagreement: Disagreement?, agreedSteps: Int, stopped: Bool) {
        let task = model.task
        let teacher = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: TeacherPolicy(teacher: task.teacher), limits: limits)
        let learner = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: ModelPolicy(model: model, returnThreshold: returnThreshold, cache: cache), limits: limits)
        let policy = learner.policy
        var agreed = 0
        while !teacher.isFinished {
            if shouldStop() { return (nil, agreed, true) }
            let stack = teacher.stack.map(\.call)
            let picture = teacher.environment.render(color: false)
            var modelDecision: Decision?
            var modelError: Error?
            do {
                try learner.step { state, call, environment in
                    let decision = try policy.decide(&state, call: call, environment: environment)
                    modelDecision = decision
                    return decision
                }
            } catch {
                modelError = error  // a call the environment refused: the decision still differs
            }
            guard let teacherStep = try teacher.step() else { break }
            guard let modelDecision else { throw modelError ?? NPIError("the model took no step") }
            if !teacherStep.decision.agrees(with: modelDecision, programs: task.programs) {
                let disagreement = Disagreement(
                    teacherStep: teacherStep, modelDecision: modelDecision, stack: stack,
                    picture: picture)
                return (disagreement, agreed, false)
            }
            if let modelError { throw modelError }
            agreed += 1
        }
        return (nil, agreed, false)
    }

    /// Runs the teacher on `problem` and, at every one of its steps, asks the model what it
    /// would do from the teacher's state (teacher forcing: each call's model state is fed the
    /// teacher's observations and arguments). Returns every step where they differ.
    public static func teacherForcedDisagreements(
        model: NPIModel, problem: Problem, returnThreshold: Double, limits: ExecutionLimits,
        cache: CallCache? = nil, shouldStop: () -> Bool = { false }
    ) throws -> (disagreements: [Disagreement], steps: Int, stopped: Bool) {
        let task = model.task
        let policy = TeacherForcedPolicy(
            teacher: TeacherPolicy(teacher: task.teacher),
            model: ModelPolicy(model: model, returnThreshold: returnThreshold, cache: cache))
        let interpreter = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem), policy: policy,
            limits: limits)
        var disagreements: [Disagreement] = []
        while !interpreter.isFinished {
            if shouldStop() { return (disagreements, interpreter.stepCount, true) }
            let stack = interpreter.stack.map(\.call)
            guard let step = try interpreter.step(), let modelDecision = policy.lastModelDecision
            else { break }
            if !step.decision.agrees(with: modelDecision, programs: task.programs) {
                disagreements.append(
                    Disagreement(
                        teacherStep: step, modelDecision: modelDecision, stack: stack, picture: nil))
            }
        }
        return (disagreements, interpreter.stepCount, false)
    }
}

/// The teacher drives; the model is asked at every step from the teacher's state.
final class TeacherForcedPolicy: StepPolicy {
    let teacher: TeacherPolicy
    let model: ModelPolicy
    /// The model's decision at the most recent step.
    private(set) var lastModelDecision: Decision?

    init(teacher: TeacherPolicy, model: ModelPolicy) {
        self.teacher = teacher
        self.model = model
    }

    func beginCall(_ call: Call) -> (plan: [Decision], state: ModelPolicy.FrameState) {
        (teacher.beginCall(call), model.beginCall(call))
    }

    func decide(
        _ frame: inout (plan: [Decision], state: ModelPolicy.FrameState), call: Call,
        environment: any NPIEnvironment
    ) throws -> Decision {
        lastModelDecision = try model.decide(&frame.state, call: call, environment: environment)
        return try teacher.decide(&frame.plan, call: call, environment: environment)
    }
}
