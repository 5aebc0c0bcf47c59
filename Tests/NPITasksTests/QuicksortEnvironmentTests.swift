// The quicksort row: layout, primitives, the stack of ranges, clamping, errors, observation,
// features and rendering.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private func row(_ digits: [UInt8]) -> QuicksortEnvironment { QuicksortEnvironment(digits) }

private func move(
    _ environment: QuicksortEnvironment, _ pointer: QuicksortPointer, _ direction: PointerDirection, times: Int = 1
) throws {
    for _ in 0..<times { try environment.apply(QuicksortCall.movePointer(pointer, direction)) }
}

/// Everything the environment shows, to check that a refused call changed nothing.
private func state(_ environment: QuicksortEnvironment) -> String {
    environment.render(color: false, maxColumns: 1_000) + "\n" + environment.observation().description
}

// MARK: - Layout

@Test func startsWithBothPointersOnTheFirstElementAndTheWholeRowOnTheStack() {
    let environment = row([8, 2, 1, 2, 0, 8, 5, 8, 3, 7])
    #expect(environment.length == 10)
    #expect(environment.digits == [8, 2, 1, 2, 0, 8, 5, 8, 3, 7])
    #expect(environment.position(.i) == 0 && environment.position(.j) == 0)
    #expect(environment.ranges == [QuicksortRange(low: 0, high: 9)])
    // A[0] = 8 is above the pivot 7; j is not at hi.
    #expect(environment.observation() == [0, 1, 0, 0])
    #expect(environment.output == "8 2 1 2 0 8 5 8 3 7")
}

@Test func aRowOfOneHasARangeOfOneWithJOnItsHi() {
    let environment = row([4])
    #expect(environment.observation() == [0, 0, 1, 1])
    #expect(environment.output == "4")
}

// MARK: - Primitives

@Test func quicksortRowMovesEachPointerAndClampsAtTheEdges() throws {
    let environment = row([5, 3, 9])
    try move(environment, .j, .right, times: 2)
    try move(environment, .i, .right)
    #expect(environment.position(.i) == 1 && environment.position(.j) == 2)
    #expect(environment.observation() == [0, 1, 1, 1])
    try move(environment, .j, .right, times: 5)
    #expect(environment.position(.j) == 3)
    // j past the end is outside the range: neither at hi nor compared.
    #expect(environment.observation() == [0, 1, 0, 0])
    try move(environment, .i, .left, times: 4)
    #expect(environment.position(.i) == 0)
}

@Test func swapExchangesTheCellsUnderIAndJOrIAndHi() throws {
    let environment = row([5, 3, 9, 1])
    try move(environment, .j, .right, times: 2)
    try environment.apply(QuicksortCall.swap(.iAndJ))
    #expect(environment.digits == [9, 3, 5, 1])
    try move(environment, .i, .right)
    try environment.apply(QuicksortCall.swap(.iAndHigh))
    #expect(environment.digits == [9, 1, 5, 3])
    // Both pointers on one cell: a swap changes nothing.
    try move(environment, .i, .right)
    try environment.apply(QuicksortCall.swap(.iAndJ))
    #expect(environment.output == "9 1 5 3")
}

@Test func pointersToLowSplitAndPopWorkOnTheTopRange() throws {
    let environment = row([1, 0, 2, 3, 4])
    try move(environment, .i, .right, times: 2)
    try move(environment, .j, .right, times: 4)
    try environment.apply(QuicksortCall.split)
    #expect(environment.ranges == [QuicksortRange(low: 0, high: 1), QuicksortRange(low: 3, high: 4)])
    #expect(environment.topRange == QuicksortRange(low: 0, high: 1))
    // j (4) is outside the new top range (0,1).
    #expect(environment.observation() == [0, 1, 0, 0])
    try environment.apply(QuicksortCall.pointersToLow)
    #expect(environment.position(.i) == 0 && environment.position(.j) == 0)
    // A[0] = 1 > A[1] = 0.
    #expect(environment.observation() == [0, 1, 0, 0])
    try environment.apply(QuicksortCall.pop)
    #expect(environment.ranges == [QuicksortRange(low: 3, high: 4)])
    try environment.apply(QuicksortCall.pointersToLow)
    #expect(environment.position(.j) == 3)
    #expect(environment.observation() == [0, 1, 0, 1])
    try environment.apply(QuicksortCall.pop)
    #expect(environment.ranges.isEmpty && environment.topRange == nil)
    #expect(environment.observation() == [1, 0, 0, 0])
}

