// What a policy (the model or a teacher) decides at one core step.

/// The outcome of one core step inside a call: what to call next, and whether to return.
///
/// The convention is "return after the call" (keras_npi): a step may call a program and
/// return once that call completes; a step with `call == nil` chose NOP and calls nothing.
public struct Decision: Equatable, Sendable {
    /// The program to call, or nil when the step calls nothing (the NOP choice).
    public var call: Call?
    /// Whether the current program returns after this step's call (if any) completes.
    public var returns: Bool
    /// The model's probabilities behind the choice; nil for a teacher.
    public var confidence: Confidence?

    public init(call: Call?, returns: Bool, confidence: Confidence? = nil) {
        self.call = call
        self.returns = returns
        self.confidence = confidence
    }

    /// The model's probabilities at one step, for display and for comparing with a teacher.
    public struct Confidence: Equatable, Sendable {
        /// `f_end`'s return probability.
        public var returnProbability: Double
        /// The softmax over programs (NOP included).
        public var programProbabilities: [Double]
        /// One softmax over values per argument slot.
        public var argumentProbabilities: [[Double]]

        public init(
            returnProbability: Double, programProbabilities: [Double],
            argumentProbabilities: [[Double]]
        ) {
            self.returnProbability = returnProbability
            self.programProbabilities = programProbabilities
            self.argumentProbabilities = argumentProbabilities
        }
    }
}

extension Decision.Confidence {
    /// The model's probability of `decision` as a whole: the program's probability (NOP's
    /// when it calls nothing) times the probability of each argument value the program reads.
    /// The return flag is not part of it: that is `returnProbability` against α.
    public func probability(of decision: Decision, programs: ProgramTable) -> Double {
        let chosen = decision.call ?? Call(programs.nopID)
        var probability = programProbabilities[chosen.program]
        for slot in 0..<programs[chosen.program].arity {
            probability *= argumentProbabilities[slot][chosen.arguments[slot]]
        }
        return probability
    }

    /// The greedy decision: the most probable program (the first on ties) and, for each
    /// argument it reads, the most probable value; it returns when the return probability
    /// reaches `returnThreshold` (α).
    public func greedyDecision(programs: ProgramTable, returnThreshold: Double) -> Decision {
        let program = argmax(programProbabilities)
        let arguments = Arguments((0..<programs[program].arity).map { argmax(argumentProbabilities[$0]) })
        return Decision(
            call: program == programs.nopID ? nil : Call(program, arguments),
            returns: returnProbability >= returnThreshold, confidence: self)
    }
}
