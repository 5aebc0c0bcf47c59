// Everything the viewer shows about one problem: the model's and the teacher's executions side
// by side, step n beside step n, with what the shell's `diff` and `diff --all` say about them.
import NPICore

/// A model's and its teacher's executions of one problem, recorded for the viewer.
///
/// The alignment is the shell's: the teacher is followed in lock-step beside the model (a
/// `TeacherShadow`) for as long as the model decides as it does, so up to `leftTeacherAt` step
/// `n` of both is the same step in the same state. The first divergence is `diff`'s
/// (`ExecutionDiff.firstDivergence`) and the disagreements `diff --all`'s
/// (`ExecutionDiff.teacherForcedDisagreements`), computed by the same functions.
public struct ExecutionComparison {
    /// The model's task.
    public let task: any NPITask
    /// The problem, parsed.
    public let problem: Problem
    /// The model file, as the page names it.
    public let modelPath: String
    /// α: the return threshold the model ran with.
    public let returnThreshold: Double
    /// The model's execution, the steps in `forcedSteps` forced.
    public let model: RecordedExecution
    /// The teacher's execution.
    public let teacher: RecordedExecution
    /// The teacher's decision at each model step taken while the model followed it: index
    /// `n - 1` is step `n` (the step where the model left included).
    public let teacherDecisions: [Decision]
    /// The teacher's decision at the model's failed step (`model.failedStep`), if it still
    /// followed the teacher there.
    public let teacherDecisionAtFailedStep: Decision?
    /// The model step that first decided differently from the teacher, nil if none did. With no
    /// forced step it is `firstDivergence`'s step.
    public let leftTeacherAt: Int?
    /// `diff`: the first step where the model, run alone, decides differently, nil if none does.
    public let firstDivergence: Disagreement?
    /// `diff`: the steps that agreed before the first divergence (or all of them).
    public let agreedSteps: Int
    /// `diff --all`: every teacher step where the model, fed the teacher's state, decides differently.
    public let teacherForced: [Disagreement]
    /// `diff --all`: the teacher-forced steps taken.
    public let teacherForcedSteps: Int

    /// The most steps a page shows of each execution. A page holds about 110 bytes per step a
    /// side (a 10,020-step pair made 2.2 MB), so this bounds a page near 25 MB, and the memory
    /// and time of recording it: a 20-disk Hanoi tower (about 6 million teacher steps) would
    /// otherwise grow past gigabytes before any page could be written, and no browser would
    /// open it.
    public static let stepLimit = 100_000  // the error below names it

    /// Runs the model and the teacher on `problem` (already parsed) to their ends, and `diff`
    /// and `diff --all` on it. The steps in `forcedSteps` take the teacher's decision instead
    /// of the model's, as the shell's `force` did (the model's core still takes the step).
    /// Returns nil when `shouldStop` (polled every step) asked to stop. The model's steps use
    /// `cache` (single steps of this model) when one is given.
    ///
    /// No execution takes more than `stepLimit` steps here, whatever `limits` allow: a model
    /// stopped by it shows the limit where its column ends, and a problem whose teacher needs
    /// more is refused (`NPIError`) after at most `stepLimit` teacher steps, before the model runs.
    public static func record(
        model: NPIModel, problem: Problem, modelPath: String, returnThreshold: Double = 0.5,
        limits: ExecutionLimits? = nil, forcedSteps: Set<Int> = [], cache: CallCache? = nil,
        shouldStop: () -> Bool = { false }
    ) throws -> ExecutionComparison? {
        let task = model.task
        var limits = limits ?? task.executionLimits(for: problem)
        let clamped = limits.maxSteps > stepLimit
        limits.maxSteps = min(limits.maxSteps, stepLimit)
        let teacherInterpreter = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: TeacherPolicy(teacher: task.teacher), limits: limits)
        let teacherRun = RecordedExecution.record(teacherInterpreter, shouldStop: shouldStop) { _, plan, call, environment in
            (try teacherInterpreter.policy.decide(&plan, call: call, environment: environment), false)
        }
        if clamped, case .steps = teacherRun?.limitReached {
            throw NPIError(
                "the teacher takes more than 100,000 steps on this problem, more than a page shows; view a smaller one")
        }
        let shadow = TeacherShadow(task: task, problem: problem, limits: limits)
        let learner = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: ModelPolicy(model: model, returnThreshold: returnThreshold, cache: cache), limits: limits)
        let modelRun = RecordedExecution.record(learner, shouldStop: shouldStop) { number, state, call, environment in
            let own = try learner.policy.decide(&state, call: call, environment: environment)
            guard forcedSteps.contains(number), var imposed = shadow.nextDecision() else { return (own, false) }
            imposed.confidence = own.confidence
            return (imposed, true)
        } followed: { shadow.follow($0) }
        guard let modelRun, let teacherRun else { return nil }
        let diff = try ExecutionDiff.firstDivergence(
            model: model, problem: problem, returnThreshold: returnThreshold, limits: limits, cache: cache,
            shouldStop: shouldStop)
        let all = try ExecutionDiff.teacherForcedDisagreements(
            model: model, problem: problem, returnThreshold: returnThreshold, limits: limits, cache: cache,
            shouldStop: shouldStop)
        guard !diff.stopped, !all.stopped else { return nil }
        return ExecutionComparison(
            task: task, problem: problem, modelPath: modelPath, returnThreshold: returnThreshold,
            model: modelRun, teacher: teacherRun, teacherDecisions: shadow.decisions,
            teacherDecisionAtFailedStep: modelRun.failedStep == nil ? nil : shadow.nextDecision(),
            leftTeacherAt: shadow.leftAt, firstDivergence: diff.disagreement, agreedSteps: diff.agreedSteps,
            teacherForced: all.disagreements, teacherForcedSteps: all.steps)
    }

    /// One line on what the page shows: `20 model steps beside 26 teacher steps; the model
    /// diverges at step 2`.
    public var summary: String {
        let counts = "\(model.steps.count) model steps beside \(teacher.steps.count) teacher steps"
        guard let step = firstDivergence?.teacherStep.number else { return counts + "; no divergence" }
        return counts + "; the model diverges at step \(step)"
    }
}
