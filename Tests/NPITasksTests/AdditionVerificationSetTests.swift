// The verification set of recursive addition (Cai, Shin & Song 2017, section 3.3): its size, and
// evidence that no problem meets a per-call input sequence it misses.
import Foundation
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = AdditionTask(recursive: true)

/// The teacher's distinct per-call sequences on the verification set, computed once.
private let reference: CallSequenceSet = {
    do {
        return try task.callSequences(of: task.verificationSet()!.problems)
    } catch {
        preconditionFailure("the teacher failed on the verification set: \(error)")
    }
}()

/// The sequences `problems` meet that the verification set misses, shown as `PROGRAM (observations)`.
private func missing(from problems: [Problem]) throws -> [String] {
    let met = try task.callSequences(of: problems)
    return met.sequences.filter { !reference.contains($0.inputs) }.map {
        "\(task.programs.describe($0.inputs.call)) \($0.inputs.observations) in '\($0.problem)'"
    }
}

@Test func loopingAdditionHasNoVerificationSet() {
    #expect(AdditionTask().verificationSet() == nil)
}

@Test func verificationProblemsAreParsedAndDistinct() throws {
    let problems = try #require(task.verificationSet()).problems
    #expect(problems.count > 20_000 && problems.count <= AdditionColumnStep.all.count)
    #expect(Set(problems).count == problems.count)
    for problem in problems { #expect(try task.parseProblem(problem.words) == problem) }
}

/// ADD and LSHIFT have one sequence per reachable column step (ADD one more: the all-blank
/// column), ADD1 one per ADD1 case, CARRY one per case whose sum reaches 10.
@Test func verificationSetHasOneSequencePerReachableCombination() {
    var counts: [String: Int] = [:]
    for sequence in reference.sequences {
        counts[task.programs[sequence.inputs.call.program].name, default: 0] += 1
    }
    let blank = AdditionEnvironment.blank
    let carrying = AdditionCase.all.filter { [$0.in1, $0.in2, $0.carry].reduce(0) { $0 + ($1 == blank ? 0 : $1) } >= 10 }
    #expect(AdditionColumnStep.all.count == 24_418)
    #expect(Set(AdditionColumnStep.all).count == 24_418)
    #expect(counts == ["ADD": 24_419, "LSHIFT": 24_418, "ADD1": 241, "CARRY": carrying.count])
}

@Test func randomProblemsOfMixedLengthsMeetNoSequenceOutsideTheSet() throws {
    var generator = SeededGenerator(seed: 2017)
    var problems = (0..<400).map { _ in task.randomProblem(sizes: 1...60, using: &generator) }
    for length in [1, 2, 5, 17, 60] {
        let nines = String(repeating: "9", count: length)
        problems += [["1", nines], [nines, "1"], [nines, nines], [nines, "0"], ["0", "0"], ["10" + nines, "1"]]
            .map(Problem.init)
    }
    problems = try problems.map { try task.parseProblem($0.words) }
    #expect(try missing(from: problems) == [])
}

/// Every problem with a first operand 0-999 and a second 0-99 (the random problems above mix
/// both orders).
@Test func everySmallProblemMeetsNoSequenceOutsideTheSet() throws {
    let problems = (0...999).flatMap { a in (0...99).map { b in Problem([String(a), String(b)]) } }
    #expect(try missing(from: problems) == [])
}
