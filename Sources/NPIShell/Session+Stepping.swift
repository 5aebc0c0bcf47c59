// Advancing the model's execution: step, next, finish, run and until, each stopped by
// breakpoints, the end of the execution or Ctrl-C.
import NPICore

extension Session {
    /// `step N`: N core steps, each printed with the rows it changed (or the whole picture with
    /// `set display on`).
    func stepModel(_ count: Int) throws {
        let run = try requireModelRun()
        guard try !finishedOrStopped(run) else { return }
        var taken = 0
        while taken < count && !run.isFinished {
            if try interrupted() { return }
            guard try takeModelStep(run, printing: true) else { return }
            taken += 1
        }
        reportIfFinished(run)
    }

    /// `next N`: N steps at the current depth, running any call they make to its end.
    func nextModel(_ count: Int) throws {
        let run = try requireModelRun()
        guard try !finishedOrStopped(run) else { return }
        var taken = 0
        while taken < count && !run.isFinished {
            taken += 1
            let depth = run.stack.count
            if try interrupted() { return }
            guard try takeModelStep(run, printing: true, showingPicture: false) else { return }
            var hidden = 0
            var stopped = false
            while !run.isFinished && run.stack.count > depth && !stopped {
                if try interrupted() { stopped = true; break }
                hidden += 1
                stopped = try !takeModelStep(run, printing: false, announcing: false)
            }
            if hidden > 0 { output.message("        (\(plural(hidden, "step")) inside the call)") }
            if stopped {
                announceStop(run)
                return
            }
            if settings.display { printPicture(of: run) }
        }
        reportIfFinished(run)
    }

    /// `finish`: runs until the current call returns.
    func finishCall() throws {
        let run = try requireModelRun()
        guard try !finishedOrStopped(run) else { return }
        let depth = run.stack.count
        let name = task.programs.describe(run.stack[depth - 1].call)
        var steps = 0
        while !run.isFinished && run.stack.count >= depth {
            if try interrupted() { return }
            steps += 1
            guard try takeModelStep(run, printing: false) else { return }
        }
        output.message("\(name) returned after \(plural(steps, "step"))")
        if settings.display && !run.isFinished { printPicture(of: run) }
        reportIfFinished(run)
    }

    /// `run` (or `continue`): to the end, a breakpoint, or the step limit.
    func runModel() throws {
        let run = try requireModelRun()
        guard try !finishedOrStopped(run) else { return }
        while !run.isFinished {
            if try interrupted() { return }
            guard try takeModelStep(run, printing: false) else { return }
        }
        reportIfFinished(run)
    }

    /// `until N`: runs until step N has been taken (or a breakpoint, or the end).
    func runUntil(step target: Int) throws {
        let run = try requireModelRun()
        guard target > run.stepCount else {
            throw ShellError(
                "step \(target) has already been taken (the model is at step \(run.stepCount)); 'back \(run.stepCount - target)' returns to it")
        }
        guard try !finishedOrStopped(run) else { return }
        while !run.isFinished && run.stepCount < target {
            if try interrupted() { return }
            guard try takeModelStep(run, printing: false) else { return }
        }
        if run.stepCount == target, let last = modelTrace.last {
            output.message(task.programs.formatStep(last))
            if settings.display { printPicture(of: run) }
        }
        if run.isFinished && run.stepCount < target {
            output.message("the execution ended before step \(target)")
        }
        reportIfFinished(run)
    }

    // MARK: - One step

