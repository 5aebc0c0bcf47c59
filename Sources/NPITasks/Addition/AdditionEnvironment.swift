// The addition scratchpad: four rows of cells with one pointer each (Reed & de Freitas 2016, section 4.1).
// Primitives MOVE_PTR and WRITE act on it; the observation is the four cells under the pointers.
import NPICore

/// The scratchpad for adding two decimal numbers: rows in1, in2, carry and out.
///
/// Columns are numbered from 0 at the left. The pad is `max(digits) + 2` columns wide: the
/// operands are right-aligned, shorter ones padded on the left with blank cells (not zeros), and
/// the two extra columns on the left hold a possible carry-out digit and the all-blank column
/// where ADD sees that it is done. All pointers start at the rightmost column.
///
/// A pointer moved past either edge stays at that edge (it is clamped): a badly trained model
/// may try, and the pad neither grows nor fails for it.
public final class AdditionEnvironment: NPIEnvironment {
    /// The symbol of an empty cell; digits are their own symbols 0-9.
    public static let blank = 10
    /// Symbols a cell can hold: the ten digits and blank.
    public static let symbolCount = 11

    /// Columns in each row.
    public let width: Int
    // cells[row][column]: (4, width), each a digit 0-9 or `blank`.
    private var cells: [[UInt8]]
    // pointers[row]: the column under each row's pointer, in 0..<width.
    private var pointerColumns: [Int]

    /// A pad holding `in1` and `in2`, with blank carry and out rows and all pointers at the right.
    public init(_ in1: DecimalDigits, _ in2: DecimalDigits) {
        let width = max(in1.count, in2.count) + 2
        let blankRow = [UInt8](repeating: UInt8(AdditionEnvironment.blank), count: width)
        func rightAligned(_ number: DecimalDigits) -> [UInt8] {
            var row = blankRow
            row.replaceSubrange((width - number.count)..<width, with: number.digits)
            return row
        }
        self.width = width
        cells = [rightAligned(in1), rightAligned(in2), blankRow, blankRow]
        pointerColumns = Array(repeating: width - 1, count: ScratchpadRow.allCases.count)
    }

    // MARK: - State

    /// The symbol (digit 0-9 or `blank`) at `column` of `row`.
    public func symbol(row: ScratchpadRow, column: Int) -> Int {
        Int(cells[row.rawValue][column])
    }

    /// The column under `row`'s pointer.
    public func pointer(_ row: ScratchpadRow) -> Int {
        pointerColumns[row.rawValue]
    }

    /// The symbols under the four pointers, in row order in1, in2, carry, out.
    public func observation() -> [Int] {
        ScratchpadRow.allCases.map { symbol(row: $0, column: pointer($0)) }
    }

    /// The out row from its leftmost to its rightmost digit, a blank inside shown as `_`;
    /// empty while nothing has been written.
    public var output: String {
        let outRow = cells[ScratchpadRow.out.rawValue]
        let blank = UInt8(AdditionEnvironment.blank)
        guard let first = outRow.firstIndex(where: { $0 != blank }),
            let last = outRow.lastIndex(where: { $0 != blank })
        else { return "" }
        let characters = outRow[first...last].map { $0 == blank ? UInt8(ascii: "_") : $0 + UInt8(ascii: "0") }
        return String(decoding: characters, as: UTF8.self)
    }

    // MARK: - Primitives

    /// Runs MOVE_PTR or WRITE; throws an `NPIError` for any other program or an argument out of range.
    public func apply(_ call: Call) throws {
        let programs = AdditionProgram.table
        guard let program = AdditionProgram(rawValue: call.program) else {
            throw NPIError("program id \(call.program) is out of range 0-\(programs.count - 1)")
        }
        let name = program.spec.name
        let arguments = [call.arguments[0], call.arguments[1]]
        switch program {
        case .movePointer:
            guard let row = ScratchpadRow(rawValue: arguments[0]) else {
                throw NPIError("\(name) pointer \(arguments[0]) is out of range 0-3 (in1, in2, carry, out)")
            }
            guard let direction = PointerDirection(rawValue: arguments[1]) else {
                throw NPIError("\(name) direction \(arguments[1]) is out of range 0-1 (0 left, 1 right)")
            }
            movePointer(row, direction)
        case .write:
            guard let row = WritableRow(rawValue: arguments[0]) else {
                throw NPIError("\(name) row \(arguments[0]) is out of range 0-1 (0 carry, 1 out)")
            }
            guard (0...9).contains(arguments[1]) else {
                throw NPIError("\(name) digit \(arguments[1]) is out of range 0-9")
            }
            cells[row.row.rawValue][pointer(row.row)] = UInt8(arguments[1])
        case .nop, .add, .add1, .carry, .leftShift, .rightShift:
            throw NPIError("\(name) is not a primitive (only MOVE_PTR and WRITE act on the scratchpad)")
        }
    }

    private func movePointer(_ row: ScratchpadRow, _ direction: PointerDirection) {
        let column = pointerColumns[row.rawValue]
        switch direction {
        case .left: pointerColumns[row.rawValue] = max(column - 1, 0)
        case .right: pointerColumns[row.rawValue] = min(column + 1, width - 1)
        }
    }
}
