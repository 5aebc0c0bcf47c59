// The model's greedy decisions on teacher-forced calls, next to the teacher's (section 3.2,
// Reed & de Freitas 2016): what the trainer's exact-match check and `npi verify` both compare.
import NPINeural

/// One step of a teacher-forced call: what the teacher decided and what the model would decide.
public struct ForcedStep: Sendable {
    /// The teacher's decision (the batch's targets).
    public var teacher: Decision
    /// The model's greedy decision at the same inputs, with its probabilities.
    public var model: Decision
    /// How far the model's choice is from changing: the smallest of |return probability − α|
    /// and the gaps between the best and second-best program and read-argument probabilities.
    public var margin: Double

    /// Same return flag, program and read arguments.
    public func agrees(programs: ProgramTable) -> Bool {
        teacher.agrees(with: model, programs: programs)
    }
}

extension NPIModel {
    /// Runs the network teacher-forced on every call of `batch` (the path training uses) and
    /// returns each call's steps: `result[b][t]` is step `t` of the call in batch row `b`.
    ///
    /// The model's decisions are greedy with return threshold α, exactly as `ModelPolicy` makes
    /// them during execution.
    public func teacherForcedSteps(
        _ batch: NPINetwork<Float>.SequenceBatch, returnThreshold: Double = 0.5
    ) -> [[ForcedStep]] {
        let task = task(inEnvironment: batch.environment)
        let policy = ModelPolicy(model: self, task: task, returnThreshold: returnThreshold)
        let outputs = network.teacherForcedOutputs(batch)
        var steps = [[ForcedStep]](repeating: [], count: batch.batch)
        for (t, output) in outputs.enumerated() {
            for b in 0..<batch.batch {
                let decision = policy.decision(from: output, row: b)
                steps[b].append(
                    ForcedStep(
                        teacher: teacherDecision(in: batch, row: t * batch.batch + b, programs: task.programs),
                        model: decision,
                        margin: margin(of: decision, returnThreshold: returnThreshold, programs: task.programs)))
            }
        }
        return steps
    }

    /// Runs each of `sequences` of the current task teacher-forced, calls of equal length batched
    /// `batchSize` at a time, and hands `body` each sequence's index and steps. `progress` hears how many
    /// sequences are done; when `shouldStop` (polled every batch) answers true, it stops and
    /// returns false.
    @discardableResult
    public func forEachTeacherForced(
        _ sequences: [CallSequence], returnThreshold: Double, batchSize: Int = 256,
        progress: (Int) -> Void = { _ in }, shouldStop: () -> Bool = { false },
        _ body: (_ index: Int, _ steps: [ForcedStep]) -> Void
    ) -> Bool {
        var done = 0
        let byLength = Dictionary(grouping: sequences.indices) { sequences[$0].decisions.count }
        for length in byLength.keys.sorted() {
            let indices = byLength[length]!
            for start in stride(from: 0, to: indices.count, by: batchSize) {
                if shouldStop() { return false }
                let chunk = Array(indices[start..<min(start + batchSize, indices.count)])
                let batch = CallBatches.stack(chunk.map {
                    var call = task.trainingCall(for: sequences[$0])
                    call.environment = environmentIndex
                    return call
                })
                let steps = teacherForcedSteps(batch, returnThreshold: returnThreshold)
                for (row, index) in chunk.enumerated() { body(index, steps[row]) }
                done += chunk.count
                progress(done)
            }
        }
        return true
    }

    /// The teacher's decision stored as targets in row `row` of `batch`.
    private func teacherDecision(
        in batch: NPINetwork<Float>.SequenceBatch, row: Int, programs: ProgramTable
    ) -> Decision {
        let program = Int(batch.targetProgram[row])
        let slots = Arguments.count
        let arity = program >= 0 ? programs[program].arity : 0
        let arguments = (0..<arity).map { max(0, Int(batch.targetArguments[row * slots + $0])) }
        let call = program < 0 || program == programs.nopID ? nil : Call(program, Arguments(arguments))
        return Decision(call: call, returns: batch.targetReturn[row] == 1)
    }

    /// The smallest change in the model's probabilities that would change `decision`.
    private func margin(of decision: Decision, returnThreshold: Double, programs: ProgramTable) -> Double {
        guard let confidence = decision.confidence else { return 0 }
        var smallest = abs(confidence.returnProbability - returnThreshold)
        smallest = min(smallest, topGap(confidence.programProbabilities))
        let program = decision.call?.program ?? programs.nopID
        for slot in 0..<programs[program].arity {
            smallest = min(smallest, topGap(confidence.argumentProbabilities[slot]))
        }
        return smallest
    }
}

/// The best value minus the second best.
private func topGap(_ values: [Double]) -> Double {
    var best = -Double.infinity, second = -Double.infinity
    for value in values {
        if value > best {
            second = best
            best = value
        } else if value > second {
            second = value
        }
    }
    return best - second
}
