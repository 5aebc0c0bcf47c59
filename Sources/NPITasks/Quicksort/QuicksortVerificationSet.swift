// The verification set of recursive quicksort (Cai, Shin & Song 2017, section 3.3): a few rows
// that meet every per-call input sequence, picked from the order patterns where they saturate.
import NPICore

extension QuicksortTask {
    /// Rows longer than this meet no per-call input sequence that shorter rows miss: the order
    /// patterns of up to 6 elements meet 35 sequences, the last 3 of them first on 6 elements,
    /// and those of 7 add none (checked once, outside the tests, which stop at 6).
    static let verificationSaturationLength = 6

    /// A few rows that together meet the recursive teacher's 35 per-call input sequences; nil
    /// for the plain teacher, whose QUICKSORT and PARTITION loops take a step per range or per
    /// element, so their inputs grow without bound.
    ///
    /// What a recursive call reads: PARTITION reads at most 4 steps, the value under j against
    /// the pivot, then after a SWAP(0) the same cell, then the next one. QUICKSORT reads 1 step
    /// for a range of 0 or 1, else 5: where j enters (on lo at the root, on hi after a left part
    /// that was only popped, else outside the range) and whether `A[j] <= A[hi]` there; whether
    /// `A[lo] <= A[hi]`; j on hi after PARTITION; whether the left part has two elements; and
    /// whether the right part has two, one or none, with j on its hi (when the left part was
    /// only popped) or outside. A call that splits its range into two parts of two or more (5
    /// elements) while being itself a part of a larger range, entered with j outside its range
    /// or on its hi, needs a sixth: its parent's pivot.
    ///
    /// The rows are chosen greedily (`greedyCovering`) among the order patterns of up to 6
    /// elements, each time the row meeting the most sequences not met yet, and computed once.
    /// As for sort, the set is measured rather than derived: longer rows (random rows of 5 to
    /// 60 elements, sorted and constant ones, in the tests) meet no other per-call sequence.
    public func verificationSet() -> VerificationSet? {
        guard recursive else { return nil }
        return VerificationSet(
            problems: QuicksortTask.verificationProblems,
            completeness: """
                A recursive call reads at most 5 steps of four flags: PARTITION compares the \
                value under j with the pivot before and after a swap; QUICKSORT sees where j \
                enters its range, whether A[lo] <= A[hi], and whether each of its two parts has \
                two elements, one or none. These rows meet every per-call input sequence that the \
                order patterns of up to \(QuicksortTask.verificationSaturationLength) elements \
                meet, and longer rows (5 to 60 elements, in the tests) meet no other. Measured, \
                not derived.
                """)
    }

    /// The greedy pick among the order patterns of up to `verificationSaturationLength` elements.
    private static let verificationProblems: [Problem] = {
        let task = QuicksortTask(recursive: true)
        var indexByInputs: [CallInputs: Int] = [:]
        let candidates = QuicksortCase.orderPatterns(upTo: verificationSaturationLength).map { problem in
            let sequences: CallSequenceSet
            do {
                sequences = try task.callSequences(of: [problem])
            } catch {
                preconditionFailure("the quicksort teacher failed on '\(problem)': \(error)")
            }
            let indices = sequences.sequences.map { sequence in
                if let index = indexByInputs[sequence.inputs] { return index }
                indexByInputs[sequence.inputs] = indexByInputs.count
                return indexByInputs.count - 1
            }
            return (problem: problem, cases: indices)
        }
        return greedyCovering(candidates, caseCount: indexByInputs.count)
    }()
}
