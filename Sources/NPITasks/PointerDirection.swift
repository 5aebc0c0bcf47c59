// The direction argument of every task's pointer-moving primitive (MOVE_PTR), shared so that
// the same argument value means the same move in every environment.

/// MOVE_PTR's direction argument: 0 left, 1 right.
public enum PointerDirection: Int, CaseIterable, Sendable {
    case left = 0
    case right = 1
}
