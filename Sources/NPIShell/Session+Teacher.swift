// The teacher's trace, and comparisons of the model with it (`teacher`, `diff`).
import NPICore

extension Session {
    /// `teacher step N`: N teacher steps in the model's line format; nil runs to the end.
    func stepTeacher(_ count: Int?) throws {
        let problem = try requireProblem()
        guard let run = teacherRun else { return }
        if run.isFinished {
            output.message("the teacher has finished (\(plural(run.stepCount, "step"))); 'restart' starts it again")
            return
        }
        var taken = 0
        while !run.isFinished && taken < (count ?? Int.max) {
            if takeInterrupt() {
                output.message("interrupted at teacher step \(run.stepCount)")
                return
            }
            let before = count == nil ? "" : run.environment.render(color: settings.color)
            guard let step = try run.step() else { break }
            taken += 1
            output.message(task.programs.formatStep(step))
            if count != nil, let call = step.decision.call, task.programs[call.program].kind == .primitive {
                printChangedRows(before: before, after: run.environment.render(color: settings.color))
            }
        }
        if run.isFinished {
            output.message("teacher finished after \(plural(run.stepCount, "step")): output \(shorten(run.environment.output)) (expected \(shorten(task.expectedOutput(for: problem))))")
        }
    }

    /// `diff`: model and teacher in lock-step from the start, stopping at the first divergence.
    func diffFirst() throws {
        let model = try requireModel()
        let problem = try requireProblem()
        let result = try ExecutionDiff.firstDivergence(
            model: model, problem: problem, returnThreshold: settings.alpha,
            limits: limits(for: problem), cache: stepCache, shouldStop: takeInterrupt)
        if result.stopped {
            output.message("interrupted after \(plural(result.agreedSteps, "agreeing step"))")
            return
        }
        for line in ExecutionDiff.firstDivergenceLines(
            result.disagreement, agreedSteps: result.agreedSteps, programs: task.programs)
        {
            output.message(line)
        }
        lastDiffFoundDivergence = result.disagreement != nil
        guard let disagreement = result.disagreement else { return }
        let step = disagreement.teacherStep
        if let picture = disagreement.picture { output.message(picture) }
        // Leave the model just before the diverging step, without forced steps, so `why`,
        // `step`, `force` and `show` go on from there.
        forcedSteps = []
        try replay(to: step.number - 1)
        guard modelRun?.stepCount == step.number - 1 else { return }
        pendingWhyStep = step.number
        output.message("now at step \(step.number - 1): 'why' explains step \(step.number), 'step' takes it, 'force' takes the teacher's decision")
    }

    /// `diff --all`: every step under teacher forcing; lists disagreements and counts per program.
    func diffAll() throws {
        let model = try requireModel()
        let problem = try requireProblem()
        let result = try ExecutionDiff.teacherForcedDisagreements(
            model: model, problem: problem, returnThreshold: settings.alpha,
            limits: limits(for: problem), cache: stepCache, shouldStop: takeInterrupt)
        if result.stopped { output.message("interrupted after \(plural(result.steps, "step"))") }
        lastDiffFoundDivergence = !result.disagreements.isEmpty
        for disagreement in result.disagreements {
            let step = disagreement.teacherStep
            let place = String(repeating: " ", count: max(0, 6 - String(step.number).count)) + "\(step.number)  "
                + task.programs.describe(step.current)
            output.message(
                place + ": teacher " + task.programs.describe(step.decision, probabilitiesFrom: disagreement.modelDecision)
                    + " | model " + task.programs.describe(disagreement.modelDecision, probabilitiesFrom: disagreement.modelDecision))
        }
        output.message(
            ExecutionDiff.teacherForcedSummary(result.disagreements, steps: result.steps, programs: task.programs))
    }

    /// Polls and clears a Ctrl-C request; a command that stops for it marks the session so a
    /// script stops too.
    func takeInterrupt() -> Bool {
        guard ShellInterrupt.requested else { return false }
        ShellInterrupt.clear()
        interruptHandled = true
        return true
    }
}
