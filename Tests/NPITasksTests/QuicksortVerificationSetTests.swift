// The verification set of recursive quicksort: its few rows meet every per-call input sequence
// that the order patterns of up to 6 elements meet, and longer rows meet no other.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = QuicksortTask(recursive: true)

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

@Test func plainQuicksortHasNoVerificationSet() {
    #expect(QuicksortTask().verificationSet() == nil)
}

@Test func quicksortVerificationProblemsAreFewParsedAndDistinct() throws {
    let problems = try #require(task.verificationSet()).problems
    #expect(problems.count == 12)
    #expect(Set(problems).count == problems.count)
    for problem in problems {
        #expect(try task.parseProblem(problem.words) == problem)
        #expect(problem.words.count <= QuicksortTask.verificationSaturationLength)
    }
}

/// QUICKSORT and PARTITION sequences, all met by the order patterns of up to 6 elements; the
/// patterns of 6 add 3 QUICKSORT sequences to those of 5 (see `verificationSet()`).
@Test func quicksortVerificationSetMeetsWhatTheShortPatternsMeet() throws {
    var counts: [String: Int] = [:]
    for sequence in reference.sequences { counts[task.programs.describe(sequence.inputs.call), default: 0] += 1 }
    #expect(counts == ["QUICKSORT": 25, "PARTITION": 10])
    let upToSix = try task.callSequences(of: QuicksortCase.orderPatterns(upTo: 6))
    #expect(upToSix.inputs == reference.inputs)
    let upToFive = try task.callSequences(of: QuicksortCase.orderPatterns(upTo: 5))
    #expect(upToFive.inputs.count == 32)
}

/// Saturation, measured: random rows of 5 to 60 elements and sorted, reversed and constant rows
/// meet no per-call sequence outside the set.
@Test func longerRowsMeetNoSequenceOutsideTheQuicksortVerificationSet() throws {
    var generator = SeededGenerator(seed: 2017)
    var problems = (0..<300).map { _ in task.randomProblem(sizes: 5...60, using: &generator) }
    for length in [6, 12, 40] {
        let random = task.randomProblem(sizes: length...length, using: &generator).words
        problems += [random.sorted(), random.sorted(by: >), Array(repeating: "3", count: length)].map(Problem.init)
    }
    #expect(try missing(from: problems) == [])
}

/// Cai et al.'s verification array alone meets fewer than half of the sequences.
@Test func caisArrayAloneMeetsSixteenOfTheSequences() throws {
    let met = try task.callSequences(of: [task.exampleProblem])
    #expect(met.inputs.count == 16)
    #expect(met.inputs.isSubset(of: reference.inputs))
    #expect(try missing(from: [task.exampleProblem]) == [])
}
