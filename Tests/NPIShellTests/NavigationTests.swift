import Foundation
import NPIShell
import Testing

/// Moving in time (until, back, restart), selecting frames, and the display settings.
@Suite struct NavigationTests {
    /// `show`, `stack` and `trace` together: everything a position in an execution determines.
    static func position(_ shell: CapturedShell) -> [String] {
        shell.run("show; stack; trace; set display on; show teacher; set display off")
        return shell.lines
    }

    @Test(arguments: [
        ("addition", "987 654", 25, 1), ("addition", "987 654", 25, 24), ("addition", "987 654", 25, 100),
        ("addition-recursive", "99999 1", 60, 17), ("sort", "5 3 9 1 0", 70, 33),
        ("sort-recursive", "2 1 0", 30, 29),
    ])
    func goingBackEqualsSteppingForwardToTheSamePoint(task: String, problem: String, forward: Int, back: Int) throws {
        let shell = try CapturedShell()
        #expect(shell.run("task \(task); env \(problem); step \(forward); back \(back)") == 0, "\(shell.text)")
        let target = max(0, forward - back)
        #expect(shell.text.contains(target == 0 ? "back at step 0" : "back at step \(target) of \(forward)"))
        let afterBack = NavigationTests.position(shell)
        if target > 0 {
            #expect(shell.run("env \(problem); step \(target)") == 0)
        } else {
            #expect(shell.run("env \(problem)") == 0)
        }
        #expect(NavigationTests.position(shell) == afterBack)
        // And the execution goes on from there exactly as it would have.
        #expect(shell.run("run; expect correct") == 0)
    }

    @Test func backAtTheStartIsAnErrorAndRestartKeepsBreakpoints() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 9 3; back") == 1)
        #expect(shell.text.contains("the model is at step 0"))
        #expect(shell.run("break CARRY; run; restart; expect step 0; run; expect step 3") == 0, "\(shell.text)")
        #expect(shell.text.contains("restarted 9 3 at step 0"))
        // A model stopped by the step limit can go back and on.
        #expect(shell.run("delete; set max-steps 5; restart; run") == 1)
        #expect(shell.text.contains("step limit reached (5 steps)"))
        #expect(shell.run("set max-steps auto; back 2; expect step 3; run; expect correct") == 0, "\(shell.text)")
    }

    @Test func framesAreSelectedWithUpDownAndFrameAndDescribed() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 95 7; break CARRY; run; up") == 0)
        #expect(shell.lines.suffix(2) == [
            "#1  ADD1, called at step 1, 2 steps taken, returns when its call ends",
            "     3    ADD1           r=1.00  -> CARRY         p=1.00  return",
        ], "\(shell.text)")
        #expect(shell.run("info frame") == 0)
        #expect(shell.lines == [
            "frame #1 of 3: ADD1, depth 1",
            "  called at   step 1, by ADD (frame #2)",
            "  arguments   none",
            "  steps       2 taken (its first was step 2)",
            "  started on  in1 5, in2 7, carry _, out _",
            "  last step   3    ADD1           r=1.00  -> CARRY         p=1.00  return",
            "  now calling CARRY (frame #0)",
            "  returns     when its current call ends",
        ], "\(shell.text)")
        #expect(shell.run("show") == 0)
        #expect(shell.lines.last == "selected #1  ADD1, called at step 1, 2 steps taken, returns when its call ends")
        #expect(shell.run("stack") == 0)
        #expect(shell.lines[1].hasSuffix("(selected)"))
        #expect(shell.run("up") == 0)
        #expect(shell.run("up") == 1)
        #expect(shell.text.contains("frame #2 is the outermost frame"))
        #expect(shell.run("down 5; frame") == 0)
        #expect(shell.lines.last?.hasPrefix("#0  CARRY, called at step 3, 0 steps taken") == true, "\(shell.text)")
        #expect(shell.run("down") == 1)
        #expect(shell.text.contains("frame #0 is the innermost frame"))
        #expect(shell.run("frame 3") == 1)
        #expect(shell.text.contains("no frame #3: the stack has frames #0 to #2"))
        // Any step selects the innermost frame again.
        #expect(shell.run("frame 2; step; info frame") == 0)
        #expect(shell.lines.contains("frame #0 of 3: CARRY, depth 2"), "\(shell.text)")
        #expect(shell.run("delete; run; up") == 1)
        #expect(shell.text.contains("the execution has finished"))
    }

    @Test func displayPrintsThePictureAfterEveryStep() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 12 34; set display on; step 2") == 0)
        // 2 step lines, each followed by the 4 rows of the scratchpad.
        #expect(shell.lines.count == 1 + 2 * 5, "\(shell.text)")
        #expect(shell.lines[2].hasPrefix("        in1") && shell.lines[5].hasPrefix("        out"))
        #expect(shell.run("next") == 0)  // ADD -> LSHIFT, and LSHIFT's 4 steps hidden
        #expect(shell.lines.count == 1 + 1 + 4, "one step line, the hidden steps, the picture: \(shell.text)")
        #expect(shell.lines[1] == "        (4 steps inside the call)")
        #expect(shell.run("set display off; step") == 0)
        #expect(shell.lines.count == 1, "ADD -> ADD1 changes no row: \(shell.text)")
    }

    @Test func showTeacherPutsBothPicturesSideBySide() throws {
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 9876 5678; step 13; teacher step 12; show teacher") == 0)
        let table = shell.lines.suffix(6)
        #expect(table.first?.hasPrefix("model") == true && table.first?.hasSuffix("teacher") == true, "\(shell.text)")
        #expect(table.last?.hasPrefix("step 13  stack ADD > ADD1") == true)
        #expect(table.last?.hasSuffix("step 12  stack ADD > ADD1") == true, "\(shell.text)")
        let outRow = try #require(table.first { $0.hasPrefix("out") })
        #expect(outRow.contains("[4]") && outRow.components(separatedBy: "out").count == 3, "\(outRow)")
    }

    @Test func expectStepAndStackPinAPosition() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 95 7; until 4; expect step 4; expect stack CARRY ADD1 ADD; expect stack carry add1 add") == 0)
        #expect(shell.run("expect step 5") == 1)
        #expect(shell.lines.last == "<stdin>:1: error: expected the model at step 5, but it is at step 4")
        #expect(shell.run("expect stack ADD1 ADD") == 1)
        #expect(shell.lines.last == "<stdin>:1: error: expected the stack ADD1 ADD, got CARRY ADD1 ADD")
        #expect(shell.run("run; expect stack") == 0)
    }
}
