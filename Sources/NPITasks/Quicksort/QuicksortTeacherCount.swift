// The quicksort teacher's exact step count and deepest stack for a row, found by running the
// Lomuto quicksort itself rather than the interpreter: the limits of a task whose work depends
// on the row's order, not only on its length as bubble sort's does.
import NPICore

/// How many core steps the teacher takes on a row and how many frames it holds at most.
public struct QuicksortTeacherCount: Equatable, Sendable {
    /// Core steps of the whole execution.
    public var steps: Int
    /// The most frames on the call stack at once (the root call is 1).
    public var depth: Int

    public init(steps: Int, depth: Int) {
        self.steps = steps
        self.depth = depth
    }

    /// The count for `digits`, which a quicksort that does what the teacher does (Lomuto
    /// partition, left part first) finds in time proportional to the comparisons it makes:
    /// O(n log n) for most rows, O(n²) for sorted ones or rows of few distinct digits.
    ///
    /// Per range of m ≥ 2 elements, PARTITION takes 1 step for the final SWAP(1) and, for each
    /// of the m - 1 cells scanned, 3 steps when the value is at most the pivot (SWAP(0) and two
    /// MOVE_PTR) or 1 when not, plus, recursive, 1 more each for the tail call. QUICKSORT takes
    /// 3 steps per range partitioned and 1 per range popped (plain, plus 1 for its final NOP),
    /// or, recursive, 5 per range partitioned and 1 per range popped, each in its own call.
    ///
    /// Depth: plain, QUICKSORT and PARTITION (only QUICKSORT for a row of 1). Recursive, a
    /// QUICKSORT call at depth d partitioning m elements reaches d + m (m PARTITION frames, one
    /// per tail call), and calls its parts at d + 1; a sorted row of n reaches n + 1.
    public init(digits: [UInt8], recursive: Bool) {
        var cells = digits
        // pending: ranges still to sort with the depth of the QUICKSORT call that sorts them
        // (recursive), left part on top, as on the environment's stack.
        var pending = [(low: 0, high: cells.count - 1, depth: 1)]
        var steps = 0
        var depth = 1
        while let (low, high, callDepth) = pending.popLast() {
            guard low < high else {
                steps += 1  // POP
                if recursive { depth = max(depth, callDepth) }
                continue
            }
            let pivot = cells[high]
            var i = low
            var partitionSteps = 1  // the final SWAP(1)
            for j in low..<high {
                if cells[j] <= pivot {
                    cells.swapAt(i, j)
                    i += 1
                    partitionSteps += recursive ? 4 : 3
                } else {
                    partitionSteps += recursive ? 2 : 1
                }
            }
            cells.swapAt(i, high)
            steps += (recursive ? 5 : 3) + partitionSteps
            depth = max(depth, recursive ? callDepth + high - low + 1 : 2)
            pending.append((i + 1, high, callDepth + 1))
            pending.append((low, i - 1, callDepth + 1))
        }
        if !recursive { steps += 1 }  // QUICKSORT's final NOP
        self.init(steps: steps, depth: depth)
    }
}
