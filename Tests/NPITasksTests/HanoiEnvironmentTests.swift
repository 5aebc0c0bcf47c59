// The three pegs: layout, primitives, the rule of the puzzle, k's bounds, observation,
// features, rendering and grid.
import NPICore
import Testing

@testable import NPITasks

private func move(_ environment: HanoiEnvironment, _ from: Int, _ to: Int) throws {
    try environment.apply(HanoiCall.moveDisk(from: from, to: to))
}

// MARK: - Layout

@Test func startsWithTheWholeTowerOnThePegFromAndKAtN() {
    let environment = HanoiEnvironment(diskCount: 3, from: 1, to: 0)
    #expect(environment.disks(on: 1) == [3, 2, 1])
    #expect(environment.disks(on: 0) == [])
    #expect(environment.disks(on: 2) == [])
    #expect(environment.towerSize == 3)
    #expect((environment.sourcePeg, environment.targetPeg) == (1, 0))
    #expect(environment.observation() == [0])
    #expect(environment.output == "0: - | 1: 3 2 1 | 2: -")
}

// MARK: - Primitives

@Test func movesTheTopDiskOntoAnEmptyPegOrALargerDisk() throws {
    let environment = HanoiEnvironment(diskCount: 3, from: 0, to: 2)
    try move(environment, 0, 2)
    try move(environment, 0, 1)
    try move(environment, 2, 1)
    #expect(environment.disks(on: 0) == [3])
    #expect(environment.disks(on: 1) == [2, 1])
    #expect(environment.disks(on: 2) == [])
    #expect(environment.output == "0: 3 | 1: 2 1 | 2: -")
    // Moves never change k or the observation.
    #expect(environment.towerSize == 3)
    #expect(environment.observation() == [0])
}

@Test func shrinkAndGrowKeepKWithinZeroToN() throws {
    let environment = HanoiEnvironment(diskCount: 2, from: 0, to: 1)
    try environment.apply(HanoiCall.shrink)
    #expect(environment.towerSize == 1)
    #expect(environment.observation() == [0])
    try environment.apply(HanoiCall.shrink)
    #expect(environment.towerSize == 0)
    #expect(environment.observation() == [1])
    #expect(throws: NPIError("SHRINK needs a tower to take a disk from, but k is 0")) {
        try environment.apply(HanoiCall.shrink)
    }
    try environment.apply(HanoiCall.grow)
    try environment.apply(HanoiCall.grow)
    #expect(environment.towerSize == 2)
    #expect(throws: NPIError("GROW needs a disk to add, but k is already 2, every disk")) {
        try environment.apply(HanoiCall.grow)
    }
    #expect(environment.towerSize == 2)
}

@Test(arguments: [
    (HanoiCall.moveDisk(from: 1, to: 2), "MOVE_DISK from peg 1, which is empty"),
    (HanoiCall.moveDisk(from: 0, to: 2), "MOVE_DISK would put disk 2 from peg 0 on the smaller disk 1 on peg 2"),
    (HanoiCall.moveDisk(from: 0, to: 0), "MOVE_DISK from peg 0 to itself moves nothing"),
    (HanoiCall.moveDisk(from: 3, to: 0), "MOVE_DISK from peg 3 is out of range 0-2"),
    (HanoiCall.moveDisk(from: 0, to: -1), "MOVE_DISK to peg -1 is out of range 0-2"),
    (Call(0), "NOP is not a primitive (only MOVE_DISK, SHRINK and GROW act on the pegs)"),
    (HanoiCall.hanoi(from: 0, to: 2, via: 1), "HANOI is not a primitive"),
    (Call(5), "program id 5 is out of range 0-4"),
    (Call(-1), "program id -1 is out of range 0-4"),
])
func hanoiPegsRejectCallsTheyCannotApply(call: Call, message: String) throws {
    let environment = HanoiEnvironment(diskCount: 3, from: 0, to: 2)
    try move(environment, 0, 2)  // disk 1 on peg 2, disks 3 2 on peg 0, peg 1 empty
    let before = environment.render(color: false)
    let error = #expect(throws: NPIError.self) { try environment.apply(call) }
    #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    #expect(environment.render(color: false) == before)
}

