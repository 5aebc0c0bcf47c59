// The verification set of recursive bubble sort (Cai, Shin & Song 2017, section 3.3): every
// row of up to 4 elements, where the per-call inputs were found to saturate.
import NPICore

extension SortTask {
    /// Every row of 1 to 4 elements for the recursive teacher; nil for the plain one, whose
    /// BUBBLE and RESET calls take a step per element, so their inputs grow without bound.
    ///
    /// A recursive call takes at most 3 steps, and each step's observation is the two cells under
    /// ptr1 and ptr2 and two flags, so a call's inputs depend on a few neighbouring cells. Unlike
    /// addition's, this set is measured rather than derived: rows of 5 to 30 elements (checked by
    /// the tests) meet no per-call input sequence that these rows miss.
    public func verificationSet() -> VerificationSet? {
        guard recursive else { return nil }
        return VerificationSet(
            problems: SortCase.allRows(upTo: SortCase.saturationLength),
            completeness: """
                A recursive call takes at most 3 steps and each step reads only the cells under \
                ptr1 and ptr2 and two flags; every row of up to \(SortCase.saturationLength) \
                elements is included, and longer rows (5 to 30 elements, in the tests) meet no \
                other per-call input sequence. Measured, not derived.
                """)
    }
}