@Test func splittingAtTheEndsLeavesEmptyRanges() throws {
    let environment = row([2, 1])
    try environment.apply(QuicksortCall.split)
    #expect(environment.ranges == [QuicksortRange(low: 0, high: -1), QuicksortRange(low: 1, high: 1)])
    #expect(environment.ranges[0].count == 0)
    #expect(environment.observation() == [0, 0, 0, 0])
    try environment.apply(QuicksortCall.pop)
    try environment.apply(QuicksortCall.pointersToLow)
    try environment.apply(QuicksortCall.split)
    #expect(environment.ranges == [QuicksortRange(low: 1, high: 0), QuicksortRange(low: 2, high: 1)])
    // An empty range at the end of the row: PTRS_TO_LO puts both pointers just past the end.
    try environment.apply(QuicksortCall.pop)
    try environment.apply(QuicksortCall.pointersToLow)
    #expect(environment.position(.i) == 2 && environment.position(.j) == 2)
}

@Test(arguments: [
    (Call(1, Arguments([2, 0])), "MOVE_PTR pointer 2 is out of range 0-1 (0 i, 1 j)"),
    (Call(1, Arguments([-1, 0])), "MOVE_PTR pointer -1 is out of range 0-1"),
    (Call(1, Arguments([0, 2])), "MOVE_PTR direction 2 is out of range 0-1 (0 left, 1 right)"),
    (Call(2, Arguments([2])), "SWAP pair 2 is out of range 0-1 (0 i and j, 1 i and hi)"),
    (Call(0), "NOP is not a primitive (only MOVE_PTR, SWAP, PTRS_TO_LO, SPLIT and POP act on the row)"),
    (Call(6), "QUICKSORT is not a primitive"),
    (Call(7), "PARTITION is not a primitive"),
    (Call(8), "program id 8 is out of range 0-7"),
    (Call(-1), "program id -1 is out of range 0-7"),
])
func quicksortRowRejectsCallsItCannotApply(call: Call, message: String) throws {
    let environment = row([3, 1, 2])
    try move(environment, .j, .right)
    let before = state(environment)
    let error = #expect(throws: NPIError.self) { try environment.apply(call) }
    #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    #expect(state(environment) == before)
}

@Test func invalidStatesAreRefusedWithoutChangingAnything() throws {
    let environment = row([3, 1])
    try move(environment, .j, .right, times: 2)
    var before = state(environment)
    #expect(throws: NPIError("SWAP(0) needs j on the row, but it is past the end (position 2)")) {
        try environment.apply(QuicksortCall.swap(.iAndJ))
    }
    try move(environment, .i, .right, times: 2)
    before = state(environment)
    #expect(throws: NPIError("SWAP(1) needs i on the row, but it is past the end (position 2)")) {
        try environment.apply(QuicksortCall.swap(.iAndHigh))
    }
    #expect(throws: NPIError("SPLIT needs i inside the top range (0,1), but i is at 2")) {
        try environment.apply(QuicksortCall.split)
    }
    #expect(state(environment) == before)
    try move(environment, .i, .left, times: 2)
    try environment.apply(QuicksortCall.split)  // (0,-1) on top of (1,1)
    before = state(environment)
    #expect(throws: NPIError("SWAP(1) needs hi on the row, but the top range (0,-1) is empty")) {
        try environment.apply(QuicksortCall.swap(.iAndHigh))
    }
    #expect(throws: NPIError("SPLIT needs i inside the top range (0,-1), but i is at 0")) {
        try environment.apply(QuicksortCall.split)
    }
    #expect(state(environment) == before)
    try environment.apply(QuicksortCall.pop)
    try environment.apply(QuicksortCall.pop)
    before = state(environment)
    for (call, name) in [
        (QuicksortCall.pop, "POP"), (QuicksortCall.split, "SPLIT"), (QuicksortCall.pointersToLow, "PTRS_TO_LO"),
        (QuicksortCall.swap(.iAndHigh), "SWAP(1)"),
    ] {
        #expect(throws: NPIError("\(name) needs a range on the stack, but the stack is empty")) {
            try environment.apply(call)
        }
    }
    #expect(state(environment) == before)
}

