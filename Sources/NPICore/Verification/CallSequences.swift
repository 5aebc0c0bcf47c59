// The per-call input sequences of teacher executions (Cai, Shin & Song 2017, section 3.3): the
// unit that verification checks, since each call starts from a fresh core state.

/// Everything a call's core reads, which alone determines its decisions: the running call (its
/// program and arguments) and the observation at each of its steps.
public struct CallInputs: Hashable, Sendable {
    public var call: Call
    /// The task-level observation at each step, in order.
    public var observations: [[Int]]

    public init(call: Call, observations: [[Int]]) {
        self.call = call
        self.observations = observations
    }
}

/// One distinct per-call input sequence of the teacher, with what the teacher decided.
public struct CallSequence: Sendable {
    public var inputs: CallInputs
    /// The teacher's decision at each step.
    public var decisions: [Decision]
    /// The first problem whose execution met this sequence (named in messages).
    public var problem: Problem
}

/// The distinct per-call input sequences of many teacher executions, in order of first appearance.
public struct CallSequenceSet: Sendable {
    public private(set) var sequences: [CallSequence] = []
    /// How many calls of the executions added met each sequence (`occurrences[i]` for
    /// `sequences[i]`): the weight of its steps in statistics over the executions.
    public private(set) var occurrences: [Int] = []
    private var indexByInputs: [CallInputs: Int] = [:]

    public init() {}

    /// The set of distinct inputs, for coverage checks.
    public var inputs: Set<CallInputs> { Set(indexByInputs.keys) }

    public func contains(_ inputs: CallInputs) -> Bool { indexByInputs[inputs] != nil }

    /// Adds the calls of one execution of `problem`.
    ///
    /// Throws when the teacher decided differently on inputs it met before: its decisions then
    /// depend on more than the call's inputs, and no model could reproduce both.
    public mutating func add(trace steps: [TraceStep], problem: Problem, programs: ProgramTable) throws {
        var order: [Int] = []
        var calls: [Int: (inputs: CallInputs, decisions: [Decision])] = [:]
        for step in steps {
            if calls[step.frameID] == nil {
                order.append(step.frameID)
                calls[step.frameID] = (CallInputs(call: step.current, observations: []), [])
            }
            calls[step.frameID]!.inputs.observations.append(step.observation)
            calls[step.frameID]!.decisions.append(step.decision)
        }
        for frameID in order {
            let (inputs, decisions) = calls[frameID]!
            if let index = indexByInputs[inputs] {
                let known = sequences[index]
                guard zip(known.decisions, decisions).allSatisfy({ $0.agrees(with: $1, programs: programs) })
                else {
                    throw NPIError(
                        "the teacher's \(programs.describe(inputs.call)) decides differently on the same inputs in '\(known.problem)' and '\(problem)', so no model can match it"
                    )
                }
                occurrences[index] += 1
                continue
            }
            indexByInputs[inputs] = sequences.count
            sequences.append(CallSequence(inputs: inputs, decisions: decisions, problem: problem))
            occurrences.append(1)
        }
    }
}

extension NPITask {
    /// The distinct per-call input sequences of the teacher's executions of `problems` (each
    /// already parsed); `progress` hears how many problems are done.
    public func callSequences(
        of problems: [Problem], progress: (Int) -> Void = { _ in }
    ) throws -> CallSequenceSet {
        var set = CallSequenceSet()
        for (index, problem) in problems.enumerated() {
            try set.add(trace: try teacherTrace(for: problem).steps, problem: problem, programs: programs)
            progress(index + 1)
        }
        return set
    }

    /// A sequence encoded for the network, with the teacher's decisions as targets.
    public func trainingCall(for sequence: CallSequence) -> TrainingCall {
        var call = TrainingCall(
            program: sequence.inputs.call.program, length: 0, features: [], targetReturn: [],
            targetProgram: [], targetArguments: [])
        for (observation, decision) in zip(sequence.inputs.observations, sequence.decisions) {
            appendStep(observation: observation, running: sequence.inputs.call, decision: decision, to: &call)
        }
        return call
    }
}
