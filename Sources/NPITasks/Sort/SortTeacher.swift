// The hand-written bubble sort whose traces the model learns: the paper's loops (Reed & de Freitas
// 2016, section 4.1) or the fully recursive traces of Cai, Shin & Song 2017 (section 3.2, App. A).
import NPICore

/// Plans each bubble-sort program's steps from the current observation, in one of two forms.
///
/// Convention "return after the call": a decision's `returns` means the program returns once
/// that step's call completes. A plan is refilled only when empty and is a function of the
/// observation it is made from; steps planned ahead are fixed sequences. So every decision is a
/// function of the program, the current observation and the step's index in its call, and the
/// index matters only up to 2 (a `SortCase`): all the core needs to tell situations apart.
///
/// Between passes ptr1 and ptr2 stand on the same cell: BUBBLE moves ptr2 one right at its start
/// and back one left at its end, so RESET never sees two pointers whose equal digits could
/// hide whether ptr2 has already been moved.
///
/// Plain (the paper's loops, each call runs O(n) steps):
/// - BUBBLESORT: NOP and return when ptr3 is at the end; else BUBBLE if ptr1 is at the start
///   (a pass is due), RESET if not (a pass just finished).
/// - BUBBLE: at the start MOVE_PTR(ptr2, right) then BSTEP; then BSTEP until ptr2 is off the
///   array, where it returns with MOVE_PTR(ptr2, left).
/// - BSTEP: COMPSWAP, RSHIFT. RESET: LSHIFT until ptr1 is at the start, then MOVE_PTR(ptr3, right).
///
/// Recursive (Cai's *full* recursion, each call at most 3 steps): the loops become tail calls.
/// - BUBBLESORT: BUBBLE, RESET, BUBBLESORT (return after it), or NOP and return when done.
/// - BUBBLE: MOVE_PTR(ptr2, right), BSTEP, MOVE_PTR(ptr2, left).
/// - BSTEP: COMPSWAP, RSHIFT, BSTEP (return after it), or NOP and return when ptr2 is off the array.
/// - RESET: LSHIFT, RESET (return after it), or MOVE_PTR(ptr3, right) when ptr1 is at the start.
///
/// Both: COMPSWAP is SWAP (return) when value1 > value2, else NOP (return); LSHIFT and RSHIFT
/// move ptr1 then ptr2.
public struct SortTeacher: NPITeacher {
    /// Whether loops are written as tail calls (Cai et al.) instead of repeated steps (the paper).
    public let recursive: Bool

    public init(recursive: Bool) { self.recursive = recursive }

    /// The next decisions of `call`, from the environment's current observation.
    ///
    /// Only composite programs are planned; NOP and the primitives never run a core step.
    public func plan(for call: Call, environment: any NPIEnvironment) -> [Decision] {
        guard let program = SortProgram(rawValue: call.program) else {
            preconditionFailure("program id \(call.program) is not a sort program")
        }
        guard let observation = SortObservation(environment.observation()) else {
            preconditionFailure("the environment's observation \(environment.observation()) is not a sort observation")
        }
        switch program {
        case .bubbleSort:
            return planBubbleSort(observation)
        case .bubble:
            return planBubble(observation)
        case .reset:
            return planReset(observation)
        case .bubbleStep:
            return planBubbleStep(observation)
        case .compareSwap:
            return [observation.isOutOfOrder ? step(SortCall.swap, returns: true) : nop]
        case .leftShift:
            return shiftBoth(.left)
        case .rightShift:
            return shiftBoth(.right)
        case .nop, .movePointer, .swap:
            preconditionFailure("\(program.spec.name) is not composite; the teacher plans only composite calls")
        }
    }

    // MARK: - Programs

    private func planBubbleSort(_ observation: SortObservation) -> [Decision] {
        if observation.ptr3AtEnd { return [nop] }
        if recursive {
            return [step(SortCall.bubble), step(SortCall.reset), step(SortCall.bubbleSort, returns: true)]
        }
        return [step(observation.ptr1AtStart ? SortCall.bubble : SortCall.reset)]
    }

    private func planBubble(_ observation: SortObservation) -> [Decision] {
        let start = step(SortCall.movePointer(.ptr2, .right))
        let end = step(SortCall.movePointer(.ptr2, .left), returns: true)
        if recursive { return [start, step(SortCall.bubbleStep), end] }
        // After the first BSTEP ptr1 is never at the start again within this pass.
        if observation.ptr1AtStart { return [start, step(SortCall.bubbleStep)] }
        return [observation.ptr2OffArray ? end : step(SortCall.bubbleStep)]
    }

    private func planBubbleStep(_ observation: SortObservation) -> [Decision] {
        let compareAndShift = [step(SortCall.compareSwap), step(SortCall.rightShift, returns: !recursive)]
        guard recursive else { return compareAndShift }
        return observation.ptr2OffArray ? [nop] : compareAndShift + [step(SortCall.bubbleStep, returns: true)]
    }

    private func planReset(_ observation: SortObservation) -> [Decision] {
        if observation.ptr1AtStart { return [step(SortCall.movePointer(.ptr3, .right), returns: true)] }
        return recursive ? [step(SortCall.leftShift), step(SortCall.reset, returns: true)] : [step(SortCall.leftShift)]
    }

    private func shiftBoth(_ direction: PointerDirection) -> [Decision] {
        [step(SortCall.movePointer(.ptr1, direction)), step(SortCall.movePointer(.ptr2, direction), returns: true)]
    }

    /// The NOP choice: call nothing and return.
    private var nop: Decision { Decision(call: nil, returns: true) }

    private func step(_ call: Call, returns: Bool = false) -> Decision {
        Decision(call: call, returns: returns)
    }
}
