// Advancing the model's execution: step, next, finish, run, and breakpoints.
import NPICore

extension Session {
    /// `step N`: N core steps, each printed with the scratchpad rows it changed.
    func stepModel(_ count: Int) throws {
        let run = try requireModelRun()
        for _ in 0..<count {
            guard try !finishedOrStopped(run) else { return }
            try advance(run, printing: true)
        }
        reportIfFinished(run)
    }

    /// `next N`: N steps at the current depth, running any call they make to its end.
    func nextModel(_ count: Int) throws {
        let run = try requireModelRun()
        for _ in 0..<count {
            guard try !finishedOrStopped(run) else { return }
            let depth = run.stack.count
            try advance(run, printing: true)
            var hidden = 0
            while !run.isFinished && run.stack.count > depth {
                if try interrupted() { return }
                let step = try advance(run, printing: false)
                hidden += 1
                if let hit = breakpointHit(by: step, in: run) {
                    output.message("breakpoint: \(hit) at step \(run.stepCount)")
                    return
                }
            }
            if hidden > 0 { output.message("        (\(hidden) step\(hidden == 1 ? "" : "s") inside the call)") }
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
            let step = try advance(run, printing: false)
            steps += 1
            if let hit = breakpointHit(by: step, in: run) {
                output.message("breakpoint: \(hit) at step \(run.stepCount)")
                return
            }
        }
        output.message("\(name) returned after \(steps) step\(steps == 1 ? "" : "s")")
        reportIfFinished(run)
    }

    /// `run`: to the end, a breakpoint, or the step limit.
    func runModel() throws {
        let run = try requireModelRun()
        guard try !finishedOrStopped(run) else { return }
        while !run.isFinished {
            if try interrupted() { return }
            let step = try advance(run, printing: false)
            if let hit = breakpointHit(by: step, in: run) {
                output.message("breakpoint: \(hit) at step \(run.stepCount)")
                return
            }
        }
        reportIfFinished(run)
    }

    // MARK: - One step

    /// One model step, recorded in the trace; prints it (and the rows it changed) if asked.
    @discardableResult
    func advance(_ run: Interpreter<ModelPolicy>, printing: Bool) throws -> TraceStep {
        let before = printing ? run.environment.render(color: settings.color) : ""
        let step: TraceStep?
        do {
            step = try run.step()
        } catch {
            modelFailure = "\(error)"
            throw ShellError("the model stopped: \(error)")
        }
        guard let step else { throw ShellError("the execution has finished; 'env' starts it again") }
        modelTrace.append(step)
        if printing {
            output.message(task.programs.formatStep(step))
            if let call = step.decision.call, task.programs[call.program].kind == .primitive {
                printChangedRows(before: before, after: run.environment.render(color: settings.color))
            }
        }
        return step
    }

    /// The rows of the picture that a primitive changed, indented under its step line.
    func printChangedRows(before: String, after: String) {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in new.enumerated() where index >= old.count || old[index] != line {
            output.message("        " + line)
        }
    }

    /// The breakpoint program the step just entered, if any.
    func breakpointHit(by step: TraceStep, in run: Interpreter<ModelPolicy>) -> String? {
        guard let call = step.decision.call, breakpoints.contains(call.program),
            task.programs[call.program].kind == .composite,
            run.stack.last?.call == call
        else { return nil }
        return task.programs.describe(call)
    }

    /// True (after saying so) when there is nothing left to step.
    func finishedOrStopped(_ run: Interpreter<ModelPolicy>) throws -> Bool {
        if run.isFinished {
            output.message("the execution has finished (\(run.stepCount) steps); 'env' starts it again")
            return true
        }
        if let modelFailure { throw ShellError("the model stopped: \(modelFailure)") }
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
        output.message("finished after \(run.stepCount) steps: output \(shorten(produced)) (\(verdict))")
    }
}

/// Long values (10,000-digit sums) shortened for one-line messages.
func shorten(_ text: String, limit: Int = 60) -> String {
    guard text.count > limit else { return text.isEmpty ? "''" : text }
    return "\(text.prefix(limit / 2))…\(text.suffix(limit / 2)) (\(text.count) chars)"
}
