// The model's call stack as frames a user selects and inspects, as in gdb: frame 0 is the
// innermost call; `up` goes toward the root call, `down` back toward the innermost.
import NPICore

extension Session {
    /// `frame N`, `up N`, `down N`: selects a frame (by number, or `by` frames outward) and
    /// prints it with its latest step.
    func selectFrame(number: Int? = nil, by offset: Int = 0) throws {
        let run = try requireLiveRun()
        let outermost = run.stack.count - 1
        let target = number ?? selectedFrame + offset
        if number == nil && offset > 0 && selectedFrame == outermost {
            throw ShellError("frame #\(outermost) is the outermost frame, the root call")
        }
        if number == nil && offset < 0 && selectedFrame == 0 {
            throw ShellError("frame #0 is the innermost frame")
        }
        guard number == nil || (0...outermost).contains(target) else {
            throw ShellError("no frame #\(target): the stack has frames #0 to #\(outermost)")
        }
        selectedFrame = min(max(target, 0), outermost)
        printFrameSummary(run, index: selectedFrame)
    }

    /// `info frame`: the selected frame in full.
    func printFrameInfo() throws {
        let run = try requireLiveRun()
        let index = min(selectedFrame, run.stack.count - 1)
        let frame = run.stack[run.stack.count - 1 - index]
        let programs = task.programs
        output.message("frame #\(index) of \(run.stack.count): \(programs.describe(frame.call)), depth \(run.stack.count - 1 - index)")
        if frame.calledAtStep == 0 {
            output.message("  called at   the start (the root call)")
        } else {
            let caller = run.stack[run.stack.count - 2 - index]
            output.message("  called at   step \(frame.calledAtStep), by \(programs.describe(caller.call)) (frame #\(index + 1))")
        }
        let arity = programs[frame.call.program].arity
        let arguments = arity == 0 ? "none" : frame.call.arguments.values.prefix(arity).map(String.init).joined(separator: ", ")
        output.message("  arguments   \(arguments)")
        let firstStep = frame.calledAtStep + 1
        let range = frame.stepsTaken == 0 ? "" : frame.stepsTaken == 1 ? " (step \(firstStep))" : " (its first was step \(firstStep))"
        output.message("  steps       \(frame.stepsTaken) taken\(range)")
        output.message("  started on  \(task.describeObservation(startingObservation(of: frame, in: run)))")
        if let last = lastStep(of: frame, index: index, in: run) {
            output.message("  last step   " + programs.formatStep(last).trimmingCharacters(in: .whitespaces))
        }
        if index > 0 {
            let callee = run.stack[run.stack.count - index]
            output.message("  now calling \(programs.describe(callee.call)) (frame #\(index - 1))")
        }
        if frame.returnPending { output.message("  returns     when its current call ends") }
    }

    /// `#1  ADD1, called at step 4, 2 steps taken` and the frame's latest step.
    func printFrameSummary(_ run: Interpreter<ModelPolicy>, index: Int) {
        let frame = run.stack[run.stack.count - 1 - index]
        output.message(frameLine(frame, index: index))
        if let last = lastStep(of: frame, index: index, in: run) {
            output.message(task.programs.formatStep(last))
        }
    }

    /// One line for a frame, as `stack` and `frame` print it; its forced steps are named.
    func frameLine(_ frame: Interpreter<ModelPolicy>.Frame, index: Int) -> String {
        let origin = frame.calledAtStep == 0 ? "the root call" : "called at step \(frame.calledAtStep)"
        let pending = frame.returnPending ? ", returns when its call ends" : ""
        let forced = forcedSteps.filter { $0 <= modelTrace.count && modelTrace[$0 - 1].frameID == frame.id }.sorted()
        let forcedText = forced.isEmpty ? "" : ", forced at step " + forced.map(String.init).joined(separator: ", ")
        return "#\(index)  \(task.programs.describe(frame.call)), \(origin), \(plural(frame.stepsTaken, "step")) taken\(pending)\(forcedText)"
    }

    /// The frame's most recent step: for an outer frame, the step that made the call running
    /// below it; nil before its first step.
    func lastStep(of frame: Interpreter<ModelPolicy>.Frame, index: Int, in run: Interpreter<ModelPolicy>) -> TraceStep? {
        guard frame.stepsTaken > 0 else { return nil }
        if index > 0 {
            let callee = run.stack[run.stack.count - index]
            return modelTrace[callee.calledAtStep - 1]
        }
        return modelTrace.last { $0.frameID == frame.id }
    }

    /// The observation the frame's call started from: what its first step read, or the
    /// environment now if it has not taken one.
    func startingObservation(of frame: Interpreter<ModelPolicy>.Frame, in run: Interpreter<ModelPolicy>) -> [Int] {
        frame.stepsTaken > 0 ? modelTrace[frame.calledAtStep].observation : run.environment.observation()
    }

    /// The model's execution, with at least one frame on its stack.
    func requireLiveRun() throws -> Interpreter<ModelPolicy> {
        let run = try requireModelRun()
        guard !run.isFinished else {
            throw ShellError("the execution has finished (\(plural(run.stepCount, "step"))): there are no frames; 'back' or 'restart'")
        }
        return run
    }
}
