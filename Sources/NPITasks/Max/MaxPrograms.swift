// The program memory of the max task: the bubble-sort programs followed by RJMP and MAX
// (Reed & de Freitas 2016, section 4.3 and Table 2).
import NPICore

/// The two programs the max task adds to the bubble-sort programs; the raw value is the
/// program id, fixed because model files store ids.
///
/// Ids 0-9 are `SortProgram`'s, unchanged, so that a model trained on `sort` can take these
/// two programs into its memory and keep the meaning of every id it already knows.
public enum MaxProgram: Int, CaseIterable, Sendable {
    case rightJump = 10
    case max = 11

    public var id: ProgramID { rawValue }

    /// The program memory in id order: `SortProgram.table`, then RJMP and MAX.
    public static let table = ProgramTable(SortProgram.table.programs + MaxProgram.allCases.map(\.spec))

    /// The table entry: name, kind, arity and a one-line summary.
    public var spec: ProgramSpec {
        switch self {
        case .rightJump:
            ProgramSpec(
                name: "RJMP", kind: .composite, arity: 0,
                summary: "move ptr1 to the last element: RSHIFT until ptr2 is past the end, then ptr1 back one left")
        case .max:
            ProgramSpec(
                name: "MAX", kind: .composite, arity: 0,
                summary: "find the largest element: BUBBLESORT, then RJMP; the answer is under ptr1")
        }
    }
}

// MARK: - Calls

/// Builders for the calls of the two max programs; the sort programs' calls are `SortCall`'s.
public enum MaxCall {
    public static let rightJump = Call(MaxProgram.rightJump.id)
    public static let max = Call(MaxProgram.max.id)
}
