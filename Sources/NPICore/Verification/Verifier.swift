// Verification of a trained model (Cai, Shin & Song 2017, section 3.3 and appendix A.6): the model
// must reproduce the teacher on every per-call input sequence its executions can meet.
//
// Every call starts from a zero core state and the caller's state comes back on return, so a
// call's decisions depend only on its own inputs. A model that matches the teacher on every
// reachable per-call sequence therefore matches it, by induction over the steps, on every problem.

/// How many of one program's distinct call sequences the model reproduces.
public struct ProgramTally: Sendable, Equatable {
    public var program: ProgramID
    public var sequences: Int
    public var matching: Int
}

/// A call sequence on which the model decides differently from the teacher.
public struct SequenceMismatch: Sendable {
    public var sequence: CallSequence
    /// The first differing step, 0-based.
    public var step: Int
    public var teacher: Decision
    public var model: Decision
}

/// What a verification run found.
public struct VerificationReport: Sendable {
    /// One entry per program that was called, in id order.
    public var tallies: [ProgramTally]
    /// Every sequence the model does not reproduce, in the order the sequences were met.
    public var mismatches: [SequenceMismatch]
    /// The smallest decision margin over every step of every sequence (see `ForcedStep.margin`):
    /// how far the closest decision is from flipping.
    public var minimumMargin: Double

    /// Number of distinct per-call sequences checked.
    public var sequenceCount: Int { tallies.reduce(0) { $0 + $1.sequences } }
    /// True when the model reproduces the teacher on every sequence.
    public var isVerified: Bool { mismatches.isEmpty }
}

/// Checks a model against the teacher on distinct per-call input sequences, teacher-forced and
/// batched through the network path training uses, with greedy decisions at return threshold α.
public struct Verifier {
    public let model: NPIModel
    /// α: the return probability at or above which a call returns.
    public var returnThreshold = 0.5
    /// Calls of equal length run together.
    public var batchSize = 256

    public init(model: NPIModel) { self.model = model }

    /// Runs the model on every sequence of `set`; `progress` hears how many are done.
    public func verify(_ set: CallSequenceSet, progress: (Int) -> Void = { _ in }) -> VerificationReport {
        let task = model.task
        let programs = task.programs
        let sequences = set.sequences
        var matches = [Bool](repeating: true, count: sequences.count)
        var firstMismatch: [Int: SequenceMismatch] = [:]
        var minimumMargin = Double.infinity
        model.forEachTeacherForced(
            sequences, returnThreshold: returnThreshold, batchSize: batchSize, progress: progress
        ) { index, steps in
            for (t, step) in steps.enumerated() {
                minimumMargin = min(minimumMargin, step.margin)
                guard matches[index], !step.agrees(programs: programs) else { continue }
                matches[index] = false
                firstMismatch[index] = SequenceMismatch(
                    sequence: sequences[index], step: t, teacher: step.teacher, model: step.model)
            }
        }
        var tallies: [ProgramID: ProgramTally] = [:]
        for (index, sequence) in sequences.enumerated() {
            let program = sequence.inputs.call.program
            tallies[program, default: ProgramTally(program: program, sequences: 0, matching: 0)].sequences += 1
            if matches[index] { tallies[program]!.matching += 1 }
        }
        return VerificationReport(
            tallies: tallies.keys.sorted().map { tallies[$0]! },
            mismatches: firstMismatch.keys.sorted().map { firstMismatch[$0]! },
            minimumMargin: sequences.isEmpty ? 0 : minimumMargin)
    }
}

// MARK: - Text

extension ProgramTable {
    /// A mismatch as one line: the call, its observations, the first differing step, both
    /// decisions and the first problem that meets it.
    public func describe(_ mismatch: SequenceMismatch) -> String {
        let inputs = mismatch.sequence.inputs
        let observations = inputs.observations.map { "(" + $0.map(String.init).joined(separator: ",") + ")" }
        return "\(describe(inputs.call)) on \(observations.joined(separator: " ")) step \(mismatch.step + 1):"
            + " teacher \(describe(mismatch.teacher)), model \(describe(mismatch.model))"
            + " (first in '\(mismatch.sequence.problem)')"
    }

    /// A decision as `WRITE(1,2)`, `NOP`, with ` return` when it returns.
    public func describe(_ decision: Decision) -> String {
        describe(decision.call ?? Call(nopID)) + (decision.returns ? " return" : "")
    }
}
