// Why the model decided as it did at a step (`why`), and what happens when it is made to decide
// as the teacher does instead (`force`).
import Foundation
import NPICore

extension Session {
    /// `why [@N] [K]`: the whole decision at step N (default: the step just taken, or after
    /// `diff` the diverging step the model is about to take): the observation it read, the
    /// return probability against α, the top K programs and values of each argument head, and
    /// the teacher's decision with the model's probability of it and the margin it lost by.
    func why(step requested: Int?, top count: Int) throws {
        let run = try requireModelRun()
        let number = requested ?? pendingWhyStep ?? (failedStep != nil ? run.stepCount + 1 : run.stepCount)
        guard number >= 1 else { throw ShellError("the model has taken no step yet; 'step' takes one, 'why @N' names one") }
        let explained: (observation: [Int], running: Call, depth: Int, model: Decision, forced: Decision?, teacher: Decision?)
        if let failed = failedStep, number == failed.number {
            // The step the model could not carry out (a limit, a primitive that could not act).
            explained = (failed.observation, failed.current, failed.depth, failed.decision, nil, shadow?.nextDecision())
        } else if number <= run.stepCount {
            let step = modelTrace[number - 1]
            let confidence = step.decision.confidence!
            let own = confidence.greedyDecision(programs: task.programs, returnThreshold: settings.alpha)
            explained = (step.observation, step.current, step.depth, own, step.forced ? step.decision : nil,
                         shadow?.decision(atStep: number))
        } else if number == run.stepCount + 1, !run.isFinished, modelFailure == nil {
            let call = run.stack[run.stack.count - 1].call
            guard var state = run.topFrameState else { return }
            let decision = try run.policy.decide(&state, call: call, environment: run.environment)
            explained = (run.environment.observation(), call, run.stack.count - 1, decision, nil, shadow?.nextDecision())
        } else {
            throw ShellError("the model is at step \(run.stepCount): 'why @N' explains a step from 1 to \(run.stepCount + (run.isFinished ? 0 : 1))")
        }
        let programs = task.programs
        let confidence = explained.model.confidence!
        let pending = failedStep?.number == number
            ? " (not carried out: \(modelFailure ?? "it failed"))"
            : number > run.stepCount ? " (the next step, not taken yet)" : ""
        output.message("step \(number)\(pending): \(programs.describe(explained.running)) at depth \(explained.depth) read \(task.describeObservation(explained.observation))")
        let returns = confidence.returnProbability >= settings.alpha
        output.message("  return    r=\(fixed4(confidence.returnProbability)) \(returns ? ">=" : "<") α=\(settings.alpha): \(returns ? "returns after the call" : "goes on")")
        output.message("  program   " + ranked(confidence.programProbabilities, count: count) { programs[$0].name })
        let teacherProgram = explained.teacher.map { $0.call?.program ?? programs.nopID }
        let ownProgram = explained.model.call?.program ?? programs.nopID
        let arity = max(programs[ownProgram].arity, teacherProgram.map { programs[$0].arity } ?? 0)
        for slot in 0..<arity {
            output.message("  arg \(slot + 1)     " + ranked(confidence.argumentProbabilities[slot], count: count) { String($0) })
        }
        output.message("  model     " + programs.explain(explained.model, confidence: confidence))
        if let forced = explained.forced {
            output.message("  forced    " + programs.explain(forced, confidence: confidence) + " (the teacher's, by 'force')")
        }
        guard let teacher = explained.teacher else {
            if let left = shadow?.leftAt, left < number {
                output.message("  teacher   none here: the model left the teacher's execution at step \(left) ('why @\(left)')")
            } else {
                output.message("  teacher   none: it has finished")
            }
            return
        }
        if teacher.agrees(with: explained.model, programs: programs) {
            output.message("  teacher   the same")
        } else {
            output.message("  teacher   " + programs.explain(teacher, confidence: confidence))
            for part in programs.lostBy(model: explained.model, teacher: teacher, confidence: confidence, returnThreshold: settings.alpha) { output.message("  lost      " + part) }
        }
    }

    /// `force`: one step with the teacher's decision instead of the model's, marked as forced.
    func forceStep() throws {
        let run = try requireModelRun()
        guard try !finishedOrStopped(run) else { return }
        guard try takeModelStep(run, printing: true, forcing: true) else { return }
        reportIfFinished(run)
    }

    /// Why `force` cannot take the teacher's decision now.
    func cannotForceMessage() -> String {
        if let left = shadow?.leftAt {
            return "the model left the teacher's execution at step \(left), so the teacher has no decision here; 'back' to step \(left - 1) and 'force' there"
        }
        return "the teacher has finished: it has no decision for this step"
    }

    // MARK: - Text

    /// The `count` largest probabilities as `NAME 0.9901   NAME 0.0031 ...`, largest first.
    private func ranked(_ probabilities: [Double], count: Int, name: (Int) -> String) -> String {
        let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
        return order.prefix(count).map { "\(name($0)) \(fixed4(probabilities[$0]))" }.joined(separator: "   ")
    }
}
