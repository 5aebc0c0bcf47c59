// The program memory of the addition task (Reed & de Freitas 2016, section 4.1 and Figure 2).
import NPICore

/// The addition programs; the raw value is the program id, fixed because model files store ids.
public enum AdditionProgram: Int, CaseIterable, Sendable {
    case nop = 0
    case movePointer = 1
    case write = 2
    case add = 3
    case add1 = 4
    case carry = 5
    case leftShift = 6
    case rightShift = 7

    public var id: ProgramID { rawValue }

    /// The program memory in id order.
    public static let table = ProgramTable(AdditionProgram.allCases.map(\.spec))

    /// The table entry: name, kind, arity and a one-line summary.
    public var spec: ProgramSpec {
        switch self {
        case .nop:
            ProgramSpec(name: "NOP", kind: .nop, arity: 0, summary: "call nothing this step")
        case .movePointer:
            ProgramSpec(
                name: "MOVE_PTR", kind: .primitive, arity: 2,
                summary: "move a pointer (0 in1, 1 in2, 2 carry, 3 out) one cell (0 left, 1 right)")
        case .write:
            ProgramSpec(
                name: "WRITE", kind: .primitive, arity: 2,
                summary: "write a digit 0-9 under the pointer of a row (0 carry, 1 out)")
        case .add:
            ProgramSpec(
                name: "ADD", kind: .composite, arity: 0, summary: "add the two input rows into the out row")
        case .add1:
            ProgramSpec(
                name: "ADD1", kind: .composite, arity: 0,
                summary: "add the digits of one column, writing the digit and any carry")
        case .carry:
            ProgramSpec(
                name: "CARRY", kind: .composite, arity: 0, summary: "write a 1 in the carry row one column left")
        case .leftShift:
            ProgramSpec(
                name: "LSHIFT", kind: .composite, arity: 0, summary: "move all four pointers one column left")
        case .rightShift:
            ProgramSpec(
                name: "RSHIFT", kind: .composite, arity: 0, summary: "move all four pointers one column right")
        }
    }
}

// MARK: - Arguments

/// The four rows of the scratchpad; the raw value is MOVE_PTR's pointer argument.
public enum ScratchpadRow: Int, CaseIterable, Sendable {
    case in1 = 0
    case in2 = 1
    case carry = 2
    case out = 3

    /// The label `render` prints.
    public var label: String {
        switch self {
        case .in1: "in1"
        case .in2: "in2"
        case .carry: "carry"
        case .out: "out"
        }
    }
}

/// WRITE's row argument: only the carry and out rows can be written.
public enum WritableRow: Int, CaseIterable, Sendable {
    case carry = 0
    case out = 1

    public var row: ScratchpadRow {
        switch self {
        case .carry: .carry
        case .out: .out
        }
    }
}

// MARK: - Calls

/// Builders for the calls of the addition programs (kept off `Call` so other tasks can have their own).
public enum AdditionCall {
    /// `MOVE_PTR(pointer, direction)`.
    public static func movePointer(_ row: ScratchpadRow, _ direction: PointerDirection) -> Call {
        Call(AdditionProgram.movePointer.id, Arguments([row.rawValue, direction.rawValue]))
    }

    /// `WRITE(row, digit)`.
    public static func write(_ row: WritableRow, _ digit: Int) -> Call {
        precondition((0...9).contains(digit), "WRITE takes a digit 0-9")
        return Call(AdditionProgram.write.id, Arguments([row.rawValue, digit]))
    }

    public static let add = Call(AdditionProgram.add.id)
    public static let add1 = Call(AdditionProgram.add1.id)
    public static let carry = Call(AdditionProgram.carry.id)
    public static let leftShift = Call(AdditionProgram.leftShift.id)
    public static let rightShift = Call(AdditionProgram.rightShift.id)
}
