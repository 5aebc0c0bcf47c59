// The verification set of the Tower of Hanoi (Cai, Shin & Song 2017, section 3.3), derived from
// what one HANOI call can read: its three arguments and whether k is 0, for towers of any size.
import NPICore

extension HanoiTask {
    /// The six towers of 2 disks, one per (FROM, TO) pair: together they meet every per-call
    /// input sequence any tower meets (see `HanoiCallKind`).
    public func verificationSet() -> VerificationSet? {
        VerificationSet(
            problems: HanoiTask.towers(disks: 2),
            completeness: """
                A HANOI call reads only its arguments (an ordering of the three pegs) and whether k \
                is 0 at each step: with k 0 it takes one step; otherwise it reads k > 0 at its first \
                step and k - 1, 0 or not, at its four others. That makes \(HanoiCallKind.all.count) \
                possible sequences. The root of a 2-disk tower has k 2, its two calls k 1 and their \
                four calls k 0, and over the six (FROM, TO) pairs these calls take every ordering of \
                the pegs at each k.
                """)
    }

    /// Towers of at most `maxSize` disks in which the teacher meets every per-call input
    /// sequence such towers allow: the six towers of 1 disk, and from 2 on the six of 2 disks,
    /// which meet them all (see `verificationSet()`).
    public func coveringProblems(upTo maxSize: Int) -> [Problem] {
        precondition(maxSize >= 1, "a tower has at least one disk")
        return HanoiTask.towers(disks: min(maxSize, 2))
    }

    /// The six towers of `disks` disks, one per ordered pair of different pegs, in (FROM, TO) order.
    static func towers(disks: Int) -> [Problem] {
        HanoiPeg.all.flatMap { from in
            HanoiPeg.all.filter { $0 != from }.map { to in Problem([String(disks), String(from), String(to)]) }
        }
    }
}

/// One of the per-call input sequences a HANOI call can meet: its arguments, and how large the
/// tower it moves is.
///
/// The arguments are always an ordering (from, to, via) of the three pegs: the root's are, and
/// each call passes its sub-calls two reorderings of its own, HANOI(from, via, to) and
/// HANOI(via, to, from). Each sub-call leaves k as it found it (SHRINK and GROW balance), so a
/// call with k > 0 reads k > 0 at its first step and k - 1 at its four others:
///
/// - k = 0: `[[1]]` (NOP and return);
/// - k = 1: `[[0], [1], [1], [1], [1]]`;
/// - k ≥ 2: `[[0], [0], [0], [0], [0]]`.
///
/// That is 3 × 6 = 18 sequences in all. Which a tower of n disks from FROM to TO meets: its root
/// P = (FROM, TO, VIA) has k = n; P's two sub-calls are P with two of its places swapped (an odd
/// reordering of P) and have k = n - 1; their four sub-calls, with k = n - 2, are P and the two
/// rotations of P, every even reordering of P; and from there on each depth holds all three
/// orderings of one parity. A tower of 2 disks thus meets P at k ≥ 2, two orderings at k = 1
/// and three at k = 0; over the six choices of P, each sequence is met. A tower of 1 disk meets
/// none with k ≥ 2, and each 2-disk tower is the only one of the six whose root has its ordering
/// at k ≥ 2, so no fewer towers of at most 2 disks will do.
struct HanoiCallKind: Hashable {
    /// How large the tower a call moves is, as far as the call can tell.
    enum TowerSize: CaseIterable {
        case empty, one, more
    }

    /// `[from, to, via]`: an ordering of the pegs 0-2.
    var arguments: [Int]
    var towerSize: TowerSize

    /// Every sequence, in (arguments, tower size) order.
    static let all: [HanoiCallKind] = HanoiTask.towers(disks: 1).flatMap { tower in
        let (from, to) = (Int(tower.words[1])!, Int(tower.words[2])!)
        return TowerSize.allCases.map { size in
            HanoiCallKind(arguments: [from, to, HanoiPeg.third(from, to)], towerSize: size)
        }
    }

    /// The call and what it observes at each of its steps.
    var inputs: CallInputs {
        let observations: [[Int]] =
            switch towerSize {
            case .empty: [[1]]
            case .one: [[0], [1], [1], [1], [1]]
            case .more: Array(repeating: [0], count: 5)
            }
        return CallInputs(
            call: HanoiCall.hanoi(from: arguments[0], to: arguments[1], via: arguments[2]), observations: observations)
    }
}
