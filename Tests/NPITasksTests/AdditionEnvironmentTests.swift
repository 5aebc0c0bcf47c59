// The addition scratchpad: layout, primitives, clamping, errors, observation and rendering.
import NPICore
import Testing

@testable import NPITasks

private let blank = AdditionEnvironment.blank

private func pad(_ in1: String, _ in2: String) throws -> AdditionEnvironment {
    AdditionEnvironment(try DecimalDigits(parsing: in1), try DecimalDigits(parsing: in2))
}

private func row(_ environment: AdditionEnvironment, _ row: ScratchpadRow) -> [Int] {
    (0..<environment.width).map { environment.symbol(row: row, column: $0) }
}

// MARK: - Layout

@Test func rightAlignsOperandsWithBlankPaddingAndTwoSpareColumns() throws {
    let environment = try pad("12", "345")
    #expect(environment.width == 5)
    #expect(row(environment, .in1) == [blank, blank, blank, 1, 2])
    #expect(row(environment, .in2) == [blank, blank, 3, 4, 5])
    #expect(row(environment, .carry) == Array(repeating: blank, count: 5))
    #expect(row(environment, .out) == Array(repeating: blank, count: 5))
    #expect(ScratchpadRow.allCases.allSatisfy { environment.pointer($0) == 4 })
    #expect(environment.observation() == [2, 5, blank, blank])
    #expect(environment.output == "")
}

@Test func keepsZeroDigitsDistinctFromBlank() throws {
    let environment = try pad("0", "100")
    #expect(row(environment, .in1) == [blank, blank, blank, blank, 0])
    #expect(row(environment, .in2) == [blank, blank, 1, 0, 0])
}

// MARK: - Primitives

@Test func movesEachPointerIndependently() throws {
    let environment = try pad("123", "456")
    try environment.apply(AdditionCall.movePointer(.in2, .left))
    try environment.apply(AdditionCall.movePointer(.in2, .left))
    try environment.apply(AdditionCall.movePointer(.carry, .left))
    #expect(environment.pointer(.in1) == 4)
    #expect(environment.pointer(.in2) == 2)
    #expect(environment.pointer(.carry) == 3)
    #expect(environment.pointer(.out) == 4)
    #expect(environment.observation() == [3, 4, blank, blank])
    try environment.apply(AdditionCall.movePointer(.in2, .right))
    #expect(environment.pointer(.in2) == 3)
    #expect(environment.observation() == [3, 5, blank, blank])
}

@Test func clampsPointersAtBothEdges() throws {
    let environment = try pad("1", "2")  // width 3
    try environment.apply(AdditionCall.movePointer(.out, .right))
    #expect(environment.pointer(.out) == 2)
    for _ in 0..<5 { try environment.apply(AdditionCall.movePointer(.out, .left)) }
    #expect(environment.pointer(.out) == 0)
    try environment.apply(AdditionCall.movePointer(.out, .right))
    #expect(environment.pointer(.out) == 1)
}

@Test func writesUnderTheCarryAndOutPointers() throws {
    let environment = try pad("5", "7")
    try environment.apply(AdditionCall.write(.out, 2))
    try environment.apply(AdditionCall.movePointer(.carry, .left))
    try environment.apply(AdditionCall.write(.carry, 1))
    #expect(row(environment, .out) == [blank, blank, 2])
    #expect(row(environment, .carry) == [blank, 1, blank])
    #expect(row(environment, .in1) == [blank, blank, 5])
    #expect(environment.observation() == [5, 7, 1, 2])
    try environment.apply(AdditionCall.write(.out, 9))  // overwrites
    #expect(environment.output == "9")
}

@Test func outputShowsBlanksInsideTheAnswer() throws {
    let environment = try pad("999", "1")  // width 5
    try environment.apply(AdditionCall.write(.out, 0))
    for _ in 0..<3 { try environment.apply(AdditionCall.movePointer(.out, .left)) }
    try environment.apply(AdditionCall.write(.out, 1))
    #expect(environment.output == "1__0")
}

