// A short list of rows in which the bubble-sort teacher meets every case reachable on rows of
// bounded length, chosen greedily from all short rows.
import NPICore

extension SortCase {
    /// Rows longer than this meet no case that shorter rows miss: an exhaustive search over all
    /// rows of up to 4 elements finds 1,170 cases for either teacher, and random rows of 5 to 30
    /// elements (checked by the tests) find none beyond them. An observation shows only the two
    /// cells under ptr1 and ptr2 and two flags, so a longer row only repeats local situations.
    static let saturationLength = 4

    /// Rows of at most `maxSize` elements that together make the teacher meet every case such
    /// rows can produce; for `maxSize` of 4 or more, every case there is.
    ///
    /// Where the cases come from: COMPSWAP sees every pair (a, b) of digits, swapped when a > b,
    /// at the start of a pass (ptr1AtStart, from 2 elements on) and inside it (from 3, e.g.
    /// `0 a b`); BSTEP sees each pair before and after COMPSWAP and RSHIFT after; BUBBLE sees its
    /// start, the pair after each BSTEP and ptr2 past the end; RESET and LSHIFT walk back over the
    /// digits a pass leaves; BUBBLESORT sees a pass due, a pass done and the sorted row (ptr3AtEnd),
    /// which a row of 1 shows at once. Rows of up to 2 elements meet 565 cases (plain) or 595
    /// (recursive), rows of up to 3 all but 55 (plain) or 45 (recursive), which need a fourth.
    ///
    /// The rows are picked greedily (`greedyCovering`) among all rows of at most `min(maxSize, 4)`
    /// elements: each time the row that meets the most cases not met yet (a tie goes to the row
    /// meeting more cases in all, then to the shorter, then to the smaller digits); picking stops
    /// when every case is met. The result is deterministic: 88 rows (plain) or 70 (recursive) from 4 on.
    public static func coveringProblems(upTo maxSize: Int, recursive: Bool) -> [Problem] {
        precondition(maxSize >= 1, "a row has at least one element")
        let candidates = allRows(upTo: min(maxSize, saturationLength))
            .map { problem in (problem: problem, cases: cases(in: problem, recursive: recursive).map(\.index)) }
        return greedyCovering(candidates, caseCount: indexCount)
    }

    /// Every row of 1 to `maxLength` elements, shorter rows first, each length in digit order.
    static func allRows(upTo maxLength: Int) -> [Problem] {
        var rows: [Problem] = []
        var previous: [[String]] = [[]]
        for _ in 1...maxLength {
            previous = previous.flatMap { row in (0...9).map { row + [String($0)] } }
            rows += previous.map(Problem.init)
        }
        return rows
    }
}
