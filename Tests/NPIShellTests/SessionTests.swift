import Foundation
import NPIShell
import Testing

@Suite struct SessionTests {
    @Test func stepNextFinishAndRunFollowTheModel() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 123 456; step 2") == 0)
        #expect(shell.lines[1].contains("ADD              r="))
        #expect(shell.lines[2].contains("ADD1") && shell.lines[2].contains("WRITE(1,9)"))
        #expect(shell.lines[3].contains("out") && shell.lines[3].contains("[9]"))
        #expect(shell.run("next") == 0)  // ADD -> LSHIFT, run to its end
        #expect(shell.text.contains("-> LSHIFT"))
        #expect(shell.text.contains("(4 steps inside the call)"))
        #expect(shell.run("step; finish") == 0)
        #expect(shell.text.contains("ADD1 returned after"))
        #expect(shell.run("run; expect correct; expect output 579") == 0)
        #expect(shell.text.contains("output 579 (correct)"))
        #expect(shell.run("step") == 0)
        #expect(shell.text.contains("has finished"))
    }

    @Test func breakpointsStopRunWhenTheProgramIsCalled() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 15 7; break CARRY; breaks; run") == 0)
        #expect(shell.lines.contains("1    yes  0     CARRY"), "\(shell.text)")
        #expect(shell.text.contains("breakpoint 1 (CARRY) at step 3"))
        #expect(shell.run("stack") == 0)
        #expect(shell.lines[0].hasPrefix("#0  CARRY, called at step 3"))
        #expect(shell.lines[2].hasPrefix("#2  ADD, the root call"))
        #expect(shell.run("delete; breaks; run; expect correct") == 0)
        #expect(shell.text.contains("no breakpoints"))
    }

    @Test func teacherUsesTheSameLineFormat() throws {
        let shell = try CapturedShell()
        shell.run("env 5 7; step 3")
        let modelLines = shell.lines.filter { $0.contains(" r=") }
        shell.run("teacher step 3")
        let teacherLines = shell.lines.filter { $0.contains(" r=") }
        #expect(modelLines.count == 3 && teacherLines.count == 3)
        // same columns; the model's probabilities differ from the teacher's 1.00/0.00
        for (model, teacher) in zip(modelLines, teacherLines) {
            #expect(model.prefix(24) == teacher.prefix(24))
            #expect(model.count == teacher.count)
        }
        shell.run("teacher")
        #expect(shell.text.contains("teacher finished after"))
        #expect(shell.text.contains("output 12 (expected 12)"))
    }

    @Test func diffOnTheGoodModelFindsNoDivergence() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 999 1; diff; expect diff none; diff --all; expect diff none") == 0)
        #expect(shell.text.contains("no divergence"))
        #expect(shell.text.contains("no disagreement in"))
    }

    @Test func diffOnTheUndertrainedModelShowsWhereItGoesWrong() throws {
        let shell = try CapturedShell()
        let path = "\(samplesModels)/addition-undertrained.safetensors"
        #expect(shell.run("load \(path); env 9876 5678; diff; expect diff some; diff --all") == 0, "\(shell.text)")
        #expect(shell.text.contains("diverged at step"))
        #expect(shell.text.contains("teacher  "))
        #expect(shell.text.contains("model    "))
        #expect(shell.text.contains("steps disagree"))
    }

    @Test func scriptsStopAtTheFirstErrorWithFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("npi-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("s.npis").path
        try "env 1 2\n\nstep 999999999999999999999\nstep\n".write(toFile: script, atomically: true, encoding: .utf8)
        let shell = try CapturedShell()
        #expect(shell.shell.runScript(path: script) == 1)
        #expect(shell.shell.session.output === shell.shell.session.output)
        #expect(shell.run("source \(script)") == 1)
        #expect(shell.lines.last == "\(script):3: error: N must be at most 1000000000, not '999999999999999999999'")
        // bail off: report and go on, but the exit status says something failed
        #expect(shell.run("set bail off; env 1 x; env 1 2; run") == 1)
        #expect(shell.text.contains("<stdin>:1: error: operand 'x'"))
        #expect(shell.text.contains("(correct)"))
        #expect(shell.run("set bail off; env 1 2; run; expect correct") == 0)
    }

    @Test func expectErrorPassesOnlyAfterAFailure() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 1 x\nexpect error") == 0)
        #expect(shell.run("env 1 2\nexpect error") == 1)
        #expect(shell.text.contains("expected the previous command to fail"))
        #expect(shell.run("env 1 2; run; expect output 4") == 1)
        #expect(shell.lines.last == "<stdin>:1: error: expected output 4, got 3")
    }

    @Test func errorsAtThePromptShowTheUsageAndTheSessionGoesOn() throws {
        let shell = try CapturedShell()
        shell.type("step\nenv 1\nenv 2 2\nrun")
        #expect(shell.lines[0] == "error: no problem set; use 'env 123 456'")
        #expect(shell.lines[1] == "usage: step [N]")
        #expect(shell.text.contains("expected two operands"))
        #expect(shell.text.contains("output 4 (correct)"))
    }

    @Test func settingsChangeAndValidate() throws {
        let shell = try CapturedShell()
        #expect(shell.run("set alpha 0.7; set max-steps 5; set max-depth 3; set echo off; set") == 0)
        #expect(shell.text.contains("alpha      0.7"))
        #expect(shell.text.contains("max-steps  5"))
        #expect(shell.run("env 12 34; run") == 1)
        #expect(shell.text.contains("step limit reached (5 steps); raise it with 'set max-steps N'"))
        // A limit the teacher runs into gets the same hint, and so does eval's first failure.
        #expect(shell.run("teacher") == 1)
        #expect(shell.text.contains("error: step limit reached (5 steps); raise it with 'set max-steps N'"), "\(shell.text)")
        #expect(shell.run("eval 2 3") == 0)
        #expect(shell.text.contains("; step limit reached (5 steps); raise it with 'set max-steps N'"), "\(shell.text)")
        #expect(!shell.text.contains("--max-steps"))
        for bad in ["set alpha 2", "set max-steps -1", "set color maybe", "set nonsense 1", "set threads 0"] {
            #expect(shell.run(bad) == 1, "\(bad)")
        }
    }

    @Test func twoThreadsGiveTheSameSteps() throws {
        let shell = try CapturedShell()
        shell.run("env 98765 43210; step 40")
        let oneThread = shell.lines
        defer { shell.run("set threads 1") }
        #expect(shell.run("set threads 2; set") == 0)
        #expect(shell.text.contains("threads    2"))
        shell.run("env 98765 43210; step 40")
        #expect(shell.lines == oneThread)
        #expect(shell.run("run; expect correct") == 0)
    }

    @Test func hostileInputNeverCrashes() throws {
        let shell = try CapturedShell()
        let long = String(repeating: "x", count: 200_000)
        let digits = String(repeating: "7", count: 100_000)
        let inputs = [
            long, "env \(long) 1", "\u{0}\u{1}\u{7f}\u{1b}[A", "step 99999999999999999999",
            "step -3", "step 0", "eval 0", "eval 1 0", "eval 1 5-2", "load /nonexistent/model",
            "load /dev/null", "load /", "source /nonexistent", "trace save /nonexistent/dir/x.jsonl",
            "break NOSUCH", "delete ADD", "expect", "expect diff maybe", "teacher jump",
            "env \(digits) \(digits)", "show", "step 3", "stack", "set max-steps 50", "run",
            "env ١٢ 3", "env ＋1 2", "\"unterminated", "help nosuchcommand", "diff --nope",
        ]
        shell.type(inputs.joined(separator: "\n"))
        #expect(shell.text.contains("error:"))
        #expect(shell.text.contains("step limit reached (50 steps)"))
        // The session still works afterwards.
        shell.run("load; env 2 2; run; expect correct")
        #expect(shell.text.contains("output 4 (correct)"))
    }

    @Test func tracePrintsAndSavesTheModelsStepsInTheDataSchema() throws {
        let shell = try CapturedShell()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("npi-trace-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(shell.run("env 7 8; step 3; trace") == 0)
        #expect(shell.lines.count == 1 + 3 + 1 + 3)  // problem line, 3 steps (+1 changed row), trace of 3
        #expect(shell.run("run; trace save \(path)") == 0)
        #expect(shell.text.contains("saved 19 steps to \(path)"))
        let line = try String(contentsOfFile: path, encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["output"] as? String == "15")
        let steps = object?["steps"] as? [[String: Any]]
        #expect(steps?.count == 19)
        #expect(steps?.first?["program"] as? String == "ADD")
        #expect(steps?.first?["returnProbability"] != nil)
    }

    @Test func programsInfoAndEvalDescribeTheModel() throws {
        let shell = try CapturedShell()
        #expect(shell.run("programs; info; eval 5 2") == 0)
        #expect(shell.text.contains("5   CARRY     0      composite"))
        #expect(shell.text.contains("parameters  974460"))
        #expect(shell.text.contains("   2      5  OK=5    NG=0    accuracy=100.00%"))
    }

    @Test func sourceRunsAScriptAndNestsErrorsWithTheirLocation() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("npi-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inner = directory.appendingPathComponent("inner.npis").path
        let outer = directory.appendingPathComponent("outer.npis").path
        try "env 4 4\nrun\nexpect output 9\n".write(toFile: inner, atomically: true, encoding: .utf8)
        try "# outer\nsource \(inner)\nrun\n".write(toFile: outer, atomically: true, encoding: .utf8)
        let shell = try CapturedShell()
        #expect(shell.run("source \(outer)") == 1)
        #expect(shell.lines.last == "\(inner):3: error: expected output 9, got 8")
        let looping = directory.appendingPathComponent("loop.npis").path
        try "source \(looping)\n".write(toFile: looping, atomically: true, encoding: .utf8)
        #expect(shell.run("source \(looping)") == 1)
        #expect(shell.text.contains("nest more than 32 deep"))
    }
}

