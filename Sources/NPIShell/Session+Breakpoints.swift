// Setting, listing and changing breakpoints from the words a user typed.
import NPICore

extension Session {
    /// `break LOCATION [if CONDITION]` or `break if CONDITION`; LOCATION is a program name or
    /// `@STEP`. The condition is parsed now, so a mistake is reported when it is typed.
    func setBreakpoint(_ words: [String], temporary: Bool) throws {
        guard let first = words.first else {
            throw ShellError("expected a program, @STEP or 'if CONDITION' (e.g. 'break CARRY', 'break @120', 'break if p < 0.6')")
        }
        let location: Breakpoint.Location
        var rest = words.dropFirst()
        if first == "if" {
            location = .everyStep
            rest = words[...]
        } else if first.hasPrefix("@") {
            location = .step(try positiveCount(String(first.dropFirst()), name: "the step after @"))
        } else {
            let id = try programID(first)
            guard stepsCall(root: id) else {
                throw ShellError(
                    "\(task.programs[id].name) is the root call: it runs from step 0 and no step of \(task.name) calls it, so a breakpoint there would never stop; use 'break @N' or 'break if CONDITION'")
            }
            location = .program(id)
        }
        var condition: StepCondition?
        if let keyword = rest.first {
            guard keyword == "if" else {
                throw ShellError("expected 'if CONDITION' after \(NPIError.quote(first)), found \(NPIError.quote(keyword))")
            }
            condition = try StepCondition(parsing: rest.dropFirst().joined(separator: " "))
        }
        let breakpoint = breakpoints.add(location, condition: condition, temporary: temporary)
        var message = "\(temporary ? "temporary breakpoint" : "breakpoint") \(breakpoint.number) at "
        switch location {
        case .program(let id): message += task.programs[id].name
        case .step(let number): message += "step \(number)"
        case .everyStep: message += "every step"
        }
        message += condition.map { " if \($0)" } ?? ""
        if case .step(let number) = location, let run = modelRun, run.stepCount >= number {
            message += " (already taken: the model is at step \(run.stepCount); 'restart' to reach it again)"
        }
        output.message(message)
    }

    /// `breaks` and `info breakpoints`: a table of every breakpoint.
    func printBreakpoints() {
        guard !breakpoints.isEmpty else {
            output.message("no breakpoints")
            return
        }
        output.message("num  on   hits  where")
        for breakpoint in breakpoints.all {
            let where_ = breakpoint.describeLocation(programs: task.programs) + (breakpoint.temporary ? "  (temporary)" : "")
            output.message(
                pad(String(breakpoint.number), 5) + pad(breakpoint.enabled ? "yes" : "no", 5)
                    + pad(String(breakpoint.hits), 6) + where_)
        }
    }

    /// `delete [N | PROGRAM]...`: the numbered breakpoints and every breakpoint on the named
    /// programs; with no argument, all of them.
    func deleteBreakpoints(_ words: [String]) throws {
        guard !words.isEmpty else {
            let count = breakpoints.all.count
            breakpoints.removeAll()
            output.message(count == 0 ? "no breakpoints to delete" : "deleted \(count == 1 ? "the breakpoint" : "all \(count) breakpoints")")
            return
        }
        var remaining = breakpoints
        for word in words {
            if let number = Int(word) {
                try remaining.remove(number: number)
            } else {
                let id = try programID(word)
                guard remaining.remove(program: id) > 0 else {
                    throw ShellError("no breakpoint at \(task.programs[id].name)")
                }
            }
        }
        breakpoints = remaining
    }

    /// `enable [N]...` and `disable [N]...`: the numbered breakpoints, or all of them.
    func setBreakpointsEnabled(_ enabled: Bool, _ words: [String]) throws {
        guard !words.isEmpty else {
            breakpoints.setAllEnabled(enabled)
            return
        }
        var changed = breakpoints
        for word in words { try changed.setEnabled(enabled, number: try breakpointNumber(word)) }
        breakpoints = changed
    }

    /// `condition N [CONDITION]`: gives breakpoint N a condition, or removes it.
    func setBreakpointCondition(_ words: [String]) throws {
        let number = try breakpointNumber(words[0])
        _ = try breakpoints.index(of: number)
        let condition = words.count > 1 ? try StepCondition(parsing: words.dropFirst().joined(separator: " ")) : nil
        try breakpoints.setCondition(condition, number: number)
        output.message("breakpoint \(number) " + (condition.map { "now stops only if \($0)" } ?? "is now unconditional"))
    }

    private func breakpointNumber(_ word: String) throws -> Int {
        guard let number = Int(word), number > 0 else {
            throw ShellError("expected a breakpoint number, not \(NPIError.quote(word)) ('info breakpoints' lists them)")
        }
        return number
    }
}

/// `text` padded with spaces to `width` characters.
private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
