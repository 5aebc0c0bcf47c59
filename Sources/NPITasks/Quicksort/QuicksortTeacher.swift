// The hand-written quicksort whose traces the model learns: Lomuto partition of the top range,
// as a loop over a stack of ranges or as recursion (after Cai, Shin & Song 2017, App. A.4-A.5).
import NPICore

/// Plans each quicksort program's steps from the current observation, in one of two forms.
///
/// Convention "return after the call", as `SortTeacher`'s: a decision's `returns` means the
/// program returns once that step's call completes; a plan is refilled only when empty and is
/// a function of the observation it is made from, and steps planned ahead are fixed sequences.
///
/// PARTITION is Lomuto's scheme on the top range (lo, hi), pivot `A[hi]`, with i and j on lo
/// (PTRS_TO_LO): while j is before hi, a value at most the pivot is swapped to i, and i moves
/// right; j moves right each time. At hi it swaps the pivot to i, its final place, and SPLIT
/// replaces the range by its two parts, the left one on top.
///
/// Plain (a loop per program, each call runs O(n) steps):
/// - QUICKSORT: NOP and return when the stack is empty; POP a range of 0 or 1 element; else
///   PTRS_TO_LO, PARTITION, SPLIT.
/// - PARTITION: SWAP(1) and return when j is at hi; else SWAP(0), MOVE_PTR(i, right),
///   MOVE_PTR(j, right) when `A[j] <= A[hi]`, or MOVE_PTR(j, right) alone when not.
///
/// Recursive (each call at most 5 steps): the loops become calls.
/// - QUICKSORT sorts the top range and pops it: POP (return) for 0 or 1 element; else
///   PTRS_TO_LO, PARTITION, SPLIT, QUICKSORT (the left part), QUICKSORT (the right part,
///   return after it). Every call pops exactly one range net.
/// - PARTITION: as plain, with PARTITION (return after it) after the moves.
public struct QuicksortTeacher: NPITeacher {
    /// Whether loops are written as calls (after Cai et al.) instead of repeated steps.
    public let recursive: Bool

    public init(recursive: Bool) { self.recursive = recursive }

    /// The next decisions of `call`, from the environment's current observation.
    ///
    /// Only composite programs are planned; NOP and the primitives never run a core step.
    public func plan(for call: Call, environment: any NPIEnvironment) -> [Decision] {
        guard let program = QuicksortProgram(rawValue: call.program) else {
            preconditionFailure("program id \(call.program) is not a quicksort program")
        }
        guard let observation = QuicksortObservation(environment.observation()) else {
            preconditionFailure("the environment's observation \(environment.observation()) is not a quicksort observation")
        }
        switch program {
        case .quicksort:
            return planQuicksort(observation)
        case .partition:
            return planPartition(observation)
        case .nop, .movePointer, .swap, .pointersToLow, .split, .pop:
            preconditionFailure("\(program.spec.name) is not composite; the teacher plans only composite calls")
        }
    }

    // MARK: - Programs

    private func planQuicksort(_ observation: QuicksortObservation) -> [Decision] {
        // The recursive root never sees an empty stack: each call pops its own range.
        if !recursive && observation.stackEmpty { return [nop] }
        if !observation.rangeHasTwo { return [step(QuicksortCall.pop, returns: recursive)] }
        let partition = [step(QuicksortCall.pointersToLow), step(QuicksortCall.partition), step(QuicksortCall.split)]
        guard recursive else { return partition }
        return partition + [step(QuicksortCall.quicksort), step(QuicksortCall.quicksort, returns: true)]
    }

    private func planPartition(_ observation: QuicksortObservation) -> [Decision] {
        if observation.jAtHigh { return [step(QuicksortCall.swap(.iAndHigh), returns: true)] }
        let scanOn = step(QuicksortCall.movePointer(.j, .right))
        var steps = observation.lessOrEqual
            ? [step(QuicksortCall.swap(.iAndJ)), step(QuicksortCall.movePointer(.i, .right)), scanOn] : [scanOn]
        if recursive { steps.append(step(QuicksortCall.partition, returns: true)) }
        return steps
    }

    /// The NOP choice: call nothing and return.
    private var nop: Decision { Decision(call: nil, returns: true) }

    private func step(_ call: Call, returns: Bool = false) -> Decision {
        Decision(call: call, returns: returns)
    }
}
