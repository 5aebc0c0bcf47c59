// The program memory of the quicksort task: Lomuto partition with an explicit stack of ranges
// (after Cai, Shin & Song 2017, appendix A.4-A.5, whose arguments are positions; ours are small).
import NPICore

/// The quicksort programs; the raw value is the program id, fixed because model files store ids.
public enum QuicksortProgram: Int, CaseIterable, Sendable {
    case nop = 0
    case movePointer = 1
    case swap = 2
    case pointersToLow = 3
    case split = 4
    case pop = 5
    case quicksort = 6
    case partition = 7

    public var id: ProgramID { rawValue }

    /// The program memory in id order.
    public static let table = ProgramTable(QuicksortProgram.allCases.map(\.spec))

    /// The table entry: name, kind, arity and a one-line summary.
    public var spec: ProgramSpec {
        switch self {
        case .nop:
            ProgramSpec(name: "NOP", kind: .nop, arity: 0, summary: "call nothing this step")
        case .movePointer:
            ProgramSpec(
                name: "MOVE_PTR", kind: .primitive, arity: 2,
                summary: "move a pointer (0 i, 1 j) one cell (0 left, 1 right)")
        case .swap:
            ProgramSpec(
                name: "SWAP", kind: .primitive, arity: 1,
                summary: "swap two values (0 under i and j, 1 under i and the top range's hi)")
        case .pointersToLow:
            ProgramSpec(
                name: "PTRS_TO_LO", kind: .primitive, arity: 0, summary: "move i and j to the top range's lo")
        case .split:
            ProgramSpec(
                name: "SPLIT", kind: .primitive, arity: 0,
                summary: "replace the top range (lo,hi) by (i+1,hi) and then (lo,i-1) on top")
        case .pop:
            ProgramSpec(name: "POP", kind: .primitive, arity: 0, summary: "drop the top range from the stack")
        case .quicksort:
            ProgramSpec(
                name: "QUICKSORT", kind: .composite, arity: 0,
                summary: "sort every range on the stack: PARTITION and SPLIT each, POP those of 0 or 1 element")
        case .partition:
            ProgramSpec(
                name: "PARTITION", kind: .composite, arity: 0,
                summary: "Lomuto partition of the top range around its last value, which ends under i")
        }
    }
}

// MARK: - Arguments

/// The two pointers into the row; the raw value is MOVE_PTR's pointer argument.
public enum QuicksortPointer: Int, CaseIterable, Sendable {
    /// The store pointer: cells of the top range left of it hold values at most the pivot.
    case i = 0
    /// The scan pointer: it visits each cell of the top range in turn.
    case j = 1

    /// The label `render` prints.
    public var label: String {
        switch self {
        case .i: "i"
        case .j: "j"
        }
    }
}

/// SWAP's argument: which two cells it exchanges.
public enum QuicksortSwapPair: Int, CaseIterable, Sendable {
    /// The cells under i and j: a value at most the pivot joins the left part.
    case iAndJ = 0
    /// The cells under i and the top range's hi: the pivot moves between the two parts.
    case iAndHigh = 1
}

// MOVE_PTR's direction argument is addition's `PointerDirection` (0 left, 1 right).

// MARK: - Calls

/// Builders for the calls of the quicksort programs.
public enum QuicksortCall {
    /// `MOVE_PTR(pointer, direction)`.
    public static func movePointer(_ pointer: QuicksortPointer, _ direction: PointerDirection) -> Call {
        Call(QuicksortProgram.movePointer.id, Arguments([pointer.rawValue, direction.rawValue]))
    }

    /// `SWAP(pair)`.
    public static func swap(_ pair: QuicksortSwapPair) -> Call {
        Call(QuicksortProgram.swap.id, Arguments([pair.rawValue]))
    }

    public static let pointersToLow = Call(QuicksortProgram.pointersToLow.id)
    public static let split = Call(QuicksortProgram.split.id)
    public static let pop = Call(QuicksortProgram.pop.id)
    public static let quicksort = Call(QuicksortProgram.quicksort.id)
    public static let partition = Call(QuicksortProgram.partition.id)
}
