// A second thread for batch-1 matrix products. One core step reads about 3.7 MB of LSTM
// weights, more than one core's L2, so a single thread streams them from L3 at every step.
// With two threads each gate product is split at a fixed row, the calling thread always
// computing the first part and a persistent helper thread the second, so each core keeps its
// half of the weights (about 1.85 MB) in its own L2 from one step to the next.
//
// The handoff must cost far less than the ~30 µs half product: the helper spins on an atomic
// between jobs (the gap between two products of a step, or two steps, is a few µs) and parks on
// a condition variable only after a long idle spell, so it costs no CPU while npi is idle.
import CBLIS
import Foundation
import Synchronization

// MARK: - Thread count

/// Whether batch-1 products are split over the caller and the helper thread.
let splitsProducts = Atomic<Bool>(false)

/// Sets how many threads npi computes with (1 by default in `npi`, see the README).
///
/// BLIS threads its large products (training, batched evaluation) over `count` threads. From 2
/// up, batch-1 gate products are also split in two (a caller's part and a helper's part); more
/// than 2 threads do not split them further.
public func setThreads(_ count: Int) {
    bli_thread_set_num_threads(max(1, count))
    splitsProducts.store(count >= 2, ordering: .relaxed)
}

// MARK: - The split

/// Where a batch-1 product with `outputSize` outputs of `inputSize` inputs each is split, or nil
/// when it is computed whole: too small to repay a handoff, or splitting is off.
///
/// The split row is a multiple of 64, so each part starts on a block boundary of every BLAS
/// gemv kernel (they work on 4-16 rows at a time): the rows get exactly the same arithmetic in
/// a part as in the whole product.
func productSplitRow(outputSize: Int, inputSize: Int) -> Int? {
    guard splitsProducts.load(ordering: .relaxed), outputSize * inputSize >= minimumSplitSize else { return nil }
    let row = (outputSize / 2) / 64 * 64
    return row > 0 && row < outputSize ? row : nil
}

/// The smallest weight matrix (in scalars) worth splitting: 64 K scalars, 256 KB in Float.
/// The LSTM gate products (1024 × 133 and 1024 × 256) are above it, the heads far below.
let minimumSplitSize = 65_536

/// `y (O) += W (O, I) · x (I)` in Float, rows `0 ..< splitRow` on this thread and
/// `splitRow ..< O` on the helper thread, or both parts here when the helper is busy with
/// another caller.
func splitProduct(
    input x: UnsafePointer<Float>, weight: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>,
    inputSize: Int, outputSize: Int, splitRow: Int
) {
    let second = GemvPart(
        input: x, weight: weight + splitRow * inputSize, output: y + splitRow,
        inputSize: inputSize, outputSize: outputSize - splitRow)
    let first = GemvPart(input: x, weight: weight, output: y, inputSize: inputSize, outputSize: splitRow)
    if ProductHelper.shared.run(second, whileCallerRuns: first) { return }
    first.run()
    second.run()
}

/// Rows of a batch-1 product, `y (O') += W (O', I) · x (I)`; plain pointers, so it needs no
/// allocation to hand over.
struct GemvPart {
    let input: UnsafePointer<Float>
    let weight: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let inputSize: Int
    let outputSize: Int

    func run() {
        Float.gemv(
            transposeA: false, m: outputSize, n: inputSize, alpha: 1, a: weight, lda: inputSize,
            x: input, beta: 1, y: output)
    }
}

// MARK: - The helper thread

/// The persistent helper thread and its handoff. Jobs are numbered: the caller publishes job n
/// by storing n in `posted`; whichever thread moves `claimed` from n − 1 to n runs it, and the
/// helper reports its completion in `finished`.
///
/// A caller that finishes its own part before the helper has claimed the job runs that part
/// itself: on a busy machine the helper may not be scheduled for milliseconds, and the part's
/// rows get the same arithmetic on either thread.
final class ProductHelper: @unchecked Sendable {
    /// The one helper, started on first use.
    static let shared = ProductHelper()

    /// How long the helper spins between jobs before it parks: longer than the gap between
    /// two steps of a running program, so it parks only when npi stops stepping.
    private static let idleNanoseconds: UInt64 = 500_000

    private let posted = Atomic<Int>(0)
    private let claimed = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let parked = Atomic<Bool>(false)
    /// Held by the one caller using the helper; others compute their product alone.
    private let inUse = Atomic<Bool>(false)
    private let wakeup = NSCondition()
    /// The job numbered `posted`; written by the caller before `posted`, read by the helper after.
    private var job: GemvPart?

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "npi product helper"
        thread.start()
    }

    /// Runs `part` on the helper thread while this thread runs `callerPart`, and returns once
    /// both are done; returns false without running anything if another caller has the helper.
    func run(_ part: GemvPart, whileCallerRuns callerPart: GemvPart) -> Bool {
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        defer { inUse.store(false, ordering: .releasing) }
        job = part
        let number = posted.load(ordering: .relaxed) &+ 1
        // Sequentially consistent with the helper's `parked` store and `posted` re-check:
        // either it sees this job before sleeping, or this thread sees it parked and wakes it.
        posted.store(number, ordering: .sequentiallyConsistent)
        if parked.load(ordering: .sequentiallyConsistent) {
            wakeup.lock()
            wakeup.signal()
            wakeup.unlock()
        }
        callerPart.run()
        if claimed.compareExchange(expected: number &- 1, desired: number, ordering: .acquiring).exchanged {
            part.run()
            return true
        }
        // The helper has the part and is running it; yield now and then in case it is preempted.
        var spins = 0
        while finished.load(ordering: .acquiring) != number {
            spins &+= 1
            if spins % 4096 == 0 { sched_yield() }
        }
        return true
    }

    /// The helper's loop: wait for a job, claim it unless the caller already has, run it.
    private func serve() {
        var seen = 0
        while true {
            var spins = 0
            var idleSince = DispatchTime.now().uptimeNanoseconds
            while posted.load(ordering: .acquiring) == seen {
                spins &+= 1
                if spins % 1024 == 0 && DispatchTime.now().uptimeNanoseconds - idleSince > Self.idleNanoseconds {
                    park(whileNoJobAfter: seen)
                    idleSince = DispatchTime.now().uptimeNanoseconds
                }
            }
            seen &+= 1
            guard claimed.compareExchange(expected: seen &- 1, desired: seen, ordering: .acquiring).exchanged else {
                continue
            }
            job?.run()
            finished.store(seen, ordering: .releasing)
        }
    }

    private func park(whileNoJobAfter seen: Int) {
        wakeup.lock()
        parked.store(true, ordering: .sequentiallyConsistent)
        while posted.load(ordering: .sequentiallyConsistent) == seen { wakeup.wait() }
        parked.store(false, ordering: .relaxed)
        wakeup.unlock()
    }
}
