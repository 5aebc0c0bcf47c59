// What the quicksort core sees at a step: four comparisons of the pointers, the top range and
// two values, never the values themselves (as Cai, Shin & Song 2017's comparison encoder, A.4).
import NPICore

/// The quicksort observation, as `QuicksortEnvironment.observation()` lays it out:
/// `[stackEmpty, rangeHasTwo, jAtHigh, lessOrEqual]`, each 0 or 1.
///
/// - `stackEmpty`: no range is left to sort; then the other three are 0.
/// - `rangeHasTwo`: the top range (lo, hi) has at least two elements (lo < hi), so it needs a
///   partition; a range of one element or none is only popped.
/// - `jAtHigh`: j stands on hi, the pivot: the partition's scan is over.
/// - `lessOrEqual`: j is in the top range and the value under it is at most the pivot
///   (`A[j] <= A[hi]`), so it belongs to the left part.
///
/// With j outside the top range, `jAtHigh` and `lessOrEqual` are both 0. As only comparisons
/// are seen, a row's execution depends only on the order of its digits, not on their values.
public struct QuicksortObservation: Hashable, Sendable, CustomStringConvertible {
    /// Symbols in an observation.
    public static let count = 4

    public var stackEmpty: Bool
    public var rangeHasTwo: Bool
    public var jAtHigh: Bool
    public var lessOrEqual: Bool

    public init(stackEmpty: Bool, rangeHasTwo: Bool, jAtHigh: Bool, lessOrEqual: Bool) {
        self.stackEmpty = stackEmpty
        self.rangeHasTwo = rangeHasTwo
        self.jAtHigh = jAtHigh
        self.lessOrEqual = lessOrEqual
    }

    /// The observation a symbol list shows, or nil if it is not four symbols 0 or 1, as an
    /// observation read from a file might be.
    public init?(_ symbols: [Int]) {
        guard symbols.count == QuicksortObservation.count, symbols.allSatisfy({ (0...1).contains($0) }) else {
            return nil
        }
        self.init(stackEmpty: symbols[0] == 1, rangeHasTwo: symbols[1] == 1, jAtHigh: symbols[2] == 1, lessOrEqual: symbols[3] == 1)
    }

    /// The symbol list `NPIEnvironment.observation()` returns.
    public var symbols: [Int] { [stackEmpty, rangeHasTwo, jAtHigh, lessOrEqual].map { $0 ? 1 : 0 } }

    /// The flags that are set, e.g. `two j=hi <=`, `empty` for an empty stack, or `-` for none.
    public var description: String {
        let set = [(stackEmpty, "empty"), (rangeHasTwo, "two"), (jAtHigh, "j=hi"), (lessOrEqual, "<=")]
            .filter(\.0).map(\.1)
        return set.isEmpty ? "-" : set.joined(separator: " ")
    }

    /// The observation in words, e.g. `range of 2 or more, j at hi, A[j] <= A[hi]`.
    public var words: String {
        if stackEmpty && !rangeHasTwo && !jAtHigh && !lessOrEqual { return "stack empty" }
        return [
            stackEmpty ? "stack empty" : nil,
            rangeHasTwo ? "range of 2 or more" : "range of 0 or 1",
            jAtHigh ? "j at hi" : "j not at hi",
            lessOrEqual ? "A[j] <= A[hi]" : "not A[j] <= A[hi]",
        ].compactMap { $0 }.joined(separator: ", ")
    }

    // MARK: - Features

    /// One-hot blocks of no/yes for each of the four flags.
    public static let featureCount = 2 * count
    /// One feature per block is active.
    public static let activeFeatureCount = count

    /// The active feature indices, one per block, in block order: `[0 + stackEmpty,
    /// 2 + rangeHasTwo, 4 + jAtHigh, 6 + lessOrEqual]`.
    public var features: [Int] {
        symbols.enumerated().map { block, flag in 2 * block + flag }
    }

    // MARK: - Dense index

    /// Distinct well-formed observations (any four flags, reachable or not).
    static let indexCount = 16

    /// A number in `0..<indexCount`: the flags as bits, `stackEmpty` the highest.
    var index: Int { symbols.reduce(0) { 2 * $0 + $1 } }
}
