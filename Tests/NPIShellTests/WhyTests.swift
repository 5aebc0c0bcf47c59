import Foundation
import NPIShell
import Testing

/// `why`, `force` and `diff` positioning on the under-trained model, which writes 4 instead of
/// 5 at step 13 of 9876 + 5678 (7 + 7 + carry 1).
@Suite struct WhyTests {
    @Test func whyAfterDiffExplainsTheDivergingStepAndNamesTheTeachersDecision() throws {
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 9876 5678; diff; expect step 12; why") == 0, "\(shell.text)")
        #expect(shell.text.contains("now at step 12: 'why' explains step 13, 'step' takes it"))
        let why = Array(shell.lines.drop { !$0.hasPrefix("step 13 ") })
        #expect(why.first == "step 13 (the next step, not taken yet): ADD1 at depth 1 read in1 7, in2 7, carry 1, out _", "\(why)")
        #expect(why.contains { $0.hasPrefix("  return    r=0.13") && $0.hasSuffix("goes on") })
        #expect(why.contains { $0.hasPrefix("  program   WRITE 0.98") })
        #expect(why.contains { $0.hasPrefix("  arg 2     4 0.35") && $0.contains("5 0.25") })
        #expect(why.contains { $0.hasPrefix("  model     WRITE(1,4)  p=0.35") })
        let teacher = try #require(why.first { $0.hasPrefix("  teacher   ") })
        #expect(teacher.hasPrefix("  teacher   WRITE(1,5)  p=0.24"), "\(teacher)")
        #expect(why.last?.hasPrefix("  lost      on argument 2: 5 0.25") == true, "\(why)")
        // Taking the step shows the same decision, and 'why' then explains the step taken.
        #expect(shell.run("step; why 5") == 0)
        #expect(shell.lines[0].hasPrefix("    13    ADD1           r=0.13  -> WRITE(1,4)    p=0.35"))
        #expect(shell.lines.contains { $0.hasPrefix("        the teacher: WRITE(1,5)") })
        #expect(shell.lines.contains { $0.hasPrefix("step 13: ADD1") })
        #expect(shell.lines.contains { $0.hasPrefix("  program") && $0.components(separatedBy: "   ").count == 6 }, "top 5 programs")
    }

    @Test func whyExplainsAnyStepTakenAndSaysWhenTheTeacherHasNoDecision() throws {
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 9876 5678; why") == 1)
        #expect(shell.text.contains("the model has taken no step yet"))
        #expect(shell.run("run; why @2") == 0)
        #expect(shell.text.contains("the model left the teacher's execution at step 13 ('why @13' explains it)"))
        #expect(shell.lines.contains("  teacher   the same"))
        #expect(shell.run("why @20") == 0)
        #expect(shell.lines.last == "  teacher   none here: the model left the teacher's execution at step 13 ('why @13')")
        #expect(shell.run("why @99") == 1)
        #expect(shell.text.contains("'why @N' explains a step from 1 to 46"))
    }

    @Test func forceTakesTheTeachersDecisionAndTheModelCarriesOn() throws {
        let shell = try CapturedShell()
        // Under teacher forcing the model differs at one step only, ADD's last: forcing it
        // leaves nothing wrong.
        #expect(shell.run("load \(BreakpointTests.undertrained); env 5964 3036; diff --all") == 0)
        #expect(shell.lines.last == "1 of 41 steps disagrees: ADD 1")
        #expect(shell.run("run") == 0)
        #expect(shell.text.contains("(wrong, expected 9000)"))
        #expect(shell.run("diff; force; run; expect correct") == 0, "\(shell.text)")
        #expect(shell.lines.contains { $0.hasSuffix("-> NOP           p=0.23  return  forced") }, "\(shell.text)")

        // A mistake mid-way: forcing the first one, the model finds the right answer by itself.
        #expect(shell.run("env 7177 2656; run") == 0)
        #expect(shell.text.contains("wrong"))
        #expect(shell.run("diff; force; run; expect correct; show; trace") == 0, "\(shell.text)")
        let forcedLines = shell.lines.filter { $0.hasSuffix("forced") }
        #expect(forcedLines.count == 2, "the forced step, as 'force' printed it and in the trace")
        #expect(shell.lines.contains { $0.hasPrefix("step 31  finished  (forced: ") }, "\(shell.text)")
    }

    @Test func forceNeedsTheTeacherAndBackReplaysForcedSteps() throws {
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 9876 5678; until 13; force") == 1)
        #expect(shell.text.contains("the model left the teacher's execution at step 13, so the teacher has no decision here; 'back' to step 12 and 'force' there"))
        #expect(shell.run("back; force; step; stack") == 0, "\(shell.text)")
        #expect(shell.lines.contains("#1  ADD1, called at step 12, 2 steps taken, returns when its call ends, forced at step 13"), "\(shell.text)")
        #expect(shell.run("step 3; trace") == 0)
        let trace = Array(shell.lines.filter { $0.contains(" r=") }.suffix(17))
        #expect(trace[12].hasSuffix("forced"))
        #expect(shell.run("back 3; step 3; trace") == 0)
        #expect(Array(shell.lines.filter { $0.contains(" r=") }.suffix(17)) == trace, "back over a forced step forces it again")
        #expect(shell.run("back 10; step 10; trace") == 0)
        #expect(!shell.lines.contains { $0.hasSuffix("forced") }, "going back before a forced step forgets it")
        #expect(shell.run("restart; run; force") == 0)
        #expect(shell.text.contains("the execution has finished"))
    }
}

/// A step the model decided but could not carry out (found by fuzzing: `why` and `info frame`
/// indexed past the trace).
@Suite struct FailedStepTests {
    @Test func aStepStoppedByALimitLeavesTheModelBeforeItAndWhyExplainsIt() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 12 34; set max-depth 1; step") == 1)
        #expect(shell.text.contains("the model stopped: call depth limit reached (1 frames) calling ADD1; raise it with 'set max-depth N'"))
        #expect(shell.run("expect step 0; why; info frame; stack; show") == 0, "\(shell.text)")
        #expect(shell.lines.first?.hasPrefix("step 1 (not carried out: call depth limit reached") == true, "\(shell.text)")
        #expect(shell.lines.contains("  model     ADD1  p=1.0000") || shell.lines.contains { $0.hasPrefix("  model     ADD1  p=0.99") })
        #expect(shell.lines.contains("  steps       0 taken"))
        #expect(shell.lines.contains("#0  ADD, the root call, 0 steps taken"))
        #expect(shell.run("set max-depth auto; restart; run; expect correct") == 0)
    }
}
