import Foundation
import NPIShell
import Testing

/// Breakpoints as a gdb user expects them: numbered, on any program, at a step, with conditions.
@Suite struct BreakpointTests {
    static let undertrained = "\(samplesModels)/addition-undertrained.safetensors"

    /// The step lines a shell printed (`     3    ADD1   r=... -> CARRY  p=...`).
    static func stepLines(_ lines: [String]) -> [String] { lines.filter { $0.contains(" r=") && $0.contains(" p=") } }

    @Test(arguments: [
        // (task, program, problem, the call the stopping step makes, the program on top of the stack after it)
        ("addition", "WRITE", "15 7", "WRITE(1,2)", "ADD1"),
        ("addition", "MOVE_PTR", "15 7", "MOVE_PTR(2,0)", "CARRY"),
        ("addition", "CARRY", "15 7", "CARRY", "CARRY"),
        ("addition", "LSHIFT", "15 7", "LSHIFT", "LSHIFT"),
        ("sort", "NOP", "5 3 9 1 0", "NOP", "BSTEP"),
        ("sort", "SWAP", "5 3 9 1 0", "SWAP", "BSTEP"),
    ])
    func aBreakpointStopsRightAfterTheStepThatCallsItsProgram(
        task: String, program: String, problem: String, call: String, top: String
    ) throws {
        let shell = try CapturedShell()
        #expect(shell.run("task \(task); env \(problem); break \(program); run") == 0, "\(shell.text)")
        #expect(shell.lines.contains { $0.hasPrefix("breakpoint 1 (\(program)) at step ") }, "\(shell.text)")
        let stop = try #require(BreakpointTests.stepLines(shell.lines).last)
        #expect(stop.contains("-> \(call)"), "\(stop)")
        // No step before the stop made that call: the model ran silently up to it.
        let number = try #require(Int(stop.split(separator: " ")[0]))
        shell.run("trace")
        let earlier = BreakpointTests.stepLines(shell.lines).prefix(number - 1)
        #expect(!earlier.contains { $0.contains("-> \(program)") })
        #expect(shell.run("expect step \(number)") == 0)
        shell.run("stack")
        #expect(shell.lines.first?.hasPrefix("#0  \(top)") == true, "\(shell.text)")
    }

    @Test func theRootCallCannotHaveABreakpointUnlessTheTaskRecurses() throws {
        let shell = try CapturedShell()
        #expect(shell.run("break ADD") == 1)
        #expect(shell.text.contains("ADD is the root call"))
        #expect(shell.run("breaks") == 0)
        #expect(shell.text.contains("no breakpoints"))
        // The recursive ADD calls itself, so there it stops, with the new ADD on top.
        #expect(shell.run("task addition-recursive; env 45 67; break ADD; run; expect stack ADD ADD") == 0, "\(shell.text)")
        #expect(shell.text.contains("breakpoint 1 (ADD) at step"))
    }

    @Test func conditionsAreTestedOnTheStepThatMakesTheCall() throws {
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 9876 5678; break if p < 0.6; run") == 0)
        let stop = try #require(shell.lines.first { $0.hasPrefix("breakpoint 1 (every step if p < 0.6) at step ") })
        let probability = try #require(Double(stop.split(separator: "=").last!))
        #expect(probability < 0.6)
        let number = try #require(Int(stop.components(separatedBy: "at step ")[1].prefix { $0.isNumber }))
        // Every earlier step was at least 0.6 sure (the trace shows two decimals: >= 0.60).
        shell.run("trace")
        let earlier = BreakpointTests.stepLines(shell.lines).prefix(number - 1)
        #expect(earlier.count == number - 1)
        for line in earlier {
            let shown = try #require(Double(line.components(separatedBy: "p=")[1].prefix(4)))
            #expect(shown >= 0.6, "\(line)")
        }

        #expect(shell.run("task addition-recursive; env 99999 1; break ADD1 if depth > 3; run") == 0)
        // Numbers are never reused: this is the session's second breakpoint.
        #expect(shell.text.contains("breakpoint 2 (ADD1 if depth > 3) at step 49: depth=4"), "\(shell.text)")
        #expect(shell.run("expect stack ADD1 ADD ADD ADD ADD ADD") == 0, "\(shell.text)")

        #expect(shell.run("task; task addition; env 1555 27; break LSHIFT if step > 15; run") == 0)
        let lshift = try #require(shell.lines.first { $0.hasPrefix("breakpoint 3 (LSHIFT if step > 15) at step ") })
        let lshiftStep = try #require(Int(lshift.split(separator: "=").last!))
        #expect(lshiftStep > 15)
        shell.run("trace")
        let calls = BreakpointTests.stepLines(shell.lines).filter { $0.contains("-> LSHIFT") }
        let steps = calls.compactMap { Int($0.split(separator: " ")[0]) }
        #expect(steps.last == lshiftStep && steps.dropLast().allSatisfy { $0 <= 15 } && steps.count >= 2, "\(steps)")
    }

