// Random problems drawn one at a time as they are used, so evaluating or tracing many problems
// never holds them all: memory stays the same whatever the count.
import NPINeural

/// A seeded stream of random problems of one task.
///
/// The problems are those that drawing them one after another with `randomProblem` from one
/// generator of the same seed gives, in the same order; runs that take them in several parts
/// (one part per size) share the stream, which is why it is a class.
public final class RandomProblems {
    public let task: any NPITask
    private var generator: SeededGenerator

    public init(task: any NPITask, seed: UInt64) {
        self.task = task
        self.generator = SeededGenerator(seed: seed)
    }

    /// The stream's next `count` problems, each of a size drawn from `sizes`, drawn only as the
    /// sequence is iterated. Iterate it once: each element drawn advances the stream.
    public func next(_ count: Int, sizes: ClosedRange<Int>) -> UnfoldSequence<Problem, Int> {
        sequence(state: 0) { drawn in
            guard drawn < count else { return nil }
            drawn += 1
            return self.task.randomProblem(sizes: sizes, using: &self.generator)
        }
    }
}
