// Decisions and call stacks in words, one wording for the shell's `diff` and `why` and the
// HTML viewer, so the two always agree.
import Foundation

extension ProgramTable {
    /// `CALL return` with the model's probability of that decision and its return probability,
    /// as `diff` prints both sides: `WRITE(1,4)  (model p=0.29, r=0.12)`.
    public func describe(_ decision: Decision, probabilitiesFrom model: Decision) -> String {
        var text = describe(decision)
        if let confidence = model.confidence {
            text += String(
                format: "  (model p=%.2f, r=%.2f)", confidence.probability(of: decision, programs: self),
                confidence.returnProbability)
        }
        return text
    }

    /// `ADD > ADD > … 496 frames … > ADD1`: the calls outermost first, long stacks elided.
    public func describeStack(_ calls: [Call]) -> String {
        let names = calls.map(describe)
        guard names.count > 8 else { return names.joined(separator: " > ") }
        let hidden = names.count - 6
        return (names.prefix(2) + ["… \(hidden) frames …"] + names.suffix(4)).joined(separator: " > ")
    }

    /// `WRITE(1,4) return  p=0.3512 (0.9901 × 0.9993 × 0.3550)`: the model's probability of
    /// `decision` and its factors (the program, then each argument it reads), as `why` shows it.
    public func explain(_ decision: Decision, confidence: Decision.Confidence) -> String {
        let chosen = decision.call ?? Call(nopID)
        var factors = [confidence.programProbabilities[chosen.program]]
        for slot in 0..<self[chosen.program].arity {
            factors.append(confidence.argumentProbabilities[slot][chosen.arguments[slot]])
        }
        let joint = confidence.probability(of: decision, programs: self)
        let product = factors.count > 1 ? " (" + factors.map(fixed4).joined(separator: " × ") + ")" : ""
        return describe(decision) + "  p=\(fixed4(joint))\(product)"
    }

    /// Where the teacher's decision lost to the model's: each part that differs (the program,
    /// then each argument, then the return flag), with both probabilities and the gap.
    public func lostBy(
        model: Decision, teacher: Decision, confidence: Decision.Confidence, returnThreshold: Double
    ) -> [String] {
        let modelProgram = model.call?.program ?? nopID
        let teacherProgram = teacher.call?.program ?? nopID
        var parts: [String] = []
        if modelProgram != teacherProgram {
            let own = confidence.programProbabilities[modelProgram]
            let theirs = confidence.programProbabilities[teacherProgram]
            parts.append("on the program: \(self[teacherProgram].name) \(fixed4(theirs)) against \(self[modelProgram].name) \(fixed4(own)) (by \(fixed4(own - theirs)))")
        } else {
            for slot in 0..<self[modelProgram].arity {
                let ownValue = model.call!.arguments[slot], theirValue = teacher.call!.arguments[slot]
                guard ownValue != theirValue else { continue }
                let own = confidence.argumentProbabilities[slot][ownValue]
                let theirs = confidence.argumentProbabilities[slot][theirValue]
                parts.append("on argument \(slot + 1): \(theirValue) \(fixed4(theirs)) against \(ownValue) \(fixed4(own)) (by \(fixed4(own - theirs)))")
            }
        }
        if model.returns != teacher.returns {
            let r = confidence.returnProbability
            let gap = fixed4(abs(r - returnThreshold))
            parts.append(teacher.returns
                ? "on the return: the teacher returns, but r=\(fixed4(r)) is below α=\(returnThreshold) (by \(gap))"
                : "on the return: the teacher goes on, but r=\(fixed4(r)) reaches α=\(returnThreshold) (by \(gap))")
        }
        return parts
    }
}

/// `value` with four decimals, as `why` shows probabilities.
public func fixed4(_ value: Double) -> String { String(format: "%.4f", value) }

extension ExecutionDiff {
    /// What `diff` says about a lock-step comparison: the first divergence (the step, the call
    /// stack, the teacher's and the model's decisions with the model's probabilities), or that
    /// there is none.
    public static func firstDivergenceLines(
        _ disagreement: Disagreement?, agreedSteps: Int, programs: ProgramTable
    ) -> [String] {
        guard let disagreement else {
            return ["no divergence: the model follows the teacher for all \(count(agreedSteps, "step"))"]
        }
        let step = disagreement.teacherStep
        let model = disagreement.modelDecision
        return [
            "diverged at step \(step.number) after \(count(agreedSteps, "agreeing step"))",
            "stack    " + programs.describeStack(disagreement.stack),
            "teacher  " + programs.describe(step.decision, probabilitiesFrom: model),
            "model    " + programs.describe(model, probabilitiesFrom: model),
        ]
    }

    /// `diff --all`'s summary: how many teacher-forced steps disagree, per program.
    public static func teacherForcedSummary(
        _ disagreements: [Disagreement], steps: Int, programs: ProgramTable
    ) -> String {
        guard !disagreements.isEmpty else { return "no disagreement in \(count(steps, "teacher-forced step"))" }
        var counts: [ProgramID: Int] = [:]
        for disagreement in disagreements { counts[disagreement.teacherStep.current.program, default: 0] += 1 }
        let perProgram = counts.keys.sorted().map { "\(programs[$0].name) \(counts[$0]!)" }
        let verb = disagreements.count == 1 ? "disagrees" : "disagree"
        return "\(disagreements.count) of \(count(steps, "step")) \(verb): " + perProgram.joined(separator: ", ")
    }

    /// `1 step`, `2 steps`.
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)" + (number == 1 ? "" : "s")
    }
}
