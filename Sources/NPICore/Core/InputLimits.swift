// The largest counts and sizes npi accepts from its users, stated once: a typo or a hostile
// value gets a clear error before anything is allocated, not a failed allocation later.

/// Upper bounds on the counts and problem sizes the commands take.
public enum InputLimits {
    /// Most problems (per size) that `npi eval`, `npi data` and the shell's `eval` make. They
    /// draw problems one at a time, so memory does not grow with the count; time does.
    public static let problemCount = 1_000_000_000

    /// Most training, held-out or length-check problems of `npi train`, which keeps them and
    /// their calls in memory for every epoch (about 5 KB per problem of 1-3 digits: 5 GB).
    public static let trainingProblemCount = 1_000_000

    /// Largest problem size (addition: operand digits; sort: array length), and most sizes in
    /// one size list. A problem's environment and trace grow with its size.
    public static let problemSize = 1_000_000

    /// Most epochs of a training run (`--epochs`, `--extra-epochs`, `--patience`); a model file's
    /// metadata is held to the same bound, so adding a run's epochs cannot overflow.
    public static let epochCount = 1_000_000

    /// Most of anything that only costs time (epochs, a loop's rounds).
    public static let repeatCount = 1_000_000_000
}
