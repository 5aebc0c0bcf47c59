// The hand-written MAX whose traces the model learns: sort, then jump right (Reed & de Freitas
// 2016, section 4.3 and Table 2).
import NPICore

/// Plans MAX and RJMP, and leaves every bubble-sort program to the plain `SortTeacher`.
///
/// - MAX: BUBBLESORT, then RJMP (return after it), planned at once as a fixed sequence: the
///   answer is then under ptr1.
/// - RJMP: RSHIFT while ptr2 is on the row; once ptr2 is past the end, MOVE_PTR(ptr1, left)
///   and return, which leaves ptr1 on the last element.
///
/// Why RJMP ends with a MOVE_PTR: BUBBLESORT returns with ptr1 and ptr2 on the same cell, so
/// RSHIFT moves them together, and the first observation that tells the end of the row is
/// ptr2 past it, where ptr1 is too. Moving ptr2 one ahead first would not help: with equal
/// neighbours, RJMP could not tell from the observation whether it had already done so. Every
/// decision is a function of the observation alone (RJMP) or of the step in the call (MAX),
/// as for the sort programs; the tests check it on thousands of traces.
///
/// For a row of one element BUBBLESORT returns at once, and RJMP takes one RSHIFT.
public struct MaxTeacher: NPITeacher {
    /// The teacher of BUBBLESORT and everything it calls, and of RSHIFT.
    private let sort = SortTeacher(recursive: false)

    public init() {}

    /// The next decisions of `call`, from the environment's current observation.
    ///
    /// Only composite programs are planned; NOP and the primitives never run a core step.
    public func plan(for call: Call, environment: any NPIEnvironment) -> [Decision] {
        guard let program = MaxProgram(rawValue: call.program) else {
            return sort.plan(for: call, environment: environment)
        }
        switch program {
        case .max:
            return [Decision(call: SortCall.bubbleSort, returns: false), Decision(call: MaxCall.rightJump, returns: true)]
        case .rightJump:
            guard let observation = SortObservation(environment.observation()) else {
                preconditionFailure("the environment's observation \(environment.observation()) is not a sort observation")
            }
            if observation.ptr2OffArray {
                return [Decision(call: SortCall.movePointer(.ptr1, .left), returns: true)]
            }
            return [Decision(call: SortCall.rightShift, returns: false)]
        }
    }
}
