// The bubble-sort row: layout, primitives, clamping, errors, observation, features and rendering.
import NPICore
import Testing

@testable import NPITasks

private let off = SortObservation.offArray

private func row(_ digits: [UInt8]) -> SortEnvironment { SortEnvironment(digits) }

private func move(_ environment: SortEnvironment, _ pointer: SortPointer, _ direction: PointerDirection, times: Int = 1) throws {
    for _ in 0..<times { try environment.apply(SortCall.movePointer(pointer, direction)) }
}

// MARK: - Layout

@Test func startsWithEveryPointerOnTheFirstElement() {
    let environment = row([5, 3, 9, 1, 0])
    #expect(environment.length == 5)
    #expect(environment.digits == [5, 3, 9, 1, 0])
    #expect(SortPointer.allCases.allSatisfy { environment.position($0) == 0 })
    #expect(environment.observation() == [5, 5, 1, 0])
    #expect(environment.output == "5 3 9 1 0")
}

@Test func aRowOfOneIsSortedFromTheStart() {
    let environment = row([7])
    #expect(environment.observation() == [7, 7, 1, 1])
    #expect(environment.output == "7")
}

// MARK: - Primitives

@Test func sortRowMovesEachPointerIndependently() throws {
    let environment = row([5, 3, 9, 1, 0])
    try move(environment, .ptr2, .right, times: 2)
    try move(environment, .ptr1, .right)
    #expect(environment.position(.ptr1) == 1)
    #expect(environment.position(.ptr2) == 2)
    #expect(environment.position(.ptr3) == 0)
    #expect(environment.observation() == [3, 9, 0, 0])
    try move(environment, .ptr3, .right, times: 3)
    #expect(environment.observation() == [3, 9, 0, 0])
    try move(environment, .ptr3, .right)
    #expect(environment.position(.ptr3) == 4)
    #expect(environment.observation() == [3, 9, 0, 1])
}

@Test func pointersStopJustPastTheEndAndAtTheStart() throws {
    let environment = row([4, 2])
    try move(environment, .ptr2, .right, times: 5)
    #expect(environment.position(.ptr2) == 2)
    #expect(environment.observation() == [4, off, 1, 0])
    try move(environment, .ptr1, .left, times: 3)
    #expect(environment.position(.ptr1) == 0)
    try move(environment, .ptr2, .left)
    #expect(environment.observation() == [4, 2, 1, 0])
}

@Test func swapsTheValuesUnderTheComparisonPointers() throws {
    let environment = row([5, 3, 9, 1, 0])
    try move(environment, .ptr1, .right)
    try move(environment, .ptr2, .right, times: 4)
    try environment.apply(SortCall.swap)
    #expect(environment.digits == [5, 0, 9, 1, 3])
    #expect(environment.observation() == [0, 3, 0, 0])
    // Both pointers on one cell: a swap changes nothing.
    try move(environment, .ptr2, .left, times: 3)
    try environment.apply(SortCall.swap)
    #expect(environment.output == "5 0 9 1 3")
}

@Test func swapPastTheEndFailsAndLeavesTheRow() throws {
    let environment = row([2, 1])
    try move(environment, .ptr2, .right, times: 2)
    #expect(throws: NPIError("SWAP needs both comparison pointers on the row, but ptr2 is past the end (position 2)")) {
        try environment.apply(SortCall.swap)
    }
    try move(environment, .ptr1, .right, times: 2)
    #expect(throws: NPIError("SWAP needs both comparison pointers on the row, but ptr1 is past the end (position 2)")) {
        try environment.apply(SortCall.swap)
    }
    #expect(environment.digits == [2, 1])
}

@Test(arguments: [
    (Call(1, Arguments([3, 0])), "MOVE_PTR pointer 3 is out of range 0-2 (ptr1, ptr2, ptr3)"),
    (Call(1, Arguments([-1, 0])), "MOVE_PTR pointer -1 is out of range 0-2"),
    (Call(1, Arguments([0, 2])), "MOVE_PTR direction 2 is out of range 0-1 (0 left, 1 right)"),
    (Call(0), "NOP is not a primitive (only MOVE_PTR and SWAP act on the row)"),
    (Call(3), "BUBBLESORT is not a primitive"),
    (Call(9, Arguments([1])), "RSHIFT is not a primitive"),
    (Call(10), "program id 10 is out of range 0-9"),
    (Call(-1), "program id -1 is out of range 0-9"),
])
func sortRowRejectsCallsItCannotApply(call: Call, message: String) throws {
    let environment = row([3, 1, 2])
    try move(environment, .ptr2, .right)
    let before = environment.render(color: false)
    let error = #expect(throws: NPIError.self) { try environment.apply(call) }
    #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    #expect(environment.render(color: false) == before)
}

