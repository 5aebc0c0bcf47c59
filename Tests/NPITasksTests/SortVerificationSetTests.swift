// The verification set of recursive bubble sort: evidence that longer rows meet no per-call
// input sequence that the rows of up to 4 elements miss.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = SortTask(recursive: true)

@Test func plainSortHasNoVerificationSet() {
    #expect(SortTask().verificationSet() == nil)
}

@Test func longerRowsMeetNoSequenceOutsideTheSortVerificationSet() throws {
    let reference = try task.callSequences(of: try #require(task.verificationSet()).problems)
    var generator = SeededGenerator(seed: 2017)
    var problems = (0..<60).map { _ in task.randomProblem(sizes: 5...30, using: &generator) }
    problems += [Problem((0..<12).map { String(9 - $0 % 10) }), Problem((0..<12).map { _ in "3" })]
    let met = try task.callSequences(of: problems)
    let missing = met.sequences.filter { !reference.contains($0.inputs) }.map {
        "\(task.programs.describe($0.inputs.call)) \($0.inputs.observations) in '\($0.problem)'"
    }
    #expect(missing == [])
}
