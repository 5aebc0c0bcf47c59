// Calls bucketed by environment and length and stacked time-major, so each core step of a batch
// is one gemm.
import NPINeural

/// Training calls grouped into batches of equal-length calls in one environment.
public struct CallBatches {
    /// Calls of each (environment, length), in their original order.
    private let buckets: [[TrainingCall]]
    public let batchSize: Int

    public init(calls: [TrainingCall], batchSize: Int) {
        precondition(batchSize > 0, "batch size must be positive")
        struct Shape: Hashable, Comparable {
            var environment: Int, length: Int
            static func < (a: Shape, b: Shape) -> Bool { (a.environment, a.length) < (b.environment, b.length) }
        }
        let byShape = Dictionary(grouping: calls) { Shape(environment: $0.environment, length: $0.length) }
        buckets = byShape.keys.sorted().map { byShape[$0]! }
        self.batchSize = batchSize
    }
    /// Number of calls.
    public var callCount: Int { buckets.reduce(0) { $0 + $1.count } }

    /// Total core steps over all calls.
    public var stepCount: Int { buckets.reduce(0) { $0 + $1.reduce(0) { $0 + $1.length } } }
    /// Batches per epoch: each bucket of equal-length calls cut into batches of `batchSize`.
    public var batchCount: Int { buckets.reduce(0) { $0 + ($1.count + batchSize - 1) / batchSize } }

    /// This epoch's batches: each bucket shuffled and cut into batches, the batches shuffled.
    public func epoch(using generator: inout SeededGenerator) -> [NPINetwork<Float>.SequenceBatch] {
        var groups: [[TrainingCall]] = []
        for var bucket in buckets {
            generator.shuffle(&bucket)
            var start = 0
            while start < bucket.count {
                let end = min(start + batchSize, bucket.count)
                groups.append(Array(bucket[start..<end]))
                start = end
            }
        }
        generator.shuffle(&groups)
        return groups.map(CallBatches.stack)
    }

    /// Every call once, in a fixed order, in batches of up to `size` calls (for checking).
    public func inOrder(size: Int) -> [NPINetwork<Float>.SequenceBatch] {
        buckets.flatMap { bucket in
            stride(from: 0, to: bucket.count, by: size).map {
                CallBatches.stack(Array(bucket[$0..<min($0 + size, bucket.count)]))
            }
        }
    }

    /// Equal-length calls of one environment as one time-major batch.
    static func stack(_ calls: [TrainingCall]) -> NPINetwork<Float>.SequenceBatch {
        let length = calls[0].length, environment = calls[0].environment
        let width = calls[0].features.count / max(1, length)
        let count = calls.count
        let slots = Arguments.count
        var features = [Int32](repeating: -1, count: length * count * width)
        var targetReturn = [Int32](repeating: -1, count: length * count)
        var targetProgram = [Int32](repeating: -1, count: length * count)
        var targetArguments = [Int32](repeating: -1, count: length * count * slots)
        for (b, call) in calls.enumerated() {
            precondition(
                call.length == length && call.environment == environment && call.features.count == length * width,
                "a batch mixes call lengths or environments")
            for t in 0..<length {
                let row = t * count + b
                for k in 0..<width { features[row * width + k] = call.features[t * width + k] }
                targetReturn[row] = call.targetReturn[t]
                targetProgram[row] = call.targetProgram[t]
                for a in 0..<slots {
                    targetArguments[row * slots + a] = call.targetArguments[t * slots + a]
                }
            }
        }
        return NPINetwork<Float>.SequenceBatch(
            environment: environment, programs: calls.map { Int32($0.program) }, length: length, features: features,
            targetReturn: targetReturn, targetProgram: targetProgram,
            targetArguments: targetArguments)
    }
}
