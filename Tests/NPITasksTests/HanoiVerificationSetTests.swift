// The verification set of the Tower of Hanoi: it meets exactly the 18 per-call input sequences
// derived in `HanoiCallKind`, towers of up to 10 disks meet no other, and none of it is spare.
import NPICore
import Testing

@testable import NPITasks

private let task = HanoiTask()

/// The teacher's distinct per-call sequences on the verification set, computed once.
private let reference: CallSequenceSet = {
    do {
        return try task.callSequences(of: task.verificationSet()!.problems)
    } catch {
        preconditionFailure("the teacher failed on the verification set: \(error)")
    }
}()

private let derived = Set(HanoiCallKind.all.map(\.inputs))

@Test func verificationSetIsTheSixTowersOfTwoDisks() throws {
    let problems = try #require(task.verificationSet()).problems
    #expect(problems.map(\.description) == ["2 0 1", "2 0 2", "2 1 0", "2 1 2", "2 2 0", "2 2 1"])
    for problem in problems { #expect(try task.parseProblem(problem.words) == problem) }
}

@Test func verificationSetMeetsExactlyTheDerivedSequences() {
    #expect(HanoiCallKind.all.count == 18)
    #expect(derived.count == 18)
    #expect(reference.inputs == derived)
    // Each sequence is met with the teacher's decisions for it: 1 step at k 0, 5 otherwise.
    for sequence in reference.sequences {
        #expect(sequence.decisions.count == sequence.inputs.observations.count)
    }
}

@Test func towersOfUpToTenDisksMeetNoSequenceOutsideTheSet() throws {
    let towers = (1...10).flatMap { HanoiTask.towers(disks: $0) }
    let met = try task.callSequences(of: towers)
    let missing = met.sequences.filter { !reference.contains($0.inputs) }.map {
        "\(task.programs.describe($0.inputs.call)) \($0.inputs.observations) in '\($0.problem)'"
    }
    #expect(missing == [])
    #expect(met.inputs == derived)
}

/// Which sequences each size meets, as `HanoiCallKind` derives: a tower of 1 disk never has
/// k ≥ 2, and each 2-disk tower meets 6 of the 18 (its root at k 2, two orderings at k 1 and
/// three at k 0), its root's k ≥ 2 sequence met by no other 2-disk tower.
@Test func noTowerOfTheSetIsSpare() throws {
    let oneDisk = try task.callSequences(of: HanoiTask.towers(disks: 1))
    #expect(oneDisk.inputs.count == 12)
    #expect(oneDisk.inputs.allSatisfy { $0.observations.count == 1 || $0.observations[1] == [1] })
    let towers = HanoiTask.towers(disks: 2)
    for tower in towers {
        let met = try task.callSequences(of: [tower]).inputs
        #expect(met.count == 6, "\(tower)")
        let others = try task.callSequences(of: towers.filter { $0 != tower }).inputs
        #expect(!met.isSubset(of: others), "\(tower)")
    }
}

@Test func verificationSetSaysWhyItIsComplete() throws {
    let completeness = try #require(task.verificationSet()).completeness
    #expect(completeness.contains("18 possible sequences"))
    #expect(!completeness.contains("\n"))
}

// MARK: - Covering problems

@Test func coveringProblemsAreTheSixTowersOfOneOrTwoDisks() {
    #expect(task.coveringProblems(upTo: 1) == HanoiTask.towers(disks: 1))
    #expect(task.coveringProblems(upTo: 2) == HanoiTask.towers(disks: 2))
    #expect(task.coveringProblems(upTo: 12) == HanoiTask.towers(disks: 2))
}

@Test func coveringProblemsMeetEverySequenceTheirSizesAllow() throws {
    for maxSize in 1...3 {
        let allowed = try task.callSequences(of: (1...maxSize).flatMap { HanoiTask.towers(disks: $0) }).inputs
        #expect(try task.callSequences(of: task.coveringProblems(upTo: maxSize)).inputs == allowed, "\(maxSize)")
    }
}
