// The max task's environment: the bubble-sort row, whose answer is the element under ptr1
// (Reed & de Freitas 2016, section 4.3).
import NPICore

/// The bubble-sort row and its three pointers, read for one element instead of the whole row.
///
/// Everything but the answer is the sort environment's: the same primitives, observation,
/// picture and grid, so a sort model's encoder reads it as it reads a sort row.
public final class MaxEnvironment: NPIEnvironment {
    /// The row the primitives act on.
    public let row: SortEnvironment

    /// A row holding `digits` (each 0-9, at least one), all pointers on the first element.
    public init(_ digits: [UInt8]) {
        row = SortEnvironment(digits)
    }

    /// `[value1, value2, ptr1AtStart, ptr3AtEnd]`, as for sort (see `SortObservation`).
    public func observation() -> [Int] {
        row.observation()
    }

    /// The digit under ptr1, e.g. "9"; `_` when ptr1 is past the end of the row (as the
    /// observation's words show that cell), which no correct answer is.
    public var output: String {
        let symbol = row.symbol(at: row.position(.ptr1))
        return symbol == SortObservation.offArray ? "_" : String(symbol)
    }

    /// Runs MOVE_PTR or SWAP on the row; throws an `NPIError` for any other program, an argument
    /// out of range, or a SWAP with a comparison pointer past the end of the row.
    public func apply(_ call: Call) throws {
        if let program = MaxProgram(rawValue: call.program) {
            throw NPIError("\(program.spec.name) is not a primitive (only MOVE_PTR and SWAP act on the row)")
        }
        guard SortProgram(rawValue: call.program) != nil else {
            throw NPIError("program id \(call.program) is out of range 0-\(MaxProgram.table.count - 1)")
        }
        try row.apply(call)
    }

    /// The sort row's picture: the row, then a line per pointer.
    public func render(color: Bool) -> String {
        row.render(color: color)
    }

    /// The sort row's grid: one row of cells with the three pointers.
    public func grid() -> EnvironmentGrid {
        row.grid()
    }
}
