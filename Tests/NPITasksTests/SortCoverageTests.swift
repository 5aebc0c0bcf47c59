// The sort cases: what the teachers meet, and covering problems that meet all of it.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

/// Covering problems by (recursive, maximum length), computed once for all the tests below.
private let coveringByLimit: [Bool: [Int: [Problem]]] = Dictionary(
    uniqueKeysWithValues: [false, true].map { isRecursive in
        let task = SortTask(recursive: isRecursive)
        return (isRecursive, Dictionary(uniqueKeysWithValues: [1, 2, 3, 4].map { ($0, task.coveringProblems(upTo: $0)) }))
    })

private func covering(_ isRecursive: Bool, _ maxSize: Int) -> [Problem] { coveringByLimit[isRecursive]![maxSize]! }

// MARK: - Cases

@Test func sortCasesAreWhatTheTeacherMeets() throws {
    let row = SortTask().exampleProblem
    let met = try SortRunner(task: SortTask()).run(row).cases
    #expect(SortCase.cases(in: row, recursive: false) == met)
    let outOfOrder = SortCase(program: .compareSwap, phase: 0, observation: SortObservation([5, 3, 1, 0])!)
    #expect(met.contains(outOfOrder))
    #expect(met.contains(SortCase(program: .bubbleSort, phase: 2, observation: SortObservation([0, 0, 1, 1])!)))
    #expect(outOfOrder.description == "COMPSWAP step 0: 5,3 start")
    #expect(SortCase(program: SortProgram.bubbleStep.id, stepInCall: 7, observation: [3, 10, 0, 0]).description == "BSTEP step 2+: 3,_")
}

@Test(arguments: [false, true])
func shortRowsMeetTheDocumentedNumberOfCases(isRecursive: Bool) {
    #expect(SortCase.cases(in: covering(isRecursive, 4), recursive: isRecursive).count == 1_170)
    let upToTwo = SortCase.cases(in: SortCase.allRows(upTo: 2), recursive: isRecursive)
    #expect(upToTwo.count == (isRecursive ? 595 : 565))
    // COMPSWAP's first step on every pair at the start of a pass, swapped or not.
    #expect(upToTwo.filter { $0.program == .compareSwap }.count == 100)
    let upToThree = SortCase.cases(in: covering(isRecursive, 3), recursive: isRecursive)
    #expect(upToThree.count == 1_170 - (isRecursive ? 45 : 55))
}

// MARK: - Covering problems

@Test(arguments: [(false, 2), (false, 3), (true, 2), (true, 3)])
func sortCoveringProblemsMeetWhatAllShortRowsMeet(isRecursive: Bool, maxSize: Int) {
    let all = SortCase.cases(in: SortCase.allRows(upTo: maxSize), recursive: isRecursive)
    #expect(SortCase.cases(in: covering(isRecursive, maxSize), recursive: isRecursive) == all)
}

@Test(arguments: [(false, 4), (false, 30), (true, 4), (true, 30)])
func sortCoveringProblemsMeetEveryCaseOfRandomRows(isRecursive: Bool, maxSize: Int) throws {
    let task = SortTask(recursive: isRecursive)
    let covered = SortCase.cases(in: covering(isRecursive, min(maxSize, 4)), recursive: isRecursive)
    var generator = SeededGenerator(seed: 41)
    let runner = SortRunner(task: task)
    var met: Set<SortCase> = []
    for _ in 0..<(maxSize == 4 ? 1_500 : 200) {
        met.formUnion(try runner.run(task.randomProblem(sizes: 1...maxSize, using: &generator)).cases)
    }
    let missing = met.subtracting(covered).sorted()
    #expect(missing.isEmpty, "not covered: \(missing.prefix(5))")
}

@Test(arguments: [false, true], [1, 2, 3, 4])
func sortCoveringProblemsAreValidShortAndEachAddsACase(isRecursive: Bool, maxSize: Int) throws {
    let task = SortTask(recursive: isRecursive)
    var met: Set<SortCase> = []
    for problem in covering(isRecursive, maxSize) {
        #expect(try task.parseProblem(problem.words) == problem)
        #expect(problem.words.count <= maxSize, "\(problem)")
        let new = SortCase.cases(in: problem, recursive: isRecursive).subtracting(met)
        #expect(!new.isEmpty, "\(problem) adds nothing")
        met.formUnion(new)
    }
}

@Test func sortCoveringProblemsAreFewAndDeterministic() {
    for isRecursive in [false, true] {
        // Rows of 1 each meet one final BUBBLESORT case, so 10 is the least possible.
        #expect(covering(isRecursive, 1).count == 10)
        #expect(covering(isRecursive, 4).count <= 100)
    }
    #expect(SortTask().coveringProblems(upTo: 2) == covering(false, 2))
    // Longer limits pick from the same rows: no case needs more than 4 elements.
    #expect(SortTask(recursive: true).coveringProblems(upTo: 50) == covering(true, 4))
    #expect(covering(false, 4).count == 88)
    #expect(covering(true, 4).count == 70)
}