    /// One model step, recorded in the trace, followed by the teacher beside it and tested
    /// against the breakpoints; prints it if asked (with the rows it changed, or the picture
    /// with `set display on` and `showingPicture`, and a note if it is where the model leaves the
    /// teacher). With `forcing`, the step takes the teacher's decision instead of the model's
    /// (the model's core still takes the step). Returns false when a breakpoint stopped it,
    /// after saying so if `announcing` (else the caller calls `announceStop`).
    @discardableResult
    func takeModelStep(
        _ run: Interpreter<ModelPolicy>, printing: Bool, showingPicture: Bool = true,
        announcing: Bool = true, checkingBreakpoints: Bool = true, forcing: Bool = false
    ) throws -> Bool {
        let before = printing && !settings.display ? run.environment.render(color: settings.color) : ""
        let imposed = forcing ? shadow?.nextDecision() : nil
        if forcing && imposed == nil { throw ShellError(cannotForceMessage()) }
        var step: TraceStep?
        do {
            step = try run.step { state, call, environment in
                let own = try run.policy.decide(&state, call: call, environment: environment)
                guard var decision = imposed else { return own }
                decision.confidence = own.confidence
                return decision
            }
        } catch {
            let failure = ShellError.describe(error)
            modelFailure = failure
            failedStep = (error as? StepFailure)?.step
            throw ShellError("the model stopped: \(failure)")
        }
        guard step != nil else { throw ShellError("the execution has finished; 'restart' starts it again") }
        if forcing {
            step!.forced = true
            forcedSteps.insert(step!.number)
        }
        let taken = step!
        modelTrace.append(taken)
        selectedFrame = 0
        pendingWhyStep = nil
        shadow?.follow(taken)
        if printing {
            output.message(task.programs.formatStep(taken))
            if settings.display {
                if showingPicture { printPicture(of: run) }
            } else if let call = taken.decision.call, task.programs[call.program].kind == .primitive {
                printChangedRows(before: before, after: run.environment.render(color: settings.color))
            }
            if shadow?.leftAt == taken.number, let teacher = shadow?.decision(atStep: taken.number) {
                output.message("        the teacher: \(task.programs.describe(teacher, probabilitiesFrom: taken.decision)); 'why' explains the difference")
            }
        }
        guard checkingBreakpoints else { return true }
        lastStop = breakpoints.hits(by: taken, programs: task.programs)
        guard lastStop.isEmpty else {
            if announcing { announceStop(run, stepShown: printing) }
            return false
        }
        return true
    }

    /// Says which breakpoints stopped the model at its last step, then that step (unless it
    /// was just printed) and, with `set display on`, the picture.
    func announceStop(_ run: Interpreter<ModelPolicy>, stepShown: Bool = false) {
        guard let step = modelTrace.last else { return }
        for breakpoint in lastStop {
            let kind = breakpoint.temporary ? "temporary breakpoint" : "breakpoint"
            let deleted = breakpoint.temporary ? ", deleted" : ""
            let values = breakpoint.condition.map { ": " + $0.values(on: step, programs: task.programs) } ?? ""
            output.message("\(kind) \(breakpoint.number) (\(breakpoint.describeLocation(programs: task.programs))) at step \(step.number)\(deleted)\(values)")
        }
        if !stepShown {
            output.message(task.programs.formatStep(step))
            if settings.display { printPicture(of: run) }
        }
        reportIfFinished(run)
    }

    /// The rows of the picture that a primitive changed, indented under its step line.
    func printChangedRows(before: String, after: String) {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in new.enumerated() where index >= old.count || old[index] != line {
            output.message("        " + line)
        }
    }

    /// The whole picture, indented under the step lines (`set display on`).
    func printPicture(of run: Interpreter<ModelPolicy>) {
        for line in run.environment.render(color: settings.color).split(separator: "\n", omittingEmptySubsequences: false) {
            output.message("        " + line)
        }
    }

    /// True (after saying so) when there is nothing left to step.
    func finishedOrStopped(_ run: Interpreter<ModelPolicy>) throws -> Bool {
        if run.isFinished {
            output.message("the execution has finished (\(plural(run.stepCount, "step"))); 'restart' starts it again")
            return true
        }
        if let modelFailure { throw ShellError("the model stopped: \(modelFailure); 'back' or 'restart' to go on") }
        return false
    }

    /// True when Ctrl-C was pressed; clears the request and says where the model stopped.
    func interrupted() throws -> Bool {
        guard takeInterrupt() else { return false }
        output.message("interrupted at step \(modelRun?.stepCount ?? 0)")
        return true
    }

    /// After the root call returns: the output and whether it is right.
    func reportIfFinished(_ run: Interpreter<ModelPolicy>) {
        guard run.isFinished, let problem else { return }
        let expected = task.expectedOutput(for: problem)
        let produced = run.environment.output
        let verdict = produced == expected ? "correct" : "wrong, expected \(shorten(expected))"
        output.message("finished after \(plural(run.stepCount, "step")): output \(shorten(produced)) (\(verdict))")
        if let left = shadow?.leftAt {
            output.message("the model left the teacher's execution at step \(left) ('why @\(left)' explains it)")
        }
    }
}
