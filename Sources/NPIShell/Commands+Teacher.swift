// Commands that compare the model with its teacher, or record what it did: teacher, diff, why,
// force, trace, view.
import NPICore

extension Shell {
    static let teacherCommands: [ShellCommand] = [
        ShellCommand(
            "teacher", usage: "teacher [run | step [N]]", summary: "the teacher's trace, in the same format as the model's",
            details: "'teacher' or 'teacher run' prints the teacher's steps to the end; 'teacher step N' advances the teacher by N steps, showing the rows its primitives change. 'show teacher' shows where it is.",
            arguments: 0...2, completion: .words(["run", "step"], filesAfter: [])
        ) { shell, args in
            switch args.first {
            case nil, "run":
                guard args.count <= 1 else { throw ShellError("teacher run takes no arguments") }
                try shell.session.stepTeacher(nil)
            case "step": try shell.session.stepTeacher(try positiveCount(args.count > 1 ? args[1] : nil))
            case let other?: throw ShellError("unknown teacher command \(NPIError.quote(other)) (run, step)")
            }
        },
        ShellCommand(
            "diff", usage: "diff [--all]", summary: "run model and teacher in lock-step and stop at the first divergence",
            details: "Prints the step, the call stack, what the teacher did and what the model did, with the model's probabilities for both, and the picture. '--all' feeds the model the teacher's state at every step and lists every disagreement with counts per program.",
            arguments: 0...1, completion: .words(["--all"], filesAfter: [])
        ) { shell, args in
            switch args.first {
            case nil: try shell.session.diffFirst()
            case "--all": try shell.session.diffAll()
            case let other?: throw ShellError("unknown option \(NPIError.quote(other)) (--all)")
            }
        },
        ShellCommand(
            "why", usage: "why [@N] [K]", summary: "the model's whole decision at a step, and the teacher's",
            details: "Explains the step just taken (after 'diff', the diverging step, about to be taken; @N: step N): the observation it read, r against α, the K (3) most probable programs and values of each argument head, the decision's p and its factors, and the teacher's decision in the same state with the model's p of it and what it lost by.",
            arguments: 0...2
        ) { shell, args in
            var step: Int?
            var count = 3
            for word in args {
                if word.hasPrefix("@") {
                    step = try positiveCount(String(word.dropFirst()), name: "the step after @")
                } else {
                    count = try positiveCount(word, name: "K")
                }
            }
            try shell.session.why(step: step, top: count)
        },
        ShellCommand(
            "force", usage: "force", summary: "take the teacher's decision at this step instead of the model's",
            details: "The model's core still takes the step; the step is marked 'forced' in the step line, the trace, 'show' and 'stack'. Then 'run' shows whether the model recovers. Works while the model still follows the teacher (after 'diff', which stops just before the divergence).",
            repeatsOnEmptyLine: true
        ) { shell, _ in
            try shell.session.forceStep()
        },
        ShellCommand(
            "trace", usage: "trace [save [--overwrite] FILE]", summary: "print the model's trace so far, or save it as JSON Lines",
            details: "'trace save' keeps an existing file unless given '--overwrite'; the file is replaced atomically.",
            arguments: 0...3, completion: .words(["save"], filesAfter: ["save"])
        ) { shell, args in
            switch (args.first, args.count) {
            case (nil, _): try shell.session.printTrace()
            case ("save", 2) where args[1] != "--overwrite": try shell.session.saveTrace(path: args[1], overwrite: false)
            case ("save", 3) where args[1] == "--overwrite": try shell.session.saveTrace(path: args[2], overwrite: true)
            default: throw ShellError("expected 'trace' or 'trace save [--overwrite] FILE'")
            }
        },
        ShellCommand(
            "view", usage: "view [--overwrite] [FILE]",
            summary: "write the problem's executions, the model's beside the teacher's, as an HTML page",
            details: "FILE (default npi-view-TASK-PROBLEM.html) is one page that opens from disk and fetches nothing: both executions as call trees, step beside step, the first divergence ('diff') and every teacher-forced disagreement ('diff --all') marked, the environment after the selected step and the model's decision there as bars ('why'). The model runs from the start to its end with the current settings, taking the teacher's decision at the steps 'force' forced; a page shows at most 100,000 steps of each execution, and a problem whose teacher needs more is refused. An existing file is kept unless given '--overwrite'; the file is replaced atomically. Ctrl-C interrupts it.",
            arguments: 0...2, completion: .files
        ) { shell, args in
            switch (args.first, args.count) {
            case (nil, _): try shell.session.saveView(path: nil, overwrite: false)
            case ("--overwrite", 1): try shell.session.saveView(path: nil, overwrite: true)
            case (let path?, 1): try shell.session.saveView(path: path, overwrite: false)
            case ("--overwrite", 2): try shell.session.saveView(path: args[1], overwrite: true)
            default: throw ShellError("expected 'view [--overwrite] [FILE]'")
            }
        },
    ]
}
