// Teacher traces cut into independent, teacher-forced call sequences.
//
// With the per-call state reset of Algorithm 1, every call in a trace starts from a zero core
// state, so each call is an independent sequence and calls of equal length can be batched.

/// The steps of one program call, encoded for the network.
public struct TrainingCall: Sendable, Equatable {
    /// The index of the model environment the call runs in (0 in a single-task model).
    public var environment = 0
    /// The program the call runs (its embedding is the core's input at every step).
    public var program: ProgramID
    /// Number of core steps.
    public var length: Int
    /// `f_enc` input indices, `length * encoderInputWidth`, -1 padded.
    public var features: [Int32]
    /// 0/1 per step.
    public var targetReturn: [Int32]
    /// The program called at each step (NOP's id when nothing is called).
    public var targetProgram: [Int32]
    /// `length * Arguments.count`; -1 where the called program does not read the slot.
    public var targetArguments: [Int32]
}

extension NPITask {
    /// The calls of one trace, in the order they started.
    public func trainingCalls(from steps: [TraceStep]) -> [TrainingCall] {
        var order: [Int] = []
        var byFrame: [Int: TrainingCall] = [:]
        for step in steps {
            if byFrame[step.frameID] == nil {
                order.append(step.frameID)
                byFrame[step.frameID] = TrainingCall(
                    program: step.current.program, length: 0, features: [], targetReturn: [],
                    targetProgram: [], targetArguments: [])
            }
            appendStep(
                observation: step.observation, running: step.current, decision: step.decision,
                to: &byFrame[step.frameID]!)
        }
        return order.map { byFrame[$0]! }
    }

    /// Appends one step, encoded for the network, to `call`: its input and the teacher's targets.
    func appendStep(
        observation: [Int], running current: Call, decision: Decision, to call: inout TrainingCall
    ) {
        call.length += 1
        appendEncoderInput(observation: observation, running: current, to: &call.features)
        call.targetReturn.append(decision.returns ? 1 : 0)
        let target = decision.call ?? Call(programs.nopID)
        call.targetProgram.append(Int32(target.program))
        let arity = programs[target.program].arity
        for slot in 0..<Arguments.count {
            call.targetArguments.append(slot < arity ? Int32(target.arguments.values[slot]) : -1)
        }
    }
}

extension TraceRecord {
    /// The steps of this record as the interpreter would have produced them; errors name `source`.
    public func traceSteps(task: any NPITask, source: String) throws -> [TraceStep] {
        guard self.task == task.name else {
            throw NPIError("\(source): trace is for task '\(self.task)', not '\(task.name)'")
        }
        func call(_ name: String, _ arguments: [Int]) throws -> Call {
            guard let id = task.programs.id(named: name) else {
                throw NPIError("\(source): step names unknown program '\(name)'")
            }
            guard arguments.count == Arguments.count,
                arguments.allSatisfy({ (0..<Arguments.depth).contains($0) })
            else {
                throw NPIError("\(source): arguments \(arguments) of \(name) are not \(Arguments.count) values in 0-\(Arguments.depth - 1)")
            }
            return Call(id, Arguments(arguments))
        }
        return try steps.map { step in
            let features = task.features(of: step.observation)
            guard features.count <= task.maxActiveFeatures,
                features.allSatisfy({ (0..<task.observationFeatureCount).contains($0) })
            else {
                throw NPIError("\(source): step \(step.step) has an invalid observation \(step.observation)")
            }
            let chosen = try step.call.map { try call($0.program, $0.arguments) }
            return TraceStep(
                number: step.step, depth: step.depth, frameID: step.frame,
                current: try call(step.program, step.arguments), observation: step.observation,
                decision: Decision(call: chosen, returns: step.returns))
        }
    }
}
