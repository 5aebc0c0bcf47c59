// The shell on a real pseudo-terminal, for what only a terminal shows: Ctrl-C during a long
// `step N`, Tab completion of paths with spaces and `~`, and history shared by two shells.
import Foundation
import NPITestSupport
import Testing

#if canImport(Glibc)
extension ShellOnTerminalTests {
    @Test func controlCInterruptsAStepWithAGreatCount() throws {
        let home = try TemporaryDirectory()
        let shell = try startShell(home: home.path)
        defer { shell.stop() }
        try waitForPrompt(shell)
        let operand = String(repeating: "7", count: 3000)
        shell.type("env \(operand) \(operand)" + PseudoTerminal.Key.enter)
        try waitForPrompt(shell)
        shell.type("step 100000" + PseudoTerminal.Key.enter)
        // Once a few hundred steps have been printed, Ctrl-C.
        try #require(shell.waitFor("   300  ", timeout: 30), "no steps printed:\n\(shell.textSinceMark.suffix(2000))")
        shell.type(PseudoTerminal.Key.interrupt)
        try #require(shell.waitFor("interrupted at step ", timeout: 30), "Ctrl-C did not stop 'step 100000'")
        try waitForPrompt(shell)
        let stoppedAt = shell.textSinceMark.components(separatedBy: "interrupted at step ").last?.prefix { $0.isNumber }
        let step = try #require(stoppedAt.flatMap { Int($0) })
        #expect(step >= 300 && step < 28_000, "stopped at step \(step), long before the 33,000 steps of the sum")
        #expect(shell.isRunning)
        shell.type("expect step \(step)" + PseudoTerminal.Key.enter)
        try waitForPrompt(shell)
        #expect(!shell.textSinceMark.contains("error"), "\(shell.textSinceMark)")
        shell.type("quit" + PseudoTerminal.Key.enter)
        #expect(shell.waitForExit() == 0)
    }

    @Test func tabCompletesPathsWithSpacesAndTildeSoTheyLoad() throws {
        let home = try TemporaryDirectory()
        let model = "\(samplesModels)/addition-undertrained.safetensors"
        try FileManager.default.copyItem(atPath: model, toPath: home.path + "/my model.safetensors")
        let shell = try startShell(home: home.path, columns: 250)
        defer { shell.stop() }
        try waitForPrompt(shell)
        // Only Tab and Enter follow what is typed, so each load proves the completion is one word.
        for (typed, completed) in [
            ("load \(home.path)/my", "load \(home.path)/my\\ model.safetensors "),
            ("load \"\(home.path)/my", "load \"\(home.path)/my model.safetensors\" "),
            ("load ~/my", "load ~/my\\ model.safetensors "),
        ] {
            shell.type(typed + PseudoTerminal.Key.tab)
            #expect(shell.waitFor("safetensors"), "Tab did not complete '\(typed)':\n\(shell.transcript.suffix(500))")
            // libedit may redraw a space by moving the cursor, which the screen text drops; the
            // load below is the real check that the completed line names the file.
            let screen = currentLine(shell).filter { $0 != " " }
            #expect(screen.hasSuffix((Self.prompt + completed).filter { $0 != " " }), "'\(typed)' + Tab: \(currentLine(shell))")
            shell.type(PseudoTerminal.Key.enter)
            try waitForPrompt(shell)
            #expect(shell.textSinceMark.contains("loaded \(home.path)/my model.safetensors (addition)"),
                    "'\(completed)' did not load:\n\(shell.textSinceMark)")
        }
        shell.type("quit" + PseudoTerminal.Key.enter)
        #expect(shell.waitForExit() == 0)
    }

    @Test func twoShellsOpenAtOnceBothKeepTheirHistory() throws {
        let home = try TemporaryDirectory()
        let first = try startShell(home: home.path)
        defer { first.stop() }
        let second = try startShell(home: home.path)
        defer { second.stop() }
        try waitForPrompt(first)
        try waitForPrompt(second)
        first.type("programs" + PseudoTerminal.Key.enter)
        try waitForPrompt(first)
        second.type("task" + PseudoTerminal.Key.enter)
        try waitForPrompt(second)
        first.type("quit" + PseudoTerminal.Key.enter)
        #expect(first.waitForExit() == 0)
        second.type("help" + PseudoTerminal.Key.enter)
        try waitForPrompt(second)
        second.type(PseudoTerminal.Key.endOfFile)
        #expect(second.waitForExit() == 0)

        // A third shell recalls all of it, newest first: help, quit, task, programs.
        let third = try startShell(home: home.path)
        defer { third.stop() }
        try waitForPrompt(third)
        for expected in ["help", "quit", "task", "programs"] {
            third.type(PseudoTerminal.Key.up)
            #expect(third.waitFor(expected), "Up did not recall '\(expected)':\n\(third.transcript)")
            try #require(third.waitUntilReadingKeys())
        }
        third.type(PseudoTerminal.Key.interrupt)
        try waitForPrompt(third)
        third.type(PseudoTerminal.Key.endOfFile)
        #expect(third.waitForExit() == 0)
    }
}
#endif