// MARK: - Observation encoding

@Test func sortEncodesOneFeaturePerBlock() throws {
    let task = SortTask()
    #expect(task.observationFeatureCount == 26)
    #expect(task.maxActiveFeatures == 4)
    #expect(task.features(of: [5, 3, 0, 0]) == [5, 14, 22, 24])
    #expect(task.features(of: [0, 0, 1, 1]) == [0, 11, 23, 25])
    #expect(task.features(of: [9, off, 0, 1]) == [9, 21, 22, 25])
    let environment = row([8, 6, 7])
    try move(environment, .ptr2, .right)
    #expect(task.features(of: environment.observation()) == [8, 17, 23, 24])
}

@Test func everyWellFormedObservationHasFeaturesInRange() {
    let task = SortTask(recursive: true)
    var seen: Set<Int> = []
    for value1 in 0...off {
        for value2 in 0...off {
            for start in 0...1 {
                for done in 0...1 {
                    let features = task.features(of: [value1, value2, start, done])
                    #expect(features.count == task.maxActiveFeatures)
                    #expect(features.allSatisfy { (0..<task.observationFeatureCount).contains($0) })
                    seen.formUnion(features)
                }
            }
        }
    }
    #expect(seen == Set(0..<task.observationFeatureCount))
}

@Test(arguments: [[1, 2, 0], [1, 2, 0, 0, 0], [11, 0, 0, 0], [0, -1, 0, 0], [0, 0, 2, 0], [0, 0, 0, -1], []])
func sortMarksAMalformedObservationWithAnInvalidFeature(observation: [Int]) {
    #expect(SortTask().features(of: observation) == [-1])
}

@Test func describesObservationsCompactly() {
    #expect(SortObservation([5, off, 1, 0])!.description == "5,_ start")
    #expect(SortObservation([0, 0, 1, 1])!.description == "0,0 start done")
    #expect(SortObservation([4, 2, 0, 0])!.isOutOfOrder)
    #expect(!SortObservation([2, 2, 0, 0])!.isOutOfOrder)
    #expect(!SortObservation([9, off, 0, 0])!.isOutOfOrder)
}

// MARK: - Rendering

@Test func rendersTheRowWithAMarkerLinePerPointer() throws {
    let environment = row([5, 3, 9, 1, 0])
    try move(environment, .ptr1, .right)
    try move(environment, .ptr2, .right, times: 2)
    let expected = [
        "row   5 3 9 1 0",
        "ptr1    ^",
        "ptr2      ^",
        "ptr3  ^",
    ]
    #expect(environment.render(color: false) == expected.joined(separator: "\n"))
    try move(environment, .ptr2, .right, times: 3)
    #expect(environment.render(color: false).split(separator: "\n")[2] == "ptr2            ^")
}

@Test func rendersTheComparedCellsInReverseVideoWithColor() throws {
    let environment = row([5, 3, 9])
    try move(environment, .ptr2, .right)
    let lines = environment.render(color: true).split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[0] == "row   \u{1B}[7m5\u{1B}[0m \u{1B}[7m3\u{1B}[0m 9")
    #expect(lines[2] == "ptr2    ^")
}

@Test func rendersAWindowOfALongRow() throws {
    let environment = row([UInt8](repeating: 7, count: 10_000))
    let lines = environment.render(color: false).split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines.allSatisfy { $0.count < 100 })
    #expect(lines[0].hasSuffix("7 7 …"))
    #expect(lines[1] == "ptr1  ^")
    // ptr3 far behind the comparison pointers is reported instead of widening the window.
    try move(environment, .ptr1, .right, times: 5_000)
    try move(environment, .ptr2, .right, times: 5_001)
    let moved = environment.render(color: false).split(separator: "\n")
    #expect(moved[0].hasPrefix("row  …7 7"))
    #expect(moved[1].hasSuffix("^"))
    #expect(moved[2].hasSuffix("^"))
    #expect(moved[3].hasSuffix("← ptr3 at position 0"))
    #expect(environment.render(color: false, maxColumns: 6_000).split(separator: "\n")[3] == "ptr3  ^")
}

// MARK: - Grid

@Test func gridIsTheRowAndTheCellPastItsEndWithThreePointers() throws {
    let environment = row([5, 3, 9])
    try move(environment, .ptr2, .right, times: 3)
    let grid = environment.grid()
    #expect(grid.rows.count == 1)
    #expect(grid.rows[0].cells.map { grid.symbols[$0] } == ["5", "3", "9", ""])
    #expect(grid.pointers.map(\.name) == ["ptr1", "ptr2", "ptr3"])
    #expect(grid.pointers.map(\.column) == [0, 3, 0])
    #expect(grid.pointers.allSatisfy { $0.row == 0 })
}