    @Test(arguments: [
        ("break if", "missing condition"),
        ("break if x < 1", "unknown quantity 'x'"),
        ("break if p <", "expected a number"),
        ("break if p < abc", "expected a number after 'p <', found 'abc'"),
        ("break if p ~ 1", "unexpected '~'"),
        ("break ADD1 when p < 1", "expected 'if CONDITION' after 'ADD1', found 'when'"),
        ("break if p < 0.5 xor r > 1", "expected 'and' or 'or'"),
        ("break NOSUCH", "unknown program 'NOSUCH'"),
        ("break @0", "must be a positive integer"),
        ("break @x", "must be a positive integer"),
        ("condition 1 p <", "no breakpoint number 1"),
    ])
    func badConditionsAreRefusedWhenTheBreakpointIsSet(command: String, message: String) throws {
        let shell = try CapturedShell()
        #expect(shell.run(command) == 1)
        #expect(shell.text.contains(message), "\(command): \(shell.text)")
        shell.run("breaks")
        #expect(shell.lines == ["no breakpoints"])
    }

    @Test func conditionsParseAndEvaluateWithAndOr() throws {
        let condition = try StepCondition(parsing: "p<0.6 and depth>=2 || step == 7")
        #expect(condition.description == "p < 0.6 and depth >= 2 or step == 7")
        #expect(condition.alternatives.count == 2)
        #expect(try StepCondition(parsing: "r = 1").description == "r == 1")
    }

    @Test func breakpointsAreNumberedListedDisabledAndDeleted() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 95 7; break CARRY; tbreak WRITE; break @12 if r < 0.5; breaks") == 0)
        #expect(Array(shell.lines.dropFirst()) == [
            "breakpoint 1 at CARRY", "temporary breakpoint 2 at WRITE", "breakpoint 3 at step 12 if r < 0.5",
            "num  on   hits  where", "1    yes  0     CARRY", "2    yes  0     WRITE  (temporary)",
            "3    yes  0     @12 if r < 0.5",
        ])
        #expect(shell.run("run") == 0)
        #expect(shell.lines[0] == "temporary breakpoint 2 (WRITE) at step 2, deleted")
        #expect(shell.run("disable 1; run; info breakpoints") == 0)
        #expect(shell.lines[0].hasPrefix("breakpoint 3 (@12 if r < 0.5) at step 12: r=0."), "\(shell.text)")
        #expect(shell.lines.contains("1    no   0     CARRY"))
        #expect(!shell.lines.contains { $0.contains("WRITE") })
        #expect(shell.run("enable; delete 3; run") == 0)
        #expect(shell.lines[0].hasPrefix("breakpoint 1 (CARRY) at step"))
        #expect(shell.run("delete CARRY; breaks") == 0)
        #expect(shell.lines == ["no breakpoints"])
        for bad in ["delete 7", "disable x", "enable 0", "delete CARRY"] {
            #expect(shell.run(bad) == 1, "\(bad)")
        }
        #expect(shell.run("condition 4 p < 0.5") == 1)
        #expect(shell.run("break ADD1; condition 4 p < 0.5; condition 4; breaks") == 0)
        #expect(shell.lines.contains("breakpoint 4 now stops only if p < 0.5"))
        #expect(shell.lines.contains("breakpoint 4 is now unconditional"))
    }

    @Test func breakpointsStopStepNextAndFinishToo() throws {
        let shell = try CapturedShell()
        // ADD -> LSHIFT: 'next' steps over the call, but a breakpoint at LSHIFT stops it there.
        #expect(shell.run("env 123 456; step 2; break LSHIFT; next; expect stack LSHIFT ADD; expect step 3") == 0, "\(shell.text)")
        #expect(shell.text.contains("breakpoint 1 (LSHIFT) at step 3"))
        #expect(shell.run("delete; break MOVE_PTR; finish; expect step 4") == 0, "\(shell.text)")
        #expect(shell.run("next 3; expect step 5") == 0, "\(shell.text)")
        #expect(shell.run("delete; break CARRY; restart; step 100; expect stack; expect correct") == 0, "no carry in 123 + 456")
        #expect(shell.run("env 95 7; step 100; expect step 3; expect stack CARRY ADD1 ADD") == 0, "\(shell.text)")
        #expect(shell.text.contains("breakpoint 3 (CARRY) at step 3"))
    }

    @Test func aStepBreakpointStopsWhereUntilStops() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 987 654; until 20; show; stack; trace") == 0)
        let untilState = shell.lines.dropFirst(2)
        #expect(shell.run("env 987 654; break @20; run") == 0)
        #expect(shell.text.contains("breakpoint 1 (@20) at step 20"))
        #expect(shell.run("show; stack; trace") == 0)
        #expect(Array(untilState.dropFirst()) == Array(shell.lines.dropFirst()))
        #expect(shell.run("until 10") == 1)
        #expect(shell.text.contains("step 10 has already been taken (the model is at step 20); 'back 10' returns to it"))
        #expect(shell.run("break @5") == 0)
        #expect(shell.text.contains("already taken"))
    }
}