/// `task`: lists the tasks, switches with the shipped model, and runs recursion deep.
@Suite struct TaskCommandTests {
    @Test func switchesToTheRecursiveTaskAndRunsALongSumDeep() throws {
        let shell = try CapturedShell()
        #expect(shell.run("task") == 0)
        #expect(shell.lines.contains("* addition"))
        #expect(shell.lines.contains("  addition-recursive"))
        #expect(shell.run("task addition-recursive") == 0)
        #expect(shell.text.contains("task addition-recursive: loaded"))
        let nines = String(repeating: "9", count: 300)
        #expect(shell.run("env \(nines) 1; run; expect correct") == 0)
        // One ADD frame per column: 1,200 steps in, about 100 ADD frames are on the stack.
        #expect(shell.run("env \(nines) 1; step 1200") == 0)
        #expect(shell.run("stack") == 0)
        // The innermost 20 frames are listed, then the count of the outer ones.
        #expect(shell.lines.count == 21)
        let outer = try #require(shell.lines.last.flatMap { Int($0.split(separator: " ")[1]) })
        #expect(outer >= 80)
    }

    @Test func sortsWithTheShippedRecursiveModelAndComparesAWordListOutput() throws {
        let shell = try CapturedShell()
        #expect(shell.run("task sort-recursive") == 0)
        #expect(shell.run("env 5 3 9 1 0; run; expect correct; expect output 0 1 3 5 9") == 0)
        #expect(shell.text.contains("output 0 1 3 5 9 (correct)"))
        #expect(shell.run("expect output 0 1 3 9 5") != 0)
        #expect(shell.text.contains("expected output 0 1 3 9 5, got 0 1 3 5 9"))
    }

