// Seeded weight initialisers: Glorot-uniform for input weights, orthogonal for recurrent ones
// (the Keras 1 defaults the keras_npi seed trained with), uniform for embeddings.
//
// All draws come from an explicit `SeededGenerator` in a fixed order, so a seed fixes the model.
import Foundation

extension Parameter {
    /// Fills rows `rows` of a 2-D parameter with Glorot-uniform values,
    /// U(-√(6/(fanIn+fanOut)), +√(…)) with fanIn = columns and fanOut = the number of rows filled.
    ///
    /// Fused weights (maxout pieces, LSTM gate blocks) call this once per block, so each block
    /// gets the scale of the separate matrix it stands for.
    public func fillGlorotUniform(rows: Range<Int>? = nil, generator: inout SeededGenerator) {
        precondition(shape.count == 2, "\(name): Glorot init needs a 2-D shape, got \(shape)")
        let rows = rows ?? 0..<shape[0]
        let columns = shape[1]
        let limit = (6.0 / Double(columns + rows.count)).squareRoot()
        for index in rows.lowerBound * columns..<rows.upperBound * columns {
            value[index] = S((2 * generator.unitDouble() - 1) * limit)
        }
    }

    /// Fills every entry with U(-limit, +limit).
    public func fillUniform(limit: Double, generator: inout SeededGenerator) {
        for index in 0..<count { value[index] = S((2 * generator.unitDouble() - 1) * limit) }
    }

    /// Fills the square block of rows `rows` (all columns) with a random orthogonal matrix.
    ///
    /// Orthogonal recurrent weights keep ‖W_hh h‖ = ‖h‖ at the start of training, so gradients
    /// through time neither explode nor vanish from the weights alone (Saxe et al. 2014).
    public func fillOrthogonal(rows: Range<Int>? = nil, generator: inout SeededGenerator) {
        precondition(shape.count == 2, "\(name): orthogonal init needs a 2-D shape, got \(shape)")
        let rows = rows ?? 0..<shape[0]
        let size = shape[1]
        precondition(rows.count == size, "\(name): orthogonal block must be square, got \(rows.count)x\(size)")
        let block = randomOrthogonalMatrix(size: size, generator: &generator)
        for row in 0..<size {
            for column in 0..<size {
                value[(rows.lowerBound + row) * size + column] = S(block[row * size + column])
            }
        }
    }
}

/// A `size × size` orthogonal matrix (row-major, Double) with the Haar distribution that
/// `torch.nn.init.orthogonal_` draws from: a standard-normal matrix orthonormalised row by row.
///
/// Gram-Schmidt with one re-orthogonalisation pass ("twice is enough", Giraud et al. 2005) is as
/// accurate as Householder QR here, and its projections are BLAS gemv calls, so a 256×256 block
/// costs milliseconds even in a debug build. Positive norms make R's diagonal positive, which is
/// exactly torch's sign correction.
func randomOrthogonalMatrix(size: Int, generator: inout SeededGenerator) -> [Double] {
    var matrix = (0..<size * size).map { _ in generator.normal() }
    var projections = [Double](repeating: 0, count: size)
    matrix.withUnsafeMutableBufferPointer { rows in
        projections.withUnsafeMutableBufferPointer { projectionBuffer in
            let q = rows.baseAddress!, r = projectionBuffer.baseAddress!
            for j in 0..<size {
                let v = q + j * size
                if j > 0 {
                    for _ in 0..<2 {
                        // r = Q[0..<j] v, then v -= Q[0..<j]ᵀ r.
                        Double.gemv(transposeA: false, m: j, n: size, alpha: 1, a: q, lda: size, x: v, beta: 0, y: r)
                        Double.gemv(transposeA: true, m: j, n: size, alpha: -1, a: q, lda: size, x: r, beta: 1, y: v)
                    }
                }
                let norm = sumOfSquares(v, count: size).squareRoot()
                for i in 0..<size { v[i] /= norm }
            }
        }
    }
    return matrix
}
