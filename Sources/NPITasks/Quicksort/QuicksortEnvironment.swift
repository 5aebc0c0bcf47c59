// The quicksort row: digits, the partition pointers i and j, and a stack of ranges still to
// sort, kept in the environment because arguments are small integers (Cai et al. 2017, A.4).
// Primitives MOVE_PTR, SWAP, PTRS_TO_LO, SPLIT and POP act on it; see `QuicksortObservation`.
import NPICore

/// A range of cells `lo...hi` still to sort; an empty one has `hi == lo - 1` (e.g. `(0,-1)`).
public struct QuicksortRange: Hashable, Sendable, CustomStringConvertible {
    public var low: Int
    public var high: Int

    public init(low: Int, high: Int) {
        self.low = low
        self.high = high
    }

    /// Elements in the range (0 for an empty one).
    public var count: Int { max(high - low + 1, 0) }

    public func contains(_ position: Int) -> Bool { low <= position && position <= high }

    /// `(lo,hi)`, e.g. `(0,9)` or `(3,2)` for an empty range.
    public var description: String { "(\(low),\(high))" }
}

/// One row of digits 0-9 with the pointers i and j and a stack of ranges.
///
/// Cells are numbered from 0 at the left. A pointer stands on a cell `0..<length` or on the
/// position `length` just past the end; moved past either edge it stays there (clamped), as in
/// the sort row. The stack starts as the whole row `(0, length - 1)` and i and j at 0.
///
/// The stack can only shrink ranges: SPLIT requires i inside the top range, so every range
/// on it satisfies `0 <= lo <= hi + 1 <= length`, and it never holds more than `length + 1`.
public final class QuicksortEnvironment: NPIEnvironment {
    // cells: (length), each a digit 0-9.
    private var cells: [UInt8]
    // pointerPositions[pointer]: in 0...length, for i and j.
    private var pointerPositions: [Int]
    // ranges: the stack of ranges, bottom first (the top range is the last).
    private var rangeStack: [QuicksortRange]

    /// A row holding `digits` (each 0-9, at least one), i and j on the first element, the whole
    /// row on the stack.
    public init(_ digits: [UInt8]) {
        precondition(!digits.isEmpty, "a quicksort row has at least one element")
        precondition(digits.allSatisfy { $0 <= 9 }, "a quicksort row holds digits 0-9")
        cells = digits
        pointerPositions = Array(repeating: 0, count: QuicksortPointer.allCases.count)
        rangeStack = [QuicksortRange(low: 0, high: digits.count - 1)]
    }

    // MARK: - State

    /// Elements in the row.
    public var length: Int { cells.count }

    /// The row's digits, left to right.
    public var digits: [UInt8] { cells }

    /// The position under `pointer`, in `0...length` (`length` is just past the end).
    public func position(_ pointer: QuicksortPointer) -> Int {
        pointerPositions[pointer.rawValue]
    }

    /// The ranges still to sort, top first.
    public var ranges: [QuicksortRange] { rangeStack.reversed() }

    /// The range being sorted, or nil when the stack is empty.
    public var topRange: QuicksortRange? { rangeStack.last }

    /// The observation as a typed value (see `QuicksortObservation` for the layout).
    public var quicksortObservation: QuicksortObservation {
        guard let top = topRange else {
            return QuicksortObservation(stackEmpty: true, rangeHasTwo: false, jAtHigh: false, lessOrEqual: false)
        }
        let j = position(.j)
        let inRange = top.contains(j)
        return QuicksortObservation(
            stackEmpty: false, rangeHasTwo: top.low < top.high, jAtHigh: inRange && j == top.high,
            lessOrEqual: inRange && cells[j] <= cells[top.high])
    }

    /// `[stackEmpty, rangeHasTwo, jAtHigh, lessOrEqual]`.
    public func observation() -> [Int] {
        quicksortObservation.symbols
    }

    /// The row's digits separated by single spaces, e.g. "0 1 3 5 9".
    public var output: String { digitRowText(cells) }

    // MARK: - Primitives

    /// Runs MOVE_PTR, SWAP, PTRS_TO_LO, SPLIT or POP; throws an `NPIError`, leaving everything
    /// as it was, for any other program, an argument out of range, a SWAP of a cell off the row,
    /// a range primitive on an empty stack, or a SPLIT with i outside the top range.
    public func apply(_ call: Call) throws {
        let programs = QuicksortProgram.table
        guard let program = QuicksortProgram(rawValue: call.program) else {
            throw NPIError("program id \(call.program) is out of range 0-\(programs.count - 1)")
        }
        let name = program.spec.name
        switch program {
        case .movePointer:
            guard let pointer = QuicksortPointer(rawValue: call.arguments[0]) else {
                throw NPIError("\(name) pointer \(call.arguments[0]) is out of range 0-1 (0 i, 1 j)")
            }
            guard let direction = PointerDirection(rawValue: call.arguments[1]) else {
                throw NPIError("\(name) direction \(call.arguments[1]) is out of range 0-1 (0 left, 1 right)")
            }
            movePointer(pointer, direction)
        case .swap:
            guard let pair = QuicksortSwapPair(rawValue: call.arguments[0]) else {
                throw NPIError("\(name) pair \(call.arguments[0]) is out of range 0-1 (0 i and j, 1 i and hi)")
            }
            try swap(pair, name: "\(name)(\(pair.rawValue))")
        case .pointersToLow:
            let top = try requireTopRange(name)
            // lo <= length always holds (see the type's invariant), so both pointers stay in 0...length.
            pointerPositions = Array(repeating: top.low, count: QuicksortPointer.allCases.count)
        case .split:
            let top = try requireTopRange(name)
            let i = position(.i)
            guard top.contains(i) else {
                throw NPIError("\(name) needs i inside the top range \(top), but i is at \(i)")
            }
            rangeStack.removeLast()
            rangeStack.append(QuicksortRange(low: i + 1, high: top.high))
            rangeStack.append(QuicksortRange(low: top.low, high: i - 1))
        case .pop:
            _ = try requireTopRange(name)
            rangeStack.removeLast()
        case .nop, .quicksort, .partition:
            throw NPIError("\(name) is not a primitive (only MOVE_PTR, SWAP, PTRS_TO_LO, SPLIT and POP act on the row)")
        }
    }

    private func movePointer(_ pointer: QuicksortPointer, _ direction: PointerDirection) {
        let position = pointerPositions[pointer.rawValue]
        switch direction {
        case .left: pointerPositions[pointer.rawValue] = max(position - 1, 0)
        case .right: pointerPositions[pointer.rawValue] = min(position + 1, length)
        }
    }

    private func swap(_ pair: QuicksortSwapPair, name: String) throws {
        let first = position(.i)
        guard first < length else {
            throw NPIError("\(name) needs i on the row, but it is past the end (position \(first))")
        }
        let second: Int
        switch pair {
        case .iAndJ:
            second = position(.j)
            guard second < length else {
                throw NPIError("\(name) needs j on the row, but it is past the end (position \(second))")
            }
        case .iAndHigh:
            let top = try requireTopRange(name)
            guard top.high >= 0 else {
                throw NPIError("\(name) needs hi on the row, but the top range \(top) is empty")
            }
            second = top.high
        }
        cells.swapAt(first, second)
    }

    private func requireTopRange(_ name: String) throws -> QuicksortRange {
        guard let top = topRange else {
            throw NPIError("\(name) needs a range on the stack, but the stack is empty")
        }
        return top
    }
}
