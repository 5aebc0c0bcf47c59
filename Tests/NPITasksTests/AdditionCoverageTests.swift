// The ADD1 cases: the list of reachable cases, coverage of problem sets, and covering problems.
import NPICore
import Testing

@testable import NPITasks

private let task = AdditionTask()

private func problem(_ a: String, _ b: String) throws -> Problem {
    try task.parseProblem([a, b])
}

/// All problems with operands below `bound`.
private func allPairs(below bound: Int) throws -> [Problem] {
    var problems: [Problem] = []
    for a in 0..<bound { for b in 0..<bound { problems.append(try problem(String(a), String(b))) } }
    return problems
}

// MARK: - The case list

@Test func listsTheReachableAdd1Cases() {
    let all = AdditionCase.all
    let blank = AdditionEnvironment.blank
    #expect(all.count == 241)
    #expect(Set(all).count == 241)
    #expect(!all.contains(AdditionCase(in1: blank, in2: blank, carry: blank)))
    #expect(all.allSatisfy { [1, blank].contains($0.carry) })
    #expect(all == all.sorted())
}

@Test func coverageMatchesWhatTheTeacherMeets() throws {
    let problems = try allPairs(below: 100)
    let runner = TeacherRunner(recordsTrace: false)
    var met: Set<AdditionCase> = []
    for problem in problems {
        met.formUnion(try runner.run(problem).add1Observations.map(AdditionCase.init(observation:)))
    }
    #expect(AdditionCase.cases(in: problems) == met)
    // A column with a carry into it is never the rightmost, and below 100 the only other digit
    // is a leading one, never 0; a 0 beside a blank operand cell is not rightmost either.
    let blank = AdditionEnvironment.blank
    let missing = AdditionCase.missing(in: problems)
    let zeroNotRightmost = AdditionCase.all.filter { add1Case in
        let hasZero = add1Case.in1 == 0 || add1Case.in2 == 0
        let zeroBesideBlank = hasZero && (add1Case.in1 == blank || add1Case.in2 == blank)
        return (add1Case.carry == 1 && hasZero) || zeroBesideBlank
    }
    #expect(missing == zeroNotRightmost)
    #expect(missing.count == 23)
}

@Test func everyCaseHasAnExampleTheTeacherMeetsItIn() throws {
    let runner = TeacherRunner(recordsTrace: false)
    for add1Case in AdditionCase.all {
        let example = add1Case.example
        #expect(try task.parseProblem(example.words) == example, "\(add1Case): \(example)")
        let met = try runner.run(example).add1Observations.map(AdditionCase.init(observation:))
        #expect(met.contains(add1Case), "\(add1Case): \(example)")
        #expect(AdditionCase.cases(in: example).contains(add1Case))
    }
    #expect(AdditionCase.missing(in: AdditionCase.all.map(\.example)).isEmpty)
}

@Test func describesCasesCompactly() {
    #expect(AdditionCase(in1: 3, in2: AdditionEnvironment.blank, carry: 1).description == "3+_+1")
}

// MARK: - Covering problems

/// Covering problems by digit limit, computed once for all the tests below.
private let coveringByDigits: [Int: [Problem]] = Dictionary(
    uniqueKeysWithValues: [1, 2, 3, 10, 1_000].map { ($0, task.coveringProblems(upTo: $0)) })

@Test(arguments: [(1, 10), (2, 100)])
func coveringProblemsMeetWhatAllShortPairsMeet(maxDigits: Int, bound: Int) throws {
    let covering = coveringByDigits[maxDigits]!
    #expect(AdditionCase.cases(in: covering) == AdditionCase.cases(in: try allPairs(below: bound)))
    #expect(covering.allSatisfy { $0.words.allSatisfy { $0.count <= maxDigits } })
}

@Test(arguments: [1, 2, 3, 10, 1_000])
func coveringProblemsAreValidAndEachAddsACase(maxDigits: Int) throws {
    let covering = coveringByDigits[maxDigits]!
    var met: Set<AdditionCase> = []
    for problem in covering {
        #expect(try task.parseProblem(problem.words) == problem, "leading zero in \(problem)")
        #expect(problem.words.allSatisfy { $0.count <= maxDigits }, "\(problem)")
        let new = AdditionCase.cases(in: problem).subtracting(met)
        #expect(!new.isEmpty, "\(problem) adds nothing")
        met.formUnion(new)
    }
}

@Test(arguments: [3, 10, 1_000])
func coveringProblemsMeetAllCasesFromThreeDigits(maxDigits: Int) {
    #expect(AdditionCase.missing(in: coveringByDigits[maxDigits]!).isEmpty)
}

@Test func coveringProblemsAreFewAndDeterministic() {
    // One digit allows one both-digit case per problem, so 100 is the least possible.
    #expect(coveringByDigits[1]!.count == 100)
    #expect(coveringByDigits[10]!.count <= 40)
    // Longer limits need no longer problems: the walk stops when it finds nothing new.
    #expect(coveringByDigits[1_000]!.allSatisfy { $0.words.allSatisfy { $0.count <= 200 } })
    #expect(task.coveringProblems(upTo: 10) == coveringByDigits[10]!)
}
