// The Tower of Hanoi: three pegs of disks and the size k of the tower being moved. Primitives
// MOVE_DISK, SHRINK and GROW act on it; the observation is whether k is 0.
import NPICore

/// Three pegs holding disks of sizes 1...n, and a counter k: the k smallest disks are the
/// tower the running HANOI call moves.
///
/// The environment keeps the rule of the puzzle: a disk is never put on a smaller one, and a
/// move that would do so, or takes from an empty peg, is refused with an `NPIError` and changes
/// nothing (a badly trained model may try). k stays in `0...n`: SHRINK at 0 and GROW at n are
/// refused too. k is the recursion's bookkeeping, not part of the answer: HANOI takes one disk
/// out of the tower (SHRINK) before its sub-calls and puts it back (GROW) before it returns.
public final class HanoiEnvironment: NPIEnvironment {
    /// Disks in the puzzle, n.
    public let diskCount: Int
    /// The peg the tower starts on, FROM.
    public let sourcePeg: Int
    /// The peg the tower must end on, TO.
    public let targetPeg: Int
    // pegs[peg]: the disk sizes on it, bottom first (so decreasing); (3, at most n).
    private var pegs: [[Int]]
    /// k: the disks 1...k are the tower being moved now, in `0...diskCount`.
    public private(set) var towerSize: Int

    /// A tower of `diskCount` disks (at least one) on peg `from`, to be moved to peg `to` (two
    /// different pegs 0-2), and k = `diskCount`.
    public init(diskCount: Int, from: Int, to: Int) {
        precondition(diskCount >= 1, "a tower has at least one disk")
        precondition(HanoiPeg.all.contains(from) && HanoiPeg.all.contains(to) && from != to, "two different pegs 0-2")
        self.diskCount = diskCount
        sourcePeg = from
        targetPeg = to
        pegs = Array(repeating: [], count: HanoiPeg.count)
        pegs[from] = Array((1...diskCount).reversed())
        towerSize = diskCount
    }

    // MARK: - State

    /// The disk sizes on `peg`, bottom first.
    public func disks(on peg: Int) -> [Int] {
        pegs[peg]
    }

    /// `[kIsZero]`: 1 when the tower being moved is empty, else 0 (see `HanoiObservation`).
    public func observation() -> [Int] {
        [towerSize == 0 ? 1 : 0]
    }

    /// The three pegs, each as its number and its disks bottom first, `-` for an empty peg:
    /// `0: - | 1: - | 2: 3 2 1`.
    public var output: String {
        HanoiEnvironment.describe(pegs)
    }

    /// `pegs` (disk sizes bottom first, per peg) written as `output` writes them.
    static func describe(_ pegs: [[Int]]) -> String {
        pegs.enumerated().map { peg, disks in
            "\(peg): " + (disks.isEmpty ? "-" : disks.map(String.init).joined(separator: " "))
        }.joined(separator: " | ")
    }

    // MARK: - Primitives

    /// Runs MOVE_DISK, SHRINK or GROW; throws an `NPIError` for any other program, a peg out of
    /// range, a move that breaks the rule of the puzzle, or k leaving `0...n`.
    public func apply(_ call: Call) throws {
        let programs = HanoiProgram.table
        guard let program = HanoiProgram(rawValue: call.program) else {
            throw NPIError("program id \(call.program) is out of range 0-\(programs.count - 1)")
        }
        let name = program.spec.name
        switch program {
        case .moveDisk:
            try moveDisk(from: call.arguments[0], to: call.arguments[1])
        case .shrink:
            guard towerSize > 0 else {
                throw NPIError("\(name) needs a tower to take a disk from, but k is 0")
            }
            towerSize -= 1
        case .grow:
            guard towerSize < diskCount else {
                throw NPIError("\(name) needs a disk to add, but k is already \(diskCount), every disk")
            }
            towerSize += 1
        case .nop, .hanoi:
            throw NPIError("\(name) is not a primitive (only MOVE_DISK, SHRINK and GROW act on the pegs)")
        }
    }

    private func moveDisk(from: Int, to: Int) throws {
        let name = HanoiProgram.moveDisk.spec.name
        for (role, peg) in [("from", from), ("to", to)] where !HanoiPeg.all.contains(peg) {
            throw NPIError("\(name) \(role) peg \(peg) is out of range 0-2")
        }
        guard from != to else {
            throw NPIError("\(name) from peg \(from) to itself moves nothing")
        }
        guard let disk = pegs[from].last else {
            throw NPIError("\(name) from peg \(from), which is empty")
        }
        if let below = pegs[to].last, below < disk {
            throw NPIError("\(name) would put disk \(disk) from peg \(from) on the smaller disk \(below) on peg \(to)")
        }
        pegs[from].removeLast()
        pegs[to].append(disk)
    }
}
