// A second thread for the large matrix products and the optimizer update.
//
// Batch-1 steps: one core step reads about 3.7 MB of LSTM weights, more than one core's 2 MiB
// L2, so a single thread streams them from L3 at every step (about 120 µs of products per step
// here). With two threads each gate product is split at a fixed row, the calling thread always
// computing the first part and a persistent helper thread the second, so each core can keep its
// half of the weights (about 1.85 MB) in its own L2: one thread running only the half rows takes
// about 38 µs per step (measured with BLIS on this machine).
//
// Batches (training, batched evaluation): the gate products `x · Wᵀ` and the weight gradients
// `dyᵀ · x` are split at the same gate row, and Adam's update at an entry, so each thread does
// half. Every split leaves each output's arithmetic as it is, so 1 and 2 threads give
// bit-identical results; BLIS's own threading does not (it changed a training run's loss in
// the fourth digit, measured), so BLIS always runs on one thread. The input gradients
// `dy · W` (a reduction over the 1,024 gates) are not split: BLIS rounds some of their parts
// differently from the whole (measured for many shapes); one thread computes each whole while
// the other computes weight gradients.
//
// The handoff must cost far less than a 10-40 µs part: the helper spins on an atomic between
// jobs, then yields its core between checks, and parks on a condition variable after 2 ms
// without one.
import CBLIS
import Foundation
import Synchronization

// MARK: - Thread count

/// Whether products and updates are split over the caller and the helper thread.
let splitsProducts = Atomic<Bool>(false)

/// Sets how many threads npi computes with (`npi train` and `npi eval` use 2 on a 2-core machine,
/// the shell and `npi bench` 1; see the README).
///
/// From 2 up, large products and Adam's update are split in two (a caller's part and a helper's
/// part), with the same results as 1 thread; more than 2 threads do not split them further.
public func setThreads(_ count: Int) {
    bli_thread_set_num_threads(1)
    splitsProducts.store(count >= 2, ordering: .relaxed)
}

// MARK: - The split

/// Where a product with `outputSize` outputs of `inputSize` inputs each (per row) is split, or nil
/// when it is computed whole: too small to repay a handoff, or splitting is off.
///
/// The split row is a multiple of 64, so each part starts on a block boundary of every BLAS
/// gemv kernel (they work on 4-16 rows at a time): the rows get exactly the same arithmetic in
/// a part as in the whole product. The gemm products split at the same row (tested bit for bit).
func productSplitRow(outputSize: Int, inputSize: Int) -> Int? {
    guard splitsProducts.load(ordering: .relaxed), outputSize * inputSize >= minimumSplitSize else { return nil }
    let row = (outputSize / 2) / 64 * 64
    return row > 0 && row < outputSize ? row : nil
}

/// Where elementwise work on `rows` rows of `scalarsPerRow` scalars each is split between the
/// two threads (at half the rows), or nil when it is done whole. Rows are independent, so any
/// row will do.
func rowSplit(rows: Int, scalarsPerRow: Int) -> Int? {
    guard splitsProducts.load(ordering: .relaxed), rows >= 2, rows * scalarsPerRow >= minimumRowSplitSize else {
        return nil
    }
    return rows / 2
}

/// The least elementwise work worth a handoff: 16 rows of LSTM gates (16 × 1,024 scalars),
/// about 30 µs of gate nonlinearities.
let minimumRowSplitSize = 16_384

/// The smallest weight matrix (in scalars) worth splitting: 64 K scalars, 256 KB in Float.
/// The LSTM gate products (1024 × 133 and 1024 × 256) are above it, the heads far below.
let minimumSplitSize = 65_536

/// `y (O) += W (O, I) · x (I)` in Float, rows `0 ..< splitRow` on this thread and
/// `splitRow ..< O` on the helper thread when it is free, or both parts here.
func splitProduct(
    input x: UnsafePointer<Float>, weight: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>,
    inputSize: Int, outputSize: Int, splitRow: Int
) {
    /// Rows `start ..< end` of the product.
    func rows(_ start: Int, _ end: Int) {
        Float.gemv(
            transposeA: false, m: end - start, n: inputSize, alpha: 1, a: weight + start * inputSize,
            lda: inputSize, x: x, beta: 1, y: y + start)
    }
    runParts(upTo: outputSize, splitAt: splitRow, rows)
}

/// Runs `part(0, count)`, or, with `split` given, `part(0, split)` here and `part(split, count)`
/// on the helper thread when it is free (else here too); returns when all of it is done.
func runParts(upTo count: Int, splitAt split: Int?, _ part: (Int, Int) -> Void) {
    guard let split else { return part(0, count) }
    runInTwo({ part(0, split) }, { part(split, count) })
}

/// Runs `first` here and `second` on the helper thread when it is free (else here too) and
/// returns when both are done. The two must write disjoint memory.
func runInTwo(_ first: () -> Void, _ second: () -> Void) {
    if ProductHelper.shared.run(second, whileCallerRuns: first) { return }
    first()
    second()
}

