// Moving the model back in time. Executions are deterministic (a fixed model, greedy
// decisions, every call starting from a zero state, forced steps forced again), so replaying
// from the start to an earlier step reaches exactly the state the model was in there.
import NPICore

extension Session {
    /// `back N`: returns the model to N steps ago by replaying the problem from the start,
    /// without printing the steps or stopping at breakpoints.
    func stepBack(_ count: Int) throws {
        let run = try requireModelRun()
        let now = run.stepCount
        guard now > 0 else { throw ShellError("the model is at step 0, the start of the problem: there is no earlier step") }
        let target = max(0, now - count)
        try replay(to: target)
        guard let replayed = modelRun, replayed.stepCount == target else { return }
        if let last = modelTrace.last {
            output.message("back at step \(target) of \(now):")
            output.message(task.programs.formatStep(last))
        } else {
            output.message("back at step 0, the start of the problem")
        }
        if settings.display { printPicture(of: replayed) }
    }

    /// `restart`: the model and the teacher back to the start of the problem; breakpoints stay.
    func restart() throws {
        let problem = try requireProblem()
        resetExecutions()
        output.message("restarted \(shorten(problem.description, limit: 60)) at step 0")
    }

    /// Replays the model from the start of the problem until it has taken `target` steps,
    /// forcing the steps `force` forced up to there (later ones are forgotten). Ctrl-C stops
    /// the replay where it is, and says so.
    func replay(to target: Int) throws {
        forcedSteps = forcedSteps.filter { $0 <= target }
        resetModelExecution()
        guard let run = modelRun else { return }
        while run.stepCount < target && !run.isFinished {
            if takeInterrupt() {
                output.message("interrupted while replaying, at step \(run.stepCount) of \(target)")
                return
            }
            try takeModelStep(
                run, printing: false, checkingBreakpoints: false, forcing: forcedSteps.contains(run.stepCount + 1))
        }
    }
}