    @Test func aLongProblemLineShortensEachValueOnce() throws {
        let shell = try CapturedShell()
        // Two operands too long for the line: each is shortened, and neither is cut again.
        let a = "1" + String(repeating: "2", count: 998) + "3", b = "4" + String(repeating: "5", count: 998) + "6"
        #expect(shell.run("env \(a) \(b)") == 0)
        let line = try #require(shell.lines.first { $0.hasPrefix("problem ") })
        #expect(line.hasPrefix("problem 122222222222…222222222223 (1000 chars) 455555555555…555555555556 (1000 chars)  expected "))
        // Many short words: the first ones that fit, then the count.
        #expect(shell.run("task sort; env \(Array(repeating: "7 3", count: 60).joined(separator: " "))") == 0)
        let sortLine = try #require(shell.lines.first { $0.hasPrefix("problem ") })
        #expect(sortLine.hasPrefix("problem 7 3 7 3 "))
        #expect(sortLine.contains(" … (120 words)  expected 3 3 3"))
    }

    @Test func unknownTaskIsAnErrorAndKeepsTheSession() throws {
        let shell = try CapturedShell()
        #expect(shell.run("task subtraction") != 0)
        #expect(shell.text.contains("unknown task 'subtraction'"))
        #expect(shell.run("env 1 2; run; expect correct") == 0)
    }
}
