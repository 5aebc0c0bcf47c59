// The quicksort cases: what the teachers meet, order patterns standing for rows, and covering
// problems that meet all of it.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

/// Covering problems by (recursive, maximum length), computed once for all the tests below.
private let coveringByLimit: [Bool: [Int: [Problem]]] = Dictionary(
    uniqueKeysWithValues: [false, true].map { isRecursive in
        let task = QuicksortTask(recursive: isRecursive)
        return (isRecursive, Dictionary(uniqueKeysWithValues: (1...5).map { ($0, task.coveringProblems(upTo: $0)) }))
    })

private func covering(_ isRecursive: Bool, _ maxSize: Int) -> [Problem] { coveringByLimit[isRecursive]![maxSize]! }

/// The cases every order pattern of up to `maxLength` elements meets, computed once per length.
private let patternCases: [Bool: [Int: Set<QuicksortCase>]] = Dictionary(
    uniqueKeysWithValues: [false, true].map { isRecursive in
        (isRecursive, Dictionary(uniqueKeysWithValues: (1...6).map { length in
            (length, QuicksortCase.cases(in: QuicksortCase.orderPatterns(upTo: length), recursive: isRecursive))
        }))
    })

// MARK: - Cases

@Test func quicksortCasesAreWhatTheTeacherMeets() throws {
    let row = QuicksortTask().exampleProblem
    let met = try SortRunner(task: QuicksortTask()).run(row).cases
    #expect(QuicksortCase.cases(in: row, recursive: false) == met)
    let scanAboveThePivot = QuicksortCase(program: .partition, phase: 0, observation: QuicksortObservation([0, 1, 0, 0])!)
    #expect(met.contains(scanAboveThePivot))
    #expect(scanAboveThePivot.description == "PARTITION step 0: two")
    let late = QuicksortCase(program: QuicksortProgram.quicksort.id, stepInCall: 9, observation: [0, 1, 1, 1])
    #expect(late.description == "QUICKSORT step 4+: two j=hi <=")
}

@Test(arguments: [false, true])
func orderPatternsMeetTheDocumentedNumberOfCases(isRecursive: Bool) {
    let counts = (1...6).map { patternCases[isRecursive]![$0]!.count }
    #expect(counts == (isRecursive ? [1, 17, 24, 24, 25, 25] : [2, 17, 28, 29, 29, 29]))
    #expect(QuicksortCase.saturationLength(recursive: isRecursive) == (isRecursive ? 5 : 4))
}

@Test func orderPatternsAreListedOncePerPatternInOrder() {
    #expect((1...6).map { length in QuicksortCase.orderPatterns(upTo: length).count } == [1, 4, 17, 92, 633, 5_316])
    #expect(QuicksortCase.orderPatterns(upTo: 2).map(\.description) == ["0", "0 0", "0 1", "1 0"])
    #expect(QuicksortCase.orderPattern(of: Problem(["7", "3", "7", "9"])) == Problem(["1", "0", "1", "2"]))
}

/// The teacher compares digits only: a row's whole trace (observations and decisions) is its
/// order pattern's, for every row of up to 3 digits and random longer ones.
@Test(arguments: [false, true])
func aRowRunsAsItsOrderPatternDoes(isRecursive: Bool) throws {
    let task = QuicksortTask(recursive: isRecursive)
    var generator = SeededGenerator(seed: 61)
    var rows = SortCase.allRows(upTo: 3)
    rows += (0..<100).map { _ in task.randomProblem(sizes: 4...40, using: &generator) }
    func summary(_ problem: Problem) throws -> [String] {
        try task.teacherTrace(for: problem).steps.map { "\($0.depth) \($0.observation) \($0.decision.call.map(task.programs.describe) ?? "NOP") \($0.decision.returns)" }
    }
    var different: [Problem] = []
    for row in rows where try summary(row) != summary(QuicksortCase.orderPattern(of: row)) {
        different.append(row)
    }
    #expect(different.isEmpty, "first: \(different.prefix(3))")
}

// MARK: - Covering problems

@Test(arguments: [(false, 2), (false, 3), (true, 2), (true, 3), (true, 4)])
func quicksortCoveringProblemsMeetWhatAllShortRowsMeet(isRecursive: Bool, maxSize: Int) {
    let all = patternCases[isRecursive]![maxSize]!
    #expect(QuicksortCase.cases(in: covering(isRecursive, maxSize), recursive: isRecursive) == all)
}

@Test(arguments: [false, true])
func quicksortCoveringProblemsMeetEveryCaseOfRandomRows(isRecursive: Bool) throws {
    let task = QuicksortTask(recursive: isRecursive)
    let covered = QuicksortCase.cases(in: covering(isRecursive, 5), recursive: isRecursive)
    #expect(covered == patternCases[isRecursive]![6]!)
    var generator = SeededGenerator(seed: 62)
    let runner = SortRunner(task: task)
    var met: Set<QuicksortCase> = []
    for _ in 0..<400 {
        met.formUnion(try runner.run(task.randomProblem(sizes: 5...60, using: &generator)).cases)
    }
    let missing = met.subtracting(covered).sorted()
    #expect(missing.isEmpty, "not covered: \(missing.prefix(5))")
}

@Test(arguments: [false, true], [1, 2, 3, 4, 5])
func quicksortCoveringProblemsAreValidShortAndEachAddsACase(isRecursive: Bool, maxSize: Int) throws {
    let task = QuicksortTask(recursive: isRecursive)
    var met: Set<QuicksortCase> = []
    for problem in covering(isRecursive, maxSize) {
        #expect(try task.parseProblem(problem.words) == problem)
        #expect(problem.words.count <= maxSize, "\(problem)")
        let new = QuicksortCase.cases(in: problem, recursive: isRecursive).subtracting(met)
        #expect(!new.isEmpty, "\(problem) adds nothing")
        met.formUnion(new)
    }
}

@Test func quicksortCoveringProblemsAreFewAndDeterministic() {
    // A row of 1 meets every case a row of 1 can.
    #expect(covering(false, 1) == [Problem(["0"])])
    #expect(covering(true, 1) == [Problem(["0"])])
    #expect(QuicksortTask().coveringProblems(upTo: 3) == covering(false, 3))
    // Longer limits pick from the same rows: no case needs more than 4 (plain) or 5 elements.
    #expect(QuicksortTask().coveringProblems(upTo: 50) == covering(false, 4))
    #expect(QuicksortTask(recursive: true).coveringProblems(upTo: 50) == covering(true, 5))
    #expect(covering(false, 4).count == 4)
    #expect(covering(true, 5).count == 2)
}
