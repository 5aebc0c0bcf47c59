// An exact cache of the model's per-call decisions.
//
// Every call starts from a zero core state, so a call's steps are a function of its program
// and the encoder inputs it has read so far in the call (its observations, with the arguments
// its program reads), and of nothing else. The cache is a trie per program: a node is one
// step reached by one sequence of inputs, holding that step's probabilities and the core state
// after it. A call that meets a sequence met before follows the trie and computes nothing; at
// the first input the trie has not seen, it continues from the stored state and adds the node.
// A node that has been left by more than one input also keeps its state's W_hh · h terms, so the
// steps computed from it after that read no recurrent weights.
import Foundation
import NPINeural

/// The trie of per-call steps of one model, filled by one way of computing a step.
///
/// A batch-1 step (the shell, `ModelPolicy`) and a batched one (`BatchedEvaluator`) round
/// differently in the last bits, so each keeps its own cache: its entries are then exactly what
/// the step it skips would compute, and with or without it every decision, probability and
/// trace is the same.
///
/// Bounded: nodes are added until their estimated size reaches `byteLimit` (then the cache only
/// serves what it holds), and a call stops adding nodes after `maxCallSteps` steps, so one long
/// call (the plain ADD loop over 10,000 columns, whose inputs never repeat) cannot fill it.
///
/// A node keeps its state's recurrent terms (`RecurrentTerms`, 8 KiB of the default sizes) from
/// its second child on: most nodes of a long run get one child (a call that left the trie goes on
/// through new nodes), while a node that gets a second (a step whose next input varies, as an ADD
/// call's step that reads the next column) usually gets many more, and its later children are
/// then computed without reading W_hh, about two thirds of a step's weights.
public final class CallCache {
    /// Hits, misses and size so far.
    public struct Statistics: Sendable, Equatable {
        /// Steps served from the cache.
        public var hits = 0
        /// Steps computed by the network while the cache was in use.
        public var misses = 0
        /// Of those, the steps computed from kept recurrent terms: the node's, or those a callee
        /// computed while the call waited for it.
        public var missesFromKeptTerms = 0
        /// Nodes held, and their estimated size in bytes.
        public var nodes = 0
        public var bytes = 0

        /// Hits over all steps (0 when there were none).
        public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }

        /// `1234 of 1500 steps served (82.3%), 312 steps held (1.3 MB), 40 computed from kept W_hh · h`.
        public var text: String {
            "\(hits) of \(hits + misses) steps served (\(String(format: "%.1f", 100 * hitRate))%), "
                + "\(nodes) steps held (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MB), "
                + "\(missesFromKeptTerms) computed from kept W_hh · h"
        }
    }

    /// One step of a call, reached by one sequence of inputs (the root: before the first step).
    public final class Node {
        /// The step's probabilities (nil at a root).
        let confidence: Decision.Confidence?
        /// The core state after the step (nil at a root: the zero state of a new call).
        let state: NPINetwork<Float>.CoreState?
        /// Steps into the call (0 at a root).
        let depth: Int
        /// The next steps, by the encoder input they read.
        var children: [[Int32]: Node] = [:]
        /// W_hh · h of `state`, kept from the node's second child on (see `CallCache`).
        var recurrentTerms: RecurrentTerms?

        init(confidence: Decision.Confidence?, state: NPINetwork<Float>.CoreState?, depth: Int) {
            self.confidence = confidence
            self.state = state
            self.depth = depth
        }
    }

    /// The default bound on the nodes' estimated size: 256 MiB, about 58,000 steps of a model of
    /// the default sizes (whose core state is 4 KiB). A 100,000-digit addition with the plain
    /// model holds 42,775 (189 MB); at 128 MiB the cache filled at 28,951 and computed 42,145
    /// more steps (README, The call cache).
    public static let defaultByteLimit = 256 << 20
    /// The default number of steps after which a call adds no more nodes.
    public static let defaultMaxCallSteps = 256

    public let byteLimit: Int
    public let maxCallSteps: Int
    public private(set) var statistics = Statistics()
    /// The roots, by environment index and program id.
    private var roots: [Int: [Int: Node]] = [:]

    public init(byteLimit: Int = CallCache.defaultByteLimit, maxCallSteps: Int = CallCache.defaultMaxCallSteps) {
        self.byteLimit = byteLimit
        self.maxCallSteps = maxCallSteps
    }

    /// The node before the first step of a call of `program` in environment `environment`.
    func root(environment: Int, program: Int) -> Node {
        if let root = roots[environment]?[program] { return root }
        let root = Node(confidence: nil, state: nil, depth: 0)
        roots[environment, default: [:]][program] = root
        return root
    }

    /// The step after `node` that read `input`, counted as a hit, or nil (not counted).
    func next(after node: Node, reading input: [Int32]) -> Node? {
        guard let child = node.children[input] else { return nil }
        statistics.hits += 1
        return child
    }

    /// Counts a step the network computed while the cache was in use, from kept recurrent terms or not.
    func countMiss(fromKeptTerms: Bool) {
        statistics.misses += 1
        if fromKeptTerms { statistics.missesFromKeptTerms += 1 }
    }

    /// Whether the step about to be computed from `node` should return its recurrent terms for
    /// the node to keep: from its second child on, while they fit in the bound.
    func wantsRecurrentTerms(of node: Node) -> Bool {
        guard node.recurrentTerms == nil, let state = node.state else { return false }
        return !node.children.isEmpty && node.depth < maxCallSteps && statistics.bytes + Self.termsBytes(of: state) <= byteLimit
    }

    /// Keeps `terms`, W_hh · h of `node`'s state, at the node.
    func keep(_ terms: RecurrentTerms, at node: Node) {
        guard node.recurrentTerms == nil, let state = node.state else { return }
        node.recurrentTerms = terms
        statistics.bytes += Self.termsBytes(of: state)
    }

    /// The bytes kept terms of `state` take: 4H floats per layer, and the array's overhead.
    private static func termsBytes(of state: NPINetwork<Float>.CoreState) -> Int {
        4 * 4 * state.hidden.reduce(0) { $0 + $1.count } + 32
    }

    /// Adds the step after `node` that read `input`, with its probabilities and the state after
    /// it; nil when the call is past `maxCallSteps` or the cache is full.
    func add(
        after node: Node, reading input: [Int32], confidence: Decision.Confidence, state: NPINetwork<Float>.CoreState
    ) -> Node? {
        guard node.depth < maxCallSteps else { return nil }
        let size = Self.estimatedSize(input: input, confidence: confidence, state: state)
        guard statistics.bytes + size <= byteLimit else { return nil }
        let child = Node(confidence: confidence, state: state, depth: node.depth + 1)
        node.children[input] = child
        statistics.nodes += 1
        statistics.bytes += size
        return child
    }

    /// A node's bytes: the state's floats, the probabilities, the key, and about 200 bytes of
    /// object, array and dictionary overhead.
    static func estimatedSize(input: [Int32], confidence: Decision.Confidence, state: NPINetwork<Float>.CoreState) -> Int {
        let floats = (state.hidden + state.cell).reduce(0) { $0 + $1.count }
        let probabilities = 1 + confidence.programProbabilities.count
            + confidence.argumentProbabilities.reduce(0) { $0 + $1.count }
        return 4 * floats + 8 * probabilities + 4 * input.count + 200
    }
}
