// What the bubble-sort core sees at a step: the values under the two comparison pointers and two
// boundary flags (Reed & de Freitas 2016, eq. 10; K = 11 and the pass-counter flag as in Cai et al. 2017).
import NPICore

/// The bubble-sort observation, as `SortEnvironment.observation()` lays it out:
/// `[value1, value2, ptr1AtStart, ptr3AtEnd]`.
///
/// - `value1`, `value2`: the symbol under ptr1 and ptr2, a digit 0-9 or `offArray` (10) for the
///   cell one past the end, where ptr2 lands after the last comparison of a pass.
/// - `ptr1AtStart` (0/1): ptr1 is at the first element. It tells BUBBLE's first step from the
///   later ones, BUBBLESORT a finished pass from a finished RESET, and RESET when to stop.
/// - `ptr3AtEnd` (0/1): the pass counter ptr3 is at (or past) the last element, i.e. `length - 1`
///   passes are done and the row is sorted. Without it no step could tell when to stop.
public struct SortObservation: Hashable, Sendable, CustomStringConvertible {
    /// The symbol of the cell past the end of the row; digits are their own symbols 0-9.
    public static let offArray = 10
    /// Symbols a pointer can see: the ten digits and `offArray`.
    public static let symbolCount = 11
    /// Symbols in an observation.
    public static let count = 4

    public var value1: Int
    public var value2: Int
    public var ptr1AtStart: Bool
    public var ptr3AtEnd: Bool

    public init(value1: Int, value2: Int, ptr1AtStart: Bool, ptr3AtEnd: Bool) {
        self.value1 = value1
        self.value2 = value2
        self.ptr1AtStart = ptr1AtStart
        self.ptr3AtEnd = ptr3AtEnd
    }

    /// The observation a symbol list shows, or nil if it is not four symbols in range
    /// (values 0-10, flags 0-1), as an observation read from a file might be.
    public init?(_ symbols: [Int]) {
        guard symbols.count == SortObservation.count,
            (0..<SortObservation.symbolCount).contains(symbols[0]),
            (0..<SortObservation.symbolCount).contains(symbols[1]),
            (0...1).contains(symbols[2]), (0...1).contains(symbols[3])
        else { return nil }
        self.init(value1: symbols[0], value2: symbols[1], ptr1AtStart: symbols[2] == 1, ptr3AtEnd: symbols[3] == 1)
    }

    /// The symbol list `NPIEnvironment.observation()` returns.
    public var symbols: [Int] { [value1, value2, ptr1AtStart ? 1 : 0, ptr3AtEnd ? 1 : 0] }

    /// ptr2 has moved past the last element: the pass has no comparison left.
    public var ptr2OffArray: Bool { value2 == SortObservation.offArray }

    /// Both values are digits and the left one is greater: COMPSWAP swaps them.
    public var isOutOfOrder: Bool {
        value1 != SortObservation.offArray && value2 != SortObservation.offArray && value1 > value2
    }

    /// E.g. `5,_ start` for 5 under ptr1, ptr2 off the array, ptr1 at the start.
    public var description: String {
        func shown(_ symbol: Int) -> String { symbol == SortObservation.offArray ? "_" : String(symbol) }
        let flags = [ptr1AtStart ? "start" : nil, ptr3AtEnd ? "done" : nil].compactMap { $0 }
        return ([ "\(shown(value1)),\(shown(value2))" ] + flags).joined(separator: " ")
    }

    // MARK: - Features

    /// One-hot blocks: value1 (11), value2 (11), ptr1AtStart no/yes (2), ptr3AtEnd no/yes (2).
    public static let featureCount = 2 * symbolCount + 2 + 2
    /// One feature per block is active.
    public static let activeFeatureCount = 4

    /// The active feature indices, one per block, in block order.
    public var features: [Int] {
        let flagsStart = 2 * SortObservation.symbolCount
        return [
            value1,
            SortObservation.symbolCount + value2,
            flagsStart + (ptr1AtStart ? 1 : 0),
            flagsStart + 2 + (ptr3AtEnd ? 1 : 0),
        ]
    }
}