@Test(arguments: [
    (Call(1, Arguments([7, 0])), "MOVE_PTR pointer 7 is out of range 0-3"),
    (Call(1, Arguments([-1, 0])), "MOVE_PTR pointer -1 is out of range 0-3"),
    (Call(1, Arguments([0, 2])), "MOVE_PTR direction 2 is out of range 0-1"),
    (Call(2, Arguments([2, 5])), "WRITE row 2 is out of range 0-1"),
    (Call(2, Arguments([1, 12])), "WRITE digit 12 is out of range 0-9"),
    (Call(2, Arguments([1, -3])), "WRITE digit -3 is out of range 0-9"),
    (Call(0), "NOP is not a primitive"),
    (Call(3), "ADD is not a primitive"),
    (Call(7, Arguments([1])), "RSHIFT is not a primitive"),
    (Call(8), "program id 8 is out of range 0-7"),
    (Call(-1), "program id -1 is out of range 0-7"),
])
func rejectsCallsItCannotApply(call: Call, message: String) throws {
    let environment = try pad("12", "34")
    let before = environment.render(color: false)
    #expect(throws: NPIError.self) { try environment.apply(call) }
    do {
        try environment.apply(call)
    } catch let error as NPIError {
        #expect(error.message.hasPrefix(message))
    }
    #expect(environment.render(color: false) == before)
}

// MARK: - Observation encoding

@Test func encodesOneFeaturePerRowAndSymbol() throws {
    let task = AdditionTask()
    #expect(task.observationFeatureCount == 44)
    #expect(task.maxActiveFeatures == 4)
    #expect(task.features(of: [1, 2, blank, blank]) == [1, 13, 32, 43])
    #expect(task.features(of: [0, 0, 0, 0]) == [0, 11, 22, 33])
    let environment = try pad("5", "7")
    try environment.apply(AdditionCall.write(.out, 9))
    #expect(task.features(of: environment.observation()) == [5, 18, 32, 42])
}

@Test(arguments: [[1, 2, 3], [1, 2, 3, 4, 5], [0, 0, 11, 0], [-1, 0, 0, 0], []])
func marksAMalformedObservationWithAnInvalidFeature(observation: [Int]) {
    #expect(AdditionTask().features(of: observation) == [-1])
}

// MARK: - Rendering

@Test func rendersRowsWithBracketedPointers() throws {
    let environment = try pad("12", "345")
    try environment.apply(AdditionCall.movePointer(.carry, .left))
    try environment.apply(AdditionCall.write(.carry, 1))
    let expected = [
        "in1           1[2]",
        "in2         3 4[5]",
        "carry        [1]  ",
        "out            [ ]",
    ]
    #expect(environment.render(color: false) == expected.joined(separator: "\n"))
}

@Test func rendersPointersInReverseVideoWithColor() throws {
    let environment = try pad("12", "345")
    let picture = environment.render(color: true)
    let lines = picture.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("in1 "))
    #expect(lines[0].contains("1 \u{1B}[7m2\u{1B}[0m"))
    #expect(lines[3].hasPrefix("out "))
    #expect(!picture.replacingEscapes().contains("["))
}

@Test func rendersAWindowOfALongPad() throws {
    let digits = String(repeating: "7", count: 10_000)
    let environment = try pad(digits, "1")
    let picture = environment.render(color: false)
    let lines = picture.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines.allSatisfy { $0.count < 100 })
    #expect(lines.allSatisfy { $0.contains("…") })
    #expect(lines[0].hasSuffix("7 7[7]"))
    // A pointer far from the others is reported instead of widening the window.
    for _ in 0..<500 { try environment.apply(AdditionCall.movePointer(.in1, .left)) }
    let moved = environment.render(color: false).split(separator: "\n")
    #expect(moved[0].hasSuffix("← pointer at column 9501"))
    #expect(moved[3].hasSuffix("[ ]"))
    #expect(environment.render(color: false, maxColumns: 600).split(separator: "\n")[0].contains("[7]"))
}

// MARK: - Grid

@Test func gridHoldsTheFourRowsAndAPointerOnEach() throws {
    let environment = try pad("12", "345")
    try environment.apply(AdditionCall.movePointer(.carry, .left))
    try environment.apply(AdditionCall.write(.carry, 1))
    let grid = environment.grid()
    #expect(grid.rows.map(\.label) == ["in1", "in2", "carry", "out"])
    #expect(grid.rows.map { $0.cells.map { grid.symbols[$0] }.joined(separator: ",") } == [
        ",,,1,2", ",,3,4,5", ",,,1,", ",,,,",
    ])
    #expect(grid.pointers.map(\.name) == ["in1", "in2", "carry", "out"])
    #expect(grid.pointers.map(\.row) == [0, 1, 2, 3])
    #expect(grid.pointers.map(\.column) == [4, 4, 3, 4])
}

extension String {
    /// The text with ANSI escape sequences removed.
    fileprivate func replacingEscapes() -> String {
        var result = ""
        var inEscape = false
        for character in self {
            if character == "\u{1B}" {
                inEscape = true
            } else if inEscape {
                if character == "m" { inEscape = false }
            } else {
                result.append(character)
            }
        }
        return result
    }
}
