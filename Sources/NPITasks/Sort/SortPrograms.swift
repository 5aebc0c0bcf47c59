// The program memory of the bubble-sort task (Reed & de Freitas 2016, section 4.1 and Table 2;
// the recursive traces of Cai, Shin & Song 2017 use the same programs).
import NPICore

/// The bubble-sort programs; the raw value is the program id, fixed because model files store ids.
public enum SortProgram: Int, CaseIterable, Sendable {
    case nop = 0
    case movePointer = 1
    case swap = 2
    case bubbleSort = 3
    case bubble = 4
    case reset = 5
    case bubbleStep = 6
    case compareSwap = 7
    case leftShift = 8
    case rightShift = 9

    public var id: ProgramID { rawValue }

    /// The program memory in id order.
    public static let table = ProgramTable(SortProgram.allCases.map(\.spec))

    /// The table entry: name, kind, arity and a one-line summary.
    public var spec: ProgramSpec {
        switch self {
        case .nop:
            ProgramSpec(name: "NOP", kind: .nop, arity: 0, summary: "call nothing this step")
        case .movePointer:
            ProgramSpec(
                name: "MOVE_PTR", kind: .primitive, arity: 2,
                summary: "move a pointer (0 ptr1, 1 ptr2, 2 pass counter ptr3) one cell (0 left, 1 right)")
        case .swap:
            ProgramSpec(
                name: "SWAP", kind: .primitive, arity: 0, summary: "swap the values under ptr1 and ptr2")
        case .bubbleSort:
            ProgramSpec(
                name: "BUBBLESORT", kind: .composite, arity: 0,
                summary: "sort the row: BUBBLE and RESET until the pass counter reaches the end")
        case .bubble:
            ProgramSpec(
                name: "BUBBLE", kind: .composite, arity: 0,
                summary: "one pass: ptr2 one right, BSTEP to the end of the row, ptr2 back one left")
        case .reset:
            ProgramSpec(
                name: "RESET", kind: .composite, arity: 0,
                summary: "bring ptr1 and ptr2 back to the start and advance the pass counter")
        case .bubbleStep:
            ProgramSpec(
                name: "BSTEP", kind: .composite, arity: 0, summary: "COMPSWAP, then move both comparison pointers right")
        case .compareSwap:
            ProgramSpec(
                name: "COMPSWAP", kind: .composite, arity: 0,
                summary: "SWAP if the value under ptr1 is greater than the value under ptr2")
        case .leftShift:
            ProgramSpec(
                name: "LSHIFT", kind: .composite, arity: 0, summary: "move ptr1 and ptr2 one cell left")
        case .rightShift:
            ProgramSpec(
                name: "RSHIFT", kind: .composite, arity: 0, summary: "move ptr1 and ptr2 one cell right")
        }
    }
}

// MARK: - Arguments

/// The three pointers into the row; the raw value is MOVE_PTR's pointer argument.
public enum SortPointer: Int, CaseIterable, Sendable {
    /// The left comparison pointer.
    case ptr1 = 0
    /// The right comparison pointer.
    case ptr2 = 1
    /// The pass counter: it moves one cell right per finished BUBBLE pass.
    case ptr3 = 2

    /// The label `render` prints.
    public var label: String {
        switch self {
        case .ptr1: "ptr1"
        case .ptr2: "ptr2"
        case .ptr3: "ptr3"
        }
    }
}

// MOVE_PTR's direction argument is the shared `PointerDirection` (0 left, 1 right).

// MARK: - Calls

/// Builders for the calls of the bubble-sort programs.
public enum SortCall {
    /// `MOVE_PTR(pointer, direction)`.
    public static func movePointer(_ pointer: SortPointer, _ direction: PointerDirection) -> Call {
        Call(SortProgram.movePointer.id, Arguments([pointer.rawValue, direction.rawValue]))
    }

    public static let swap = Call(SortProgram.swap.id)
    public static let bubbleSort = Call(SortProgram.bubbleSort.id)
    public static let bubble = Call(SortProgram.bubble.id)
    public static let reset = Call(SortProgram.reset.id)
    public static let bubbleStep = Call(SortProgram.bubbleStep.id)
    public static let compareSwap = Call(SortProgram.compareSwap.id)
    public static let leftShift = Call(SortProgram.leftShift.id)
    public static let rightShift = Call(SortProgram.rightShift.id)
}
