// The bubble-sort array: one row of digits with three pointers (Reed & de Freitas 2016, section 4.1).
// Primitives MOVE_PTR and SWAP act on it; the observation is described by `SortObservation`.
import NPICore

/// One row of digits 0-9 of any length, with two comparison pointers and a pass counter.
///
/// Cells are numbered from 0 at the left. A pointer stands on a cell `0..<length` or on the
/// position `length` just past the end (ptr2 gets there after a pass's last comparison);
/// a pointer moved past either of those edges stays at the edge (it is clamped): a badly
/// trained model may try, and the row neither grows nor fails for it. All pointers start at 0.
public final class SortEnvironment: NPIEnvironment {
    // cells: (length), each a digit 0-9.
    private var cells: [UInt8]
    // pointerPositions[pointer]: in 0...length, for ptr1, ptr2, ptr3.
    private var pointerPositions: [Int]

    /// A row holding `digits` (each 0-9, at least one), all pointers on the first element.
    public init(_ digits: [UInt8]) {
        precondition(!digits.isEmpty, "a sort row has at least one element")
        precondition(digits.allSatisfy { $0 <= 9 }, "a sort row holds digits 0-9")
        cells = digits
        pointerPositions = Array(repeating: 0, count: SortPointer.allCases.count)
    }

    // MARK: - State

    /// Elements in the row.
    public var length: Int { cells.count }

    /// The row's digits, left to right.
    public var digits: [UInt8] { cells }

    /// The position under `pointer`, in `0...length` (`length` is just past the end).
    public func position(_ pointer: SortPointer) -> Int {
        pointerPositions[pointer.rawValue]
    }

    /// The digit at `position`, or `SortObservation.offArray` past the end.
    public func symbol(at position: Int) -> Int {
        position < length ? Int(cells[position]) : SortObservation.offArray
    }

    /// The observation as a typed value (see `SortObservation` for the layout).
    public var sortObservation: SortObservation {
        SortObservation(
            value1: symbol(at: position(.ptr1)), value2: symbol(at: position(.ptr2)),
            ptr1AtStart: position(.ptr1) == 0, ptr3AtEnd: position(.ptr3) >= length - 1)
    }

    /// `[value1, value2, ptr1AtStart, ptr3AtEnd]`.
    public func observation() -> [Int] {
        sortObservation.symbols
    }

    /// The row's digits separated by single spaces, e.g. "0 1 3 5 9".
    public var output: String { digitRowText(cells) }

    // MARK: - Primitives

    /// Runs MOVE_PTR or SWAP; throws an `NPIError` for any other program, an argument out of
    /// range, or a SWAP with a comparison pointer past the end of the row.
    public func apply(_ call: Call) throws {
        let programs = SortProgram.table
        guard let program = SortProgram(rawValue: call.program) else {
            throw NPIError("program id \(call.program) is out of range 0-\(programs.count - 1)")
        }
        let name = program.spec.name
        switch program {
        case .movePointer:
            let arguments = [call.arguments[0], call.arguments[1]]
            guard let pointer = SortPointer(rawValue: arguments[0]) else {
                throw NPIError("\(name) pointer \(arguments[0]) is out of range 0-2 (ptr1, ptr2, ptr3)")
            }
            guard let direction = PointerDirection(rawValue: arguments[1]) else {
                throw NPIError("\(name) direction \(arguments[1]) is out of range 0-1 (0 left, 1 right)")
            }
            movePointer(pointer, direction)
        case .swap:
            for pointer in [SortPointer.ptr1, .ptr2] where position(pointer) >= length {
                throw NPIError(
                    "\(name) needs both comparison pointers on the row, but \(pointer.label) is past the end (position \(position(pointer)))"
                )
            }
            cells.swapAt(position(.ptr1), position(.ptr2))
        case .nop, .bubbleSort, .bubble, .reset, .bubbleStep, .compareSwap, .leftShift, .rightShift:
            throw NPIError("\(name) is not a primitive (only MOVE_PTR and SWAP act on the row)")
        }
    }

    private func movePointer(_ pointer: SortPointer, _ direction: PointerDirection) {
        let position = pointerPositions[pointer.rawValue]
        switch direction {
        case .left: pointerPositions[pointer.rawValue] = max(position - 1, 0)
        case .right: pointerPositions[pointer.rawValue] = min(position + 1, length)
        }
    }
}
