// The hand-written recursive Tower of Hanoi whose traces the model learns: move the tower
// above the largest disk out of the way, move that disk, move the tower back onto it.
import NPICore

/// Plans HANOI(from, to, via) from its arguments and whether k is 0.
///
/// Convention "return after the call", as for `SortTeacher`: a decision's `returns` means the
/// program returns once that step's call completes, and a plan is refilled only when empty.
/// HANOI plans its whole call at its first step:
///
/// - k is 0 (no disk to move): NOP and return.
/// - otherwise: SHRINK (the largest disk of the tower, disk k, leaves it), HANOI(from, via, to)
///   (the k - 1 disks above it out of the way), MOVE_DISK(from, to) (disk k, now on top of
///   `from` with `to` empty or holding only larger disks), HANOI(via, to, from) (the k - 1 disks
///   back onto it), then GROW and return (disk k rejoins the tower, which is where the caller
///   expects it).
///
/// Every sub-call leaves k as it found it, so each step after SHRINK sees the same k - 1: a
/// call's decisions depend only on its arguments, whether k is 0 at its first step and whether
/// k - 1 is 0 at its later ones (see `HanoiTask.verificationSet()`).
public struct HanoiTeacher: NPITeacher {
    public init() {}

    /// The next decisions of `call`, from the environment's current observation.
    ///
    /// Only HANOI is planned; NOP and the primitives never run a core step.
    public func plan(for call: Call, environment: any NPIEnvironment) -> [Decision] {
        guard call.program == HanoiProgram.hanoi.id else {
            preconditionFailure("program id \(call.program) is not HANOI; the teacher plans only HANOI")
        }
        guard let observation = HanoiObservation(environment.observation()) else {
            preconditionFailure("the environment's observation \(environment.observation()) is not a hanoi observation")
        }
        if observation.towerIsEmpty { return [Decision(call: nil, returns: true)] }
        let (from, to, via) = (call.arguments[0], call.arguments[1], call.arguments[2])
        return [
            Decision(call: HanoiCall.shrink, returns: false),
            Decision(call: HanoiCall.hanoi(from: from, to: via, via: to), returns: false),
            Decision(call: HanoiCall.moveDisk(from: from, to: to), returns: false),
            Decision(call: HanoiCall.hanoi(from: via, to: to, via: from), returns: false),
            Decision(call: HanoiCall.grow, returns: true),
        ]
    }
}

// MARK: - Observation

/// What the HANOI core sees at a step, as `HanoiEnvironment.observation()` lays it out: `[kIsZero]`.
///
/// Nothing else: HANOI's arguments already say which pegs to use, and the only thing a call
/// cannot know from them is whether it has a disk to move. With no peg contents in the
/// observation, a call's decisions are a function of its arguments and of this flag at each of
/// its steps, which is what makes its verification set small and derived, not measured.
public struct HanoiObservation: Hashable, Sendable, CustomStringConvertible {
    /// The tower being moved has no disks (k is 0).
    public var towerIsEmpty: Bool

    public init(towerIsEmpty: Bool) { self.towerIsEmpty = towerIsEmpty }

    /// The observation a symbol list shows, or nil if it is not one symbol 0 or 1, as an
    /// observation read from a file might be.
    public init?(_ symbols: [Int]) {
        guard symbols.count == 1, (0...1).contains(symbols[0]) else { return nil }
        towerIsEmpty = symbols[0] == 1
    }

    /// The symbol list `NPIEnvironment.observation()` returns.
    public var symbols: [Int] { [towerIsEmpty ? 1 : 0] }

    /// `k 0: nothing to move`, or `k > 0: a tower to move`.
    public var description: String { towerIsEmpty ? "k 0: nothing to move" : "k > 0: a tower to move" }

    // MARK: - Features

    /// One-hot: kIsZero no/yes.
    public static let featureCount = 2
    /// One feature is active.
    public static let activeFeatureCount = 1

    /// The active feature: 0 when k > 0, 1 when k is 0.
    public var features: [Int] { [towerIsEmpty ? 1 : 0] }
}
