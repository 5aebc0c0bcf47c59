// The program memory of the Tower of Hanoi task: one recursive HANOI that permutes its three
// peg arguments for its two sub-calls, and three primitives.
import NPICore

/// The Tower of Hanoi programs; the raw value is the program id, fixed because model files store ids.
public enum HanoiProgram: Int, CaseIterable, Sendable {
    case nop = 0
    case moveDisk = 1
    case shrink = 2
    case grow = 3
    case hanoi = 4

    public var id: ProgramID { rawValue }

    /// The program memory in id order.
    public static let table = ProgramTable(HanoiProgram.allCases.map(\.spec))

    /// The table entry: name, kind, arity and a one-line summary.
    public var spec: ProgramSpec {
        switch self {
        case .nop:
            ProgramSpec(name: "NOP", kind: .nop, arity: 0, summary: "call nothing this step")
        case .moveDisk:
            ProgramSpec(
                name: "MOVE_DISK", kind: .primitive, arity: 2,
                summary: "move the top disk of one peg (0-2) onto another (0-2), never onto a smaller disk")
        case .shrink:
            ProgramSpec(
                name: "SHRINK", kind: .primitive, arity: 0,
                summary: "take the largest disk out of the tower being moved (k - 1)")
        case .grow:
            ProgramSpec(
                name: "GROW", kind: .primitive, arity: 0,
                summary: "put the next larger disk back into the tower being moved (k + 1)")
        case .hanoi:
            ProgramSpec(
                name: "HANOI", kind: .composite, arity: 3,
                summary: "HANOI(a,b,c): move the tower of the k smallest disks from peg a to peg b, by way of peg c")
        }
    }
}

// MARK: - Calls

/// Builders for the calls of the Tower of Hanoi programs.
public enum HanoiCall {
    /// `MOVE_DISK(from, to)`.
    public static func moveDisk(from: Int, to: Int) -> Call {
        Call(HanoiProgram.moveDisk.id, Arguments([from, to]))
    }

    /// `HANOI(from, to, via)`.
    public static func hanoi(from: Int, to: Int, via: Int) -> Call {
        Call(HanoiProgram.hanoi.id, Arguments([from, to, via]))
    }

    public static let shrink = Call(HanoiProgram.shrink.id)
    public static let grow = Call(HanoiProgram.grow.id)
}

// MARK: - Pegs

/// The pegs, numbered 0-2 in problems, arguments and pictures.
public enum HanoiPeg {
    public static let count = 3
    public static let all = 0..<count

    /// The peg that is neither `first` nor `second` (two different pegs).
    public static func third(_ first: Int, _ second: Int) -> Int {
        precondition(all.contains(first) && all.contains(second) && first != second, "two different pegs 0-2")
        return 3 - first - second
    }
}