// MARK: - Observation encoding

@Test func hanoiEncodesKIsZeroAsOneOfTwoFeatures() {
    let task = HanoiTask()
    #expect(task.observationFeatureCount == 2)
    #expect(task.maxActiveFeatures == 1)
    #expect(task.features(of: [0]) == [0])
    #expect(task.features(of: [1]) == [1])
    #expect(HanoiObservation([1])?.towerIsEmpty == true)
    #expect(HanoiObservation(towerIsEmpty: false).symbols == [0])
}

@Test(arguments: [[], [2], [-1], [0, 0], [1, 0, 0, 0]])
func hanoiMarksAMalformedObservationWithAnInvalidFeature(observation: [Int]) {
    #expect(HanoiTask().features(of: observation) == [-1])
}

@Test func describesTheObservationInWords() {
    let task = HanoiTask()
    #expect(task.describeObservation([1]) == "k 0: nothing to move")
    #expect(task.describeObservation([0]) == "k > 0: a tower to move")
    #expect(task.describeObservation([0, 1]) == "0 1")
}

// MARK: - Rendering

@Test func rendersALinePerPegAndK() throws {
    let environment = HanoiEnvironment(diskCount: 3, from: 0, to: 2)
    #expect(environment.render(color: false) == """
        peg 0 | 3 2 1
        peg 1 |
        peg 2 |
        k 3 of 3: moving disks 1-3
        """)
    try environment.apply(HanoiCall.shrink)
    try environment.apply(HanoiCall.shrink)
    try move(environment, 0, 2)
    #expect(environment.render(color: false) == """
        peg 0 | 3 2
        peg 1 |
        peg 2 | 1
        k 1 of 3: moving disk 1
        """)
    try environment.apply(HanoiCall.shrink)
    #expect(environment.render(color: false).hasSuffix("\nk 0 of 3: nothing to move"))
}

@Test func rendersTheTowerBeingMovedInReverseVideoWithColor() throws {
    let environment = HanoiEnvironment(diskCount: 3, from: 1, to: 2)
    try environment.apply(HanoiCall.shrink)
    let lines = environment.render(color: true).split(separator: "\n")
    #expect(lines[1] == "peg 1 | 3 \u{1B}[7m2\u{1B}[0m \u{1B}[7m1\u{1B}[0m")
    #expect(lines[3] == "k 2 of 3: moving disks 1-2")
}

@Test func aTowerOfTwentyDisksStaysOnShortLines() throws {
    let environment = HanoiEnvironment(diskCount: 20, from: 2, to: 0)
    let lines = environment.render(color: false).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 4)
    #expect(lines[2] == "peg 2 | 20 19 18 17 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1")
    #expect(lines.allSatisfy { $0.count <= 60 })
    // A move changes two peg lines and nothing else, which is what the shell prints after a step.
    let before = lines
    try move(environment, 2, 1)
    let after = environment.render(color: false).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(zip(before, after).filter { $0 != $1 }.count == 2)
}

// MARK: - Grid

@Test func gridIsARowPerPegAndARowOfKWithItsPointer() throws {
    let environment = HanoiEnvironment(diskCount: 3, from: 0, to: 2)
    try environment.apply(HanoiCall.shrink)
    try move(environment, 0, 1)
    let grid = environment.grid()
    #expect(grid.rows.map(\.label) == ["peg 0", "peg 1", "peg 2", "k"])
    #expect(grid.rows.map { $0.cells.map { grid.symbols[$0] } } == [
        ["3", "2", ""], ["1", "", ""], ["", "", ""], ["0", "1", "2", "3"],
    ])
    #expect(grid.pointers == [EnvironmentGrid.Pointer(name: "k", row: 3, column: 2)])
}