/// Random primitives, as an untrained model might call them: never a trap, and the stack stays
/// within the documented bounds.
@Test func randomPrimitiveCallsKeepTheRangesWellFormed() {
    var generator = SeededGenerator(seed: 5)
    for _ in 0..<200 {
        let length = generator.uniform(in: 1...8)
        let digits = (0..<length).map { _ in UInt8(generator.uniform(below: 10)) }
        let environment = row(digits)
        for _ in 0..<60 {
            let program = generator.uniform(in: 1...5)
            let call = Call(program, Arguments([generator.uniform(below: 3), generator.uniform(below: 3)]))
            _ = try? environment.apply(call)
            #expect(environment.ranges.count <= length + 1)
            #expect(environment.ranges.allSatisfy { 0 <= $0.low && $0.low <= $0.high + 1 && $0.high + 1 <= length })
            #expect(QuicksortPointer.allCases.allSatisfy { (0...length).contains(environment.position($0)) })
            #expect(QuicksortObservation(environment.observation()) != nil)
        }
        #expect(environment.digits.sorted() == digits.sorted())
    }
}

// MARK: - Observation encoding

@Test func quicksortEncodesOneFeaturePerFlag() {
    let task = QuicksortTask()
    #expect(task.observationFeatureCount == 8)
    #expect(task.maxActiveFeatures == 4)
    #expect(task.features(of: [0, 1, 0, 1]) == [0, 3, 4, 7])
    #expect(task.features(of: [1, 0, 0, 0]) == [1, 2, 4, 6])
    var seen: Set<Int> = []
    for index in 0..<16 {
        let features = task.features(of: (0..<4).map { index >> (3 - $0) & 1 })
        #expect(features.count == task.maxActiveFeatures)
        seen.formUnion(features)
    }
    #expect(seen == Set(0..<8))
}

@Test(arguments: [[0, 1, 0], [0, 1, 0, 0, 0], [2, 0, 0, 0], [0, -1, 0, 0], [0, 0, 0, 10], []])
func quicksortMarksAMalformedObservationWithAnInvalidFeature(observation: [Int]) {
    #expect(QuicksortTask().features(of: observation) == [-1])
}

@Test func describesQuicksortObservationsCompactlyAndInWords() {
    let task = QuicksortTask()
    #expect(QuicksortObservation([0, 1, 1, 1])!.description == "two j=hi <=")
    #expect(QuicksortObservation([0, 0, 0, 0])!.description == "-")
    #expect(QuicksortObservation([1, 0, 0, 0])!.description == "empty")
    #expect(task.describeObservation([1, 0, 0, 0]) == "stack empty")
    #expect(task.describeObservation([0, 1, 0, 1]) == "range of 2 or more, j not at hi, A[j] <= A[hi]")
    #expect(task.describeObservation([0, 0, 1, 1]) == "range of 0 or 1, j at hi, A[j] <= A[hi]")
    #expect(task.describeObservation([0, 1, 0, 0]) == "range of 2 or more, j not at hi, not A[j] <= A[hi]")
    #expect(task.describeObservation([0, 7]) == "0 7")
}

// MARK: - Rendering

