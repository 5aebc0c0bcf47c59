// The max cases: sort's plus those of MAX, RJMP and RJMP's RSHIFTs, and covering problems that
// meet all of them.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = MaxTask()

/// Covering problems by maximum length, computed once for all the tests below.
private let coveringByLimit: [Int: [Problem]] = Dictionary(
    uniqueKeysWithValues: [1, 2, 3, 4].map { ($0, task.coveringProblems(upTo: $0)) })

private func covering(_ maxSize: Int) -> [Problem] { coveringByLimit[maxSize]! }

/// The cases of every row of up to 4 elements: every case there is (see `MaxCase`).
private let allCases = MaxCase.cases(in: SortCase.allRows(upTo: 4))

private let rightJump = MaxProgram.rightJump.id

// MARK: - Cases

@Test func maxCasesAreWhatTheTeacherMeets() throws {
    let row = task.exampleProblem
    let met = try SortRunner(task: task).run(row).cases
    #expect(MaxCase.cases(in: row) == met)
    let jumpStart = MaxCase(program: rightJump, stepInCall: 0, observation: [1, 1, 1, 1])
    #expect(met.contains(jumpStart))
    #expect(jumpStart.description == "RJMP step 0: 1,1 start done")
    #expect(MaxCase(program: rightJump, stepInCall: 5, observation: [10, 10, 0, 1]).description == "RJMP step 2+: _,_ done")
}

@Test func maxCasesAreSortsAndTheDocumentedNewOnes() {
    #expect(allCases.count == 1_317)
    let sortCases = Set(SortCase.cases(in: SortTask().coveringProblems(upTo: 4), recursive: false).map { sortCase in
        MaxCase(program: sortCase.program.id, phase: sortCase.phase, observation: sortCase.observation)
    })
    #expect(sortCases.count == 1_170)
    #expect(sortCases.isSubset(of: allCases))
    // The new ones all run after the sort: MAX, RJMP, and RSHIFT seeing all passes done.
    let new = allCases.subtracting(sortCases)
    #expect(new.count == 147)
    #expect(new.allSatisfy { $0.program >= MaxProgram.rightJump.id || $0.observation.ptr3AtEnd })
    #expect(new.filter { $0.program == MaxProgram.max.id }.count == 30)
    #expect(new.filter { $0.program == SortProgram.rightShift.id }.count == 85)
}

/// RJMP meets each digit at its first step (the row's least), a digit or ptr2 past the end
/// (a row of one) at its second, and a digit or ptr2 past the end from its third on.
@Test func rjmpMeetsEveryDigitAtEveryStepAndTheEnd() {
    let rightJumpCases = allCases.filter { $0.program == rightJump }
    #expect(rightJumpCases.count == 10 + 11 + 11)
    let digits = (0...9).map { SortObservation(value1: $0, value2: $0, ptr1AtStart: false, ptr3AtEnd: true) }
    let end = SortObservation(value1: 10, value2: 10, ptr1AtStart: false, ptr3AtEnd: true)
    for phase in 1...2 {
        for observation in digits + [end] {
            #expect(rightJumpCases.contains(MaxCase(program: rightJump, phase: phase, observation: observation)))
        }
    }
}

// MARK: - Covering problems

@Test func maxCoveringProblemsMeetEveryCaseAndEveryRjmpCase() {
    let met = MaxCase.cases(in: covering(4))
    #expect(met == allCases)
    #expect(allCases.filter { $0.program == rightJump }.isSubset(of: met))
}

@Test(arguments: [1, 2, 3])
func maxCoveringProblemsMeetWhatAllShortRowsMeet(maxSize: Int) {
    #expect(MaxCase.cases(in: covering(maxSize)) == MaxCase.cases(in: SortCase.allRows(upTo: maxSize)))
}

@Test func rowsOfUpToThreeMeetEveryRjmpCase() {
    let met = MaxCase.cases(in: covering(3))
    #expect(allCases.filter { $0.program == rightJump }.isSubset(of: met))
}

@Test(arguments: [4, 30])
func maxCoveringProblemsMeetEveryCaseOfRandomRows(maxSize: Int) throws {
    var generator = SeededGenerator(seed: 61)
    let runner = SortRunner(task: task)
    var met: Set<MaxCase> = []
    for _ in 0..<(maxSize == 4 ? 1_500 : 200) {
        met.formUnion(try runner.run(task.randomProblem(sizes: 1...maxSize, using: &generator)).cases)
    }
    let missing = met.subtracting(MaxCase.cases(in: covering(4))).sorted()
    #expect(missing.isEmpty, "not covered: \(missing.prefix(5))")
}

@Test(arguments: [1, 2, 3, 4])
func maxCoveringProblemsAreValidShortAndEachAddsACase(maxSize: Int) throws {
    var met: Set<MaxCase> = []
    for problem in covering(maxSize) {
        #expect(try task.parseProblem(problem.words) == problem)
        #expect(problem.words.count <= maxSize, "\(problem)")
        let new = MaxCase.cases(in: problem).subtracting(met)
        #expect(!new.isEmpty, "\(problem) adds nothing")
        met.formUnion(new)
    }
}

@Test func maxCoveringProblemsAreFewAndDeterministic() {
    #expect(covering(1).count == 10)
    #expect(covering(4).count == 86)
    #expect(task.coveringProblems(upTo: 2) == covering(2))
    // Longer limits pick from the same rows: no case needs more than 4 elements.
    #expect(task.coveringProblems(upTo: 50) == covering(4))
}
