// Commands for settings, evaluation and scripts: set, eval, expect, source, help, quit.
import NPICore

extension Shell {
    static let scriptCommands: [ShellCommand] = [
        ShellCommand(
            "set", usage: "set [NAME [VALUE]]", summary: "show the settings, or one, or change one",
            details: "Settings: " + Setting.all.map(\.helpText).joined(separator: "; ") + ".",
            arguments: 0...2, completion: .settings
        ) { shell, args in
            let session = shell.session
            switch args.count {
            case 0: session.output.message(session.settings.listing.joined(separator: "\n"))
            case 1:
                let setting = try Setting.named(args[0])
                session.output.message("\(setting.name)  \(setting.show(session.settings))")
            default:
                try session.settings.set(args[0], to: args[1])
                session.settingsChanged()
            }
        },
        ShellCommand(
            "eval", usage: "eval N [SIZES] [--diff]", summary: "accuracy of the model on N random problems per size (default 1-8)",
            details: "SIZES is N, N-M or a comma-separated list, as in 'npi eval --digits'. '--diff' runs the model teacher-forced on every step of the teacher's executions of the problems instead, and counts per program the steps where it decides differently, by kind (return, program, each argument), with the places where it does so most often; it counts what 'diff --all' would count over the same problems. Ctrl-C interrupts it.",
            arguments: 1...3
        ) { shell, args in
            var words = args
            let diff = words.last == "--diff"
            if diff { words.removeLast() }
            guard (1...2).contains(words.count), !words.contains("--diff") else {
                throw ShellError("expected 'eval N [SIZES] [--diff]'")
            }
            let count = try positiveCount(words[0])
            let sizes: SizeList
            do { sizes = try SizeList(words.count > 1 ? words[1] : "1-8") } catch { throw ShellError("\(error)") }
            if diff {
                try shell.session.printDivergences(count: count, sizes: sizes)
            } else {
                try shell.session.evaluate(count: count, sizes: sizes)
            }
        },
        ShellCommand(
            "expect", usage: "expect WHAT [VALUE...]",
            summary: "assert something in a script; a failing expect is an error",
            details: "'expect output VALUE...' compares the model's output (several words are joined by single spaces, as in a sort's output '0 1 3 5 9'); 'expect correct' checks it is the true answer; 'expect diff none|some' checks the last diff; 'expect step N' checks the model has taken N steps; 'expect stack NAME...' checks the model's call stack, innermost first (e.g. 'expect stack CARRY ADD1 ADD'); 'expect error' passes only if the previous command failed.",
            arguments: atLeast(1),
            completion: .words(["output", "correct", "diff", "step", "stack", "error"], filesAfter: [])
        ) { shell, args in
            let session = shell.session
            switch (args[0], args.count) {
            case ("output", 2...): try session.expectOutput(args.dropFirst().joined(separator: " "))
            case ("correct", 1): try session.expectCorrect()
            case ("diff", 2): try session.expectDiff(args[1])
            case ("step", 2): try session.expectStep(args[1])
            case ("stack", _): try session.expectStack(Array(args.dropFirst()))
            case ("error", 1):
                guard shell.previousCommandFailed else { throw ShellError("expected the previous command to fail, but it succeeded") }
            default:
                throw ShellError("expected 'expect output VALUE...', 'expect correct', 'expect diff none|some', 'expect step N', 'expect stack NAME...' or 'expect error'")
            }
        },
        ShellCommand(
            "source", usage: "source FILE", summary: "run the commands in a script file",
            details: "Inside a script, a relative FILE is taken from that script's folder; at the prompt, from the working directory. It stops at the script's first error (unless 'set bail off').",
            arguments: 1...1, completion: .files
        ) { shell, args in
            try shell.source(path: args[0])
        },
        ShellCommand(
            "help", aliases: ["?"], usage: "help [COMMAND]", summary: "list the commands, or explain one",
            arguments: 0...1, completion: .commands
        ) { shell, args in
            try shell.help(args.first)
        },
        ShellCommand("quit", aliases: ["exit", "q"], usage: "quit", summary: "leave the shell") { shell, _ in
            shell.quitRequested = true
        },
    ]
}