@Test func rendersTheRowPointersTopRangeAndStack() throws {
    let environment = row([8, 2, 1, 2, 0, 8, 5, 8, 3, 7])
    let start = [
        "row     8 2 1 2 0 8 5 8 3 7",
        "i       ^",
        "j       ^",
        "range  [= = = = = = = = = =]",
        "stack  (0,9)",
    ]
    #expect(environment.render(color: false) == start.joined(separator: "\n"))
    try move(environment, .i, .right, times: 3)
    try move(environment, .j, .right, times: 4)
    try environment.apply(QuicksortCall.split)
    let split = [
        "row     8 2 1 2 0 8 5 8 3 7",
        "i             ^",
        "j               ^",
        "range  [= = =]",
        "stack  (0,2) (4,9)",
    ]
    #expect(environment.render(color: false) == split.joined(separator: "\n"))
    try environment.apply(QuicksortCall.pop)
    try environment.apply(QuicksortCall.pop)
    #expect(environment.render(color: false).hasSuffix("range  none: the stack is empty\nstack  empty"))
}

@Test func rendersAnEmptyTopRangeAndAShortenedStack() throws {
    let environment = row([UInt8](repeating: 1, count: 12))
    // Split off an empty right part 8 times: (12,11), (11,10), ... under the rest.
    try move(environment, .i, .right, times: 11)
    for _ in 0..<8 {
        try environment.apply(QuicksortCall.split)
        try move(environment, .i, .left)
    }
    var lines = environment.render(color: false).split(separator: "\n")
    #expect(lines[3] == "range  [= = = =]")
    #expect(lines[4] == "stack  (0,3) (5,4) (6,5) (7,6) (8,7) (9,8) … 3 more (9 ranges)")
    try environment.apply(QuicksortCall.pointersToLow)
    try environment.apply(QuicksortCall.split)
    lines = environment.render(color: false).split(separator: "\n")
    #expect(lines[3] == "range  (0,-1) empty")
    #expect(lines[4] == "stack  (0,-1) (1,3) (5,4) (6,5) (7,6) (8,7) … 4 more (10 ranges)")
}

@Test func rendersThePointedCellsInReverseVideoAndThePivotUnderlined() throws {
    let environment = row([5, 3, 9])
    try move(environment, .j, .right)
    let lines = environment.render(color: true).split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines[0] == "row     \u{1B}[7m5\u{1B}[0m \u{1B}[7m3\u{1B}[0m \u{1B}[4m9\u{1B}[0m")
}

@Test func rendersAWindowOfALongQuicksortRow() throws {
    let environment = row([UInt8](repeating: 7, count: 10_000))
    let lines = environment.render(color: false).split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines.allSatisfy { $0.count < 100 })
    #expect(lines[0].hasSuffix("7 7 …"))
    #expect(lines[1] == "i       ^")
    #expect(lines[3].hasPrefix("range  [= = ="))
    #expect(!lines[3].contains("]"))
    try move(environment, .j, .right, times: 5_000)
    let moved = environment.render(color: false).split(separator: "\n")
    // i and j too far apart: the window follows j and reports i.
    #expect(moved[0].hasPrefix("row    …7 7"))
    #expect(moved[1].hasSuffix("← i at position 0"))
    #expect(moved[2].hasSuffix("^"))
    #expect(moved[3] == "range  " + String(repeating: " =", count: 40))
}

// MARK: - Grid

@Test func gridIsTheRowAndTheRangesWithTwoPointers() throws {
    let environment = row([5, 3, 9, 1, 4])
    try move(environment, .i, .right, times: 2)
    try move(environment, .j, .right, times: 5)
    try environment.apply(QuicksortCall.split)
    let grid = environment.grid()
    #expect(grid.rows.map(\.label) == ["row", "ranges"])
    #expect(grid.rows[0].cells.map { grid.symbols[$0] } == ["5", "3", "9", "1", "4", ""])
    #expect(grid.rows[1].cells.map { grid.symbols[$0] } == ["=", "=", "", "-", "-", ""])
    #expect(grid.pointers.map(\.name) == ["i", "j"])
    #expect(grid.pointers.map(\.column) == [2, 5])
    #expect(grid.pointers.allSatisfy { $0.row == 0 })
}
