// The losses NPI trains with (eqs. 6-8, Reed & de Freitas 2016): softmax cross-entropy for the
// next program and each argument, sigmoid binary cross-entropy for the return flag.
//
// Shape legend: N rows, C classes. A target of −1 masks its row: no loss and no gradient.
import Foundation

/// Softmax followed by cross-entropy against an integer class, −log softmax(z)[target].
public enum SoftmaxCrossEntropy {
    /// Writes `probabilities (N, C) = softmax(logits)` (max-subtracted, so large logits cannot
    /// overflow) and returns Σ over unmasked rows of `log Σ_c e^(z_c) − z_target`, in Double.
    @discardableResult
    public static func forward<S: NeuralScalar>(
        logits: UnsafePointer<S>, targets: UnsafePointer<Int32>?, probabilities: UnsafeMutablePointer<S>,
        rows: Int, classes: Int
    ) -> Double {
        var loss = 0.0
        for row in 0..<rows {
            let z = logits + row * classes, p = probabilities + row * classes
            var largest = z[0]
            for c in 1..<classes where z[c] > largest { largest = z[c] }
            var sum: S = 0
            for c in 0..<classes {
                p[c] = S.exp(z[c] - largest)
                sum += p[c]
            }
            let inverse = 1 / sum
            for c in 0..<classes { p[c] *= inverse }
            guard let targets else { continue }
            let target = Int(targets[row])
            guard target >= 0 else { continue }
            precondition(target < classes, "target class \(target) out of range 0..<\(classes)")
            // log-sum-exp in Double from the shifted sum: exact for any logit magnitude.
            loss += Double(largest) + Foundation.log(Double(sum)) - Double(z[target])
        }
        return loss
    }

    /// Adds `scale · (probabilities − onehot(target))` into `logitGradient (N, C)` for unmasked rows.
    public static func backward<S: NeuralScalar>(
        probabilities: UnsafePointer<S>, targets: UnsafePointer<Int32>, logitGradient: UnsafeMutablePointer<S>,
        rows: Int, classes: Int, scale: S
    ) {
        for row in 0..<rows {
            let target = Int(targets[row])
            guard target >= 0 else { continue }
            let p = probabilities + row * classes, dz = logitGradient + row * classes
            for c in 0..<classes { dz[c] += scale * p[c] }
            dz[target] -= scale
        }
    }
}

/// The logistic sigmoid followed by binary cross-entropy against a 0/1 target.
public enum SigmoidBinaryCrossEntropy {
    /// Writes `probabilities (N) = σ(logits)` and returns Σ over unmasked entries of
    /// `max(z, 0) − z·y + log(1 + e^(−|z|))` (the overflow-free form of −y log σ − (1−y) log(1−σ)), in Double.
    @discardableResult
    public static func forward<S: NeuralScalar>(
        logits: UnsafePointer<S>, targets: UnsafePointer<Int32>?, probabilities: UnsafeMutablePointer<S>,
        count: Int
    ) -> Double {
        var loss = 0.0
        for i in 0..<count {
            probabilities[i] = sigmoid(logits[i])
            guard let targets else { continue }
            let target = targets[i]
            guard target >= 0 else { continue }
            precondition(target <= 1, "binary target \(target) is not 0 or 1")
            let z = Double(logits[i])
            loss += max(z, 0) - z * Double(target) + Foundation.log1p(Foundation.exp(-abs(z)))
        }
        return loss
    }

    /// Adds `scale · (σ(z) − y)` into `logitGradient (N)` for unmasked entries.
    public static func backward<S: NeuralScalar>(
        probabilities: UnsafePointer<S>, targets: UnsafePointer<Int32>, logitGradient: UnsafeMutablePointer<S>,
        count: Int, scale: S
    ) {
        for i in 0..<count {
            let target = targets[i]
            guard target >= 0 else { continue }
            logitGradient[i] += scale * (probabilities[i] - S(target))
        }
    }
}