// MARK: - The helper thread

/// The persistent helper thread and its handoff.
///
/// If the helper has not started its part when the caller is done with its own, the caller
/// computes the part itself; once the helper has started, the caller waits for it (yielding its
/// core now and then, in case both threads share one), so no part outlives its call and the
/// memory it reads. Either way every output gets the same arithmetic.
final class ProductHelper: @unchecked Sendable {
    /// The one helper, started on first use.
    static let shared = ProductHelper()

    /// The stages of the one job: the helper takes `posted` jobs, the caller takes back ones the
    /// helper has not started, and resets `done` ones to `idle`.
    private enum Stage: Int {
        case idle, posted, running, done
    }

    /// How long the helper spins after a job before it starts yielding its core between checks:
    /// longer than the gaps between the products of a step and between steps.
    private static let idleNanoseconds: UInt64 = 100_000
    /// After spinning, how long the helper keeps checking for a job between yields of its core
    /// before it parks: a training batch's serial stretches (the backward pass through time)
    /// last up to about a millisecond, and waking a parked helper costs more than its part.
    private static let parkNanoseconds: UInt64 = 2_000_000

    private let stage = Atomic<Int>(Stage.idle.rawValue)
    private let parked = Atomic<Bool>(false)
    /// Held by the one caller using the helper; others compute their product alone.
    private let inUse = Atomic<Bool>(false)
    private let wakeup = NSCondition()
    /// The posted job; written by the caller before `stage` becomes `posted` and cleared by it
    /// once the job is done.
    private var job: (() -> Void)?

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "npi product helper"
        thread.start()
    }

    /// Runs `work` on the helper thread while this thread runs `callerWork`, and returns once both
    /// are done; returns false without running anything if another caller has the helper. The
    /// two must write disjoint memory.
    func run(_ work: () -> Void, whileCallerRuns callerWork: () -> Void) -> Bool {
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        defer { inUse.store(false, ordering: .releasing) }
        // The helper drops its reference before it reports `done`, and `job` is cleared before
        // this returns, so `work` does not outlive the call.
        return withoutActuallyEscaping(work) { work in
            defer { job = nil }
            post(work)
            callerWork()
            if takeBack() { return true }
            var spins = 0
            while stage.load(ordering: .acquiring) != Stage.done.rawValue {
                spins &+= 1
                // Both threads on one busy core: let the helper finish.
                if spins % 4096 == 0 { sched_yield() }
            }
            stage.store(Stage.idle.rawValue, ordering: .releasing)
            return true
        }
    }

    /// Hands `job` to the helper thread, waking it if it is parked.
    private func post(_ newJob: @escaping () -> Void) {
        job = newJob
        // Sequentially consistent with the helper's `parked` store and its re-check of `stage`:
        // either it sees this job before sleeping, or this thread sees it parked and wakes it.
        stage.store(Stage.posted.rawValue, ordering: .sequentiallyConsistent)
        if parked.load(ordering: .sequentiallyConsistent) {
            wakeup.lock()
            wakeup.signal()
            wakeup.unlock()
        }
    }

    /// Runs the posted job here if the helper has not started it; returns whether it did.
    private func takeBack() -> Bool {
        guard
            stage.compareExchange(
                expected: Stage.posted.rawValue, desired: Stage.idle.rawValue, ordering: .acquiring
            ).exchanged
        else { return false }
        job!()
        return true
    }

    /// Runs the posted job on the helper thread; a separate function, so the helper holds no
    /// reference to it once it returns.
    private func runPostedJob() {
        job!()
    }

    /// The helper's loop: wait for a job, take it unless the caller already has, run it.
    private func serve() {
        while true {
            var spins = 0
            var idleSince = DispatchTime.now().uptimeNanoseconds
            while stage.load(ordering: .acquiring) != Stage.posted.rawValue {
                spins &+= 1
                guard spins % 256 == 0 else { continue }
                let idle = DispatchTime.now().uptimeNanoseconds - idleSince
                if idle > Self.parkNanoseconds {
                    park()
                    idleSince = DispatchTime.now().uptimeNanoseconds
                } else if idle > Self.idleNanoseconds {
                    sched_yield()
                }
            }
            guard
                stage.compareExchange(
                    expected: Stage.posted.rawValue, desired: Stage.running.rawValue, ordering: .acquiring
                ).exchanged
            else { continue }
            runPostedJob()
            stage.store(Stage.done.rawValue, ordering: .releasing)
        }
    }

    private func park() {
        wakeup.lock()
        parked.store(true, ordering: .sequentiallyConsistent)
        while stage.load(ordering: .sequentiallyConsistent) != Stage.posted.rawValue { wakeup.wait() }
        parked.store(false, ordering: .relaxed)
        wakeup.unlock()
    }
}
