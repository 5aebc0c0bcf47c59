// What makes the sort teachers learnable and verifiable: each decision is a function of what the
// core sees, and recursive calls are short (Cai, Shin & Song 2017, sections 3.2-3.3).
import NPICore
import NPINeural
import Testing

@testable import NPITasks

/// All rows up to 3 and random rows up to 30, for comparing decisions across many traces.
private func sampleRows(seed: UInt64) -> [Problem] {
    var generator = SeededGenerator(seed: seed)
    let random = (0..<150).map { _ in SortTask().randomProblem(sizes: 1...30, using: &generator) }
    return SortCase.allRows(upTo: 3) + random
}

/// Checks a stronger property than "same (program, observation, step in call), same decision":
/// the step index is capped at 2 (`SortCase.phase`), so long loops cannot hide a dependence on
/// counting steps.
@Test(arguments: [false, true])
func theSameCaseAlwaysGetsTheSameDecision(isRecursive: Bool) throws {
    let runner = SortRunner(task: SortTask(recursive: isRecursive), recordsCases: false, recordsDecisions: true)
    var decisions: [SortCase: Decision] = [:]
    var conflicts: [SortCase] = []
    for row in sampleRows(seed: 31) {
        let result = try runner.run(row, decisions: decisions)
        decisions = result.decisions
        conflicts += result.conflicts
    }
    #expect(conflicts.isEmpty, "first conflicts: \(conflicts.prefix(3))")
    // The test can fail: without the phase, BSTEP's COMPSWAP and RSHIFT steps on a pair of equal
    // digits (which COMPSWAP leaves alone) would be one situation with two decisions.
    let equalPair = SortObservation(value1: 3, value2: 3, ptr1AtStart: false, ptr3AtEnd: false)
    let first = decisions[SortCase(program: .bubbleStep, phase: 0, observation: equalPair)]
    let second = decisions[SortCase(program: .bubbleStep, phase: 1, observation: equalPair)]
    #expect(first?.call == SortCall.compareSwap)
    #expect(second?.call == SortCall.rightShift)
}

@Test func recursiveCallsTakeAtMostThreeStepsAtAnyLength() throws {
    let runner = SortRunner(task: SortTask(recursive: true), recordsCases: false)
    var generator = SeededGenerator(seed: 32)
    for length in [2, 3, 10, 50, 300] {
        let result = try runner.run(SortTask().randomProblem(sizes: length...length, using: &generator))
        #expect(result.maxStepsInCall == 3, "length \(length)")
    }
    // The plain loops, by contrast, run BUBBLESORT for 2(n - 1) + 1 steps.
    let plain = try SortRunner(task: SortTask(), recordsCases: false).run(Problem(Array(repeating: "1", count: 50)))
    #expect(plain.maxStepsInCall == 2 * 49 + 1)
}

/// Cai et al.'s argument in miniature: a long row's trace shows no case that the covering rows
/// did not, and each is decided the same way, so a model that matches the teacher on the
/// covering rows matches it on this row too.
@Test(arguments: [false, true])
func aLongTraceHasOnlyCasesTheCoveringRowsShow(isRecursive: Bool) throws {
    let task = SortTask(recursive: isRecursive)
    let runner = SortRunner(task: task, recordsCases: false, recordsDecisions: true)
    var known: [SortCase: Decision] = [:]
    for row in task.coveringProblems(upTo: 4) { known = try runner.run(row, decisions: known).decisions }
    var generator = SeededGenerator(seed: 33)
    let long = try runner.run(task.randomProblem(sizes: 200...200, using: &generator), decisions: known)
    #expect(long.conflicts.isEmpty)
    let new = Set(long.decisions.keys).subtracting(known.keys).sorted()
    #expect(new.isEmpty, "\(new.count) new cases, e.g. \(new.prefix(3))")
}
