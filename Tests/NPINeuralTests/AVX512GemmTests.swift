// npi's AVX-512 sgemm against the BLIS it stands in for: every product it takes must equal
// BLIS's bit for bit (so no trained file depends on which one ran), and what it declines it
// must leave untouched for BLIS.
import CBLIS
import CKernels
import Testing
@testable import NPINeural

@Suite("AVX-512 sgemm")
struct AVX512GemmTests {
    /// One product's operands: random values with some exact zeros and negative zeros, as the
    /// ReLU outputs and zero-initialised gradients npi multiplies.
    struct Operands {
        let transposeA: Bool, transposeB: Bool
        let m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int
        let a: [Float], b: [Float], c: [Float]

        init(
            _ form: String, m: Int, n: Int, k: Int, padding: Int = 0, seed: UInt64
        ) {
            transposeA = form.first == "T"
            transposeB = form.last == "T"
            self.m = m
            self.n = n
            self.k = k
            lda = (transposeA ? m : k) + padding
            ldb = (transposeB ? k : n) + padding
            ldc = n + padding
            var generator = SeededGenerator(seed: seed)
            func values(_ count: Int) -> [Float] {
                (0..<count).map { _ in
                    let u = generator.unitDouble()
                    if u < 0.2 { return 0 }
                    if u < 0.25 { return -0.0 }
                    return Float(4 * generator.unitDouble() - 2)
                }
            }
            a = values((transposeA ? k : m) * lda)
            b = values((transposeB ? n : k) * ldb)
            c = values(m * ldc)
        }

        /// C after BLIS's product, and after npi's with whether it took it.
        func products(alpha: Float, beta: Float) -> (blis: [Float], npi: [Float], taken: Bool) {
            var blis = c, npi = c
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, &blis, Int32(ldc))
            let taken = npi_sgemm_avx512(
                transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
                Int32(ldb), beta, &npi, Int32(ldc))
            return (blis, npi, taken != 0)
        }
    }

    /// The first element whose bits differ, or nil.
    static func firstDifference(_ x: [Float], _ y: [Float]) -> Int? {
        x.indices.first { x[$0].bitPattern != y[$0].bitPattern }
    }

    /// npi's shapes (batch 64 and 256, hidden 256, gates 1,024, inputs 133) and every boundary
    /// of BLIS's choice of path: m, n, k around 201; m/6 against n/16; m just above 24; odd m and
    /// m % 6 edges; k % 8 leftovers; k over one block of 48 and of 256; strided operands.
    static let shapes: [(String, Int, Int, Int, Int)] = [
        ("NT", 64, 1024, 256, 0), ("NT", 256, 1024, 256, 0), ("NT", 256, 1024, 133, 0), ("NT", 150, 1024, 256, 0),
        ("NT", 25, 32, 7, 0), ("NT", 37, 48, 601, 3), ("NT", 201, 208, 201, 0), ("NT", 200, 208, 300, 1),
        ("NN", 64, 256, 1024, 0), ("NN", 128, 256, 1024, 0), ("NN", 256, 256, 1024, 0), ("NN", 95, 256, 300, 2),
        ("NN", 96, 256, 300, 0), ("NN", 25, 64, 49, 0), ("NN", 201, 208, 201, 0), ("NN", 31, 80, 97, 5),
        ("TN", 1024, 256, 192, 0), ("TN", 1024, 256, 256, 0), ("TN", 1024, 256, 64, 0), ("TN", 256, 1024, 133, 0),
        ("TN", 201, 208, 201, 0), ("TN", 77, 48, 500, 4), ("TN", 25, 32, 1, 0),
        // Columns past the last 16: BLIS's narrower kernels, and its gemv for an odd last one.
        ("NN", 256, 133, 1024, 0), ("NN", 64, 133, 1024, 0), ("TN", 1024, 133, 256, 0), ("TN", 1024, 133, 64, 0),
        ("NN", 300, 45, 70, 1), ("TN", 90, 30, 600, 0), ("NN", 256, 211, 300, 0), ("TN", 256, 215, 300, 2),
    ]

    @Test(.enabled(if: npi_avx512_available() != 0, "this CPU has no AVX-512: BLIS runs every product"))
    func everyProductItTakesEqualsBLISBitForBit() {
        for (index, (form, m, n, k, padding)) in Self.shapes.enumerated() {
            let operands = Operands(form, m: m, n: n, k: k, padding: padding, seed: UInt64(900 + index))
            for (alpha, beta) in [(Float(1), Float(1)), (1, 0), (-0.75, 1.5)] {
                let (blis, npi, taken) = operands.products(alpha: alpha, beta: beta)
                #expect(taken, "\(form) \(m)x\(n)x\(k) was left to BLIS")
                let difference = Self.firstDifference(blis, npi)
                #expect(
                    difference == nil,
                    "\(form) m \(m) n \(n) k \(k) alpha \(alpha) beta \(beta): C[\(difference ?? 0)] BLIS \(blis[difference ?? 0]) npi \(npi[difference ?? 0])")
            }
        }
    }

    @Test(.enabled(if: npi_avx512_available() != 0, "this CPU has no AVX-512: BLIS runs every product"))
    func randomShapesEitherMatchBLISOrAreLeftToIt() {
        var generator = SeededGenerator(seed: 77)
        func below(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        var taken = 0
        let count = 120
        for trial in 0..<count {
            let form = ["NN", "NT", "TN"][below(3)]
            let n = below(4) == 0 ? 1 + below(300) : 16 * (1 + below(30))
            let operands = Operands(form, m: 1 + below(260), n: n, k: 1 + below(600), padding: below(3), seed: UInt64(trial))
            let (blis, npi, took) = operands.products(alpha: 1, beta: 1)
            if took { taken += 1 }
            let difference = Self.firstDifference(blis, took ? npi : operands.c)
            #expect(
                took ? difference == nil : npi.map(\.bitPattern) == operands.c.map(\.bitPattern),
                "\(form) m \(operands.m) n \(n) k \(operands.k): \(took ? "differs from BLIS" : "declined but wrote C")")
        }
        #expect(taken > count / 2, "only \(taken) of \(count) products taken")
    }

    @Test func itDeclinesWhatItCannotRoundAsBLISDoes() {
        // A · Bᵀ with n not a multiple of 16 (BLIS's edge kernels), an odd n in BLIS's panel-block
        // variant, m or n at most 24, both transposed, alpha 0.
        let declined: [(String, Int, Int, Int, Float)] = [
            ("NT", 64, 10, 256, 1), ("NT", 64, 40, 256, 1), ("NN", 39, 133, 1024, 1), ("TN", 24, 256, 64, 1),
            ("NN", 64, 16, 32, 1), ("TT", 64, 64, 64, 1), ("NN", 64, 64, 64, 0),
        ]
        for (form, m, n, k, alpha) in declined {
            let operands = Operands(form, m: m, n: n, k: k, seed: 5)
            var c = operands.c
            let taken = npi_sgemm_avx512(
                operands.transposeA ? 1 : 0, operands.transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                operands.a, Int32(operands.lda), operands.b, Int32(operands.ldb), 1, &c, Int32(operands.ldc))
            #expect(taken == 0, "\(form) \(m)x\(n)x\(k)")
            #expect(c.map(\.bitPattern) == operands.c.map(\.bitPattern))
        }
    }
}
