/* Single-precision gemm with AVX-512, rounding every element exactly as BLIS 0.9.0's haswell
 * kernels do, so that results (and every trained model file) do not depend on which one ran.
 *
 * Why: Debian's BLIS 0.9.0 has no AVX-512 kernels; its AVX2 haswell kernels reach 60-80 GFLOP/s
 * on npi's shapes on one core that runs 16-lane FMAs. These reach 130-160 (README, Performance).
 *
 * What BLIS computes, per element of C (read from BLIS 0.9.0's frame/3/bli_l3_sup_int.c,
 * frame/3/bli_l3_sup_var1n2m.c, config/haswell/bli_cntx_init_haswell.c and
 * kernels/haswell/3/sup/bli_gemmsup_rd_haswell_asm_s6x16m.c, and checked bit for bit against
 * the library by Tests/NPINeuralTests/AVX512GemmTests.swift):
 * - k is cut into blocks of KC; each block's sum starts from zero, and then
 *   C = beta_block * C + alpha * sum (one fused multiply-add), where beta_block is the caller's
 *   beta for the first block and 1 after it.
 * - "Sequential" order: the block's sum is one chain of fused multiply-adds in k order. Used by
 *   the conventional path (m, n and k all at least 201; KC = 256) and by the small-matrix ("sup")
 *   row-vector kernels: A · B (KC = 256 when m/6 >= n/16, else 48) and Aᵀ · B (KC = 48).
 * - "Dot" order, sup A · Bᵀ only (KC = 256): eight lanes, lane l summing k = l, l+8, ... in order;
 *   the k % 8 last products go into lane 0 (and +0 into the others), then
 *   ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)).
 * - The last n % 16 columns: sequential as above, except an odd last column in the sup path,
 *   which BLIS's block-panel variant hands to its gemv (here too) and its panel-block variant
 *   rounds otherwise (left to BLIS); sup A · Bᵀ has edge kernels of its own (left to BLIS).
 * - BLIS's conventional path updates a partial 6 x 16 tile of C unfused: beta·C rounded, then added.
 * The KC = 48 above holds for m and n above 24 only: smaller products are left to BLIS. */
#include "CKernels.h"
#include "shim.h" /* BLIS's CBLAS, for the one column BLIS computes with its gemv */

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,fma,avx2")))
#define ALWAYS_INLINE static inline __attribute__((always_inline))

enum { conventionalThreshold = 201, kcLarge = 256, kcSmall = 48, tileRows = 6, stripColumns = 64 };

// MARK: - Scratch memory, one per thread (npi's helper thread runs products beside the main one)

typedef struct { float *pointer; size_t capacity; } Scratch;
static _Thread_local Scratch packedA, packedB;

/* `count` floats, 64-byte aligned, kept for the next call; NULL when memory is exhausted. */
static float *reserve(Scratch *scratch, size_t count) {
    if (count > scratch->capacity) {
        free(scratch->pointer);
        scratch->pointer = aligned_alloc(64, (count * sizeof(float) + 63) / 64 * 64);
        scratch->capacity = scratch->pointer ? count : 0;
    }
    return scratch->pointer;
}

// MARK: - Sequential order

/* C (rows x 16·vectors) = one block: element (r, q) of op(A) at A[r·aRow + q·aColumn], row q of
 * op(B) at B + q·bRow (contiguous); the last vector covers the columns of lastColumns only.
 * rows and vectors are constants after inlining. In BLIS's conventional path, a partial 6 x 16
 * tile rounds beta·C before adding; its other updates, and the sup path's, are fused. */
ALWAYS_INLINE AVX512 void sequentialTile(
    const int rows, const int vectors, int kc, const float *A, ptrdiff_t aRow, ptrdiff_t aColumn,
    const float *B, ptrdiff_t bRow, float alpha, float beta, int conventional, __mmask16 lastColumns, float *C,
    ptrdiff_t ldc) {
    __m512 sum[tileRows][4];
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vectors; v++) sum[r][v] = _mm512_setzero_ps();
    for (int q = 0; q < kc; q++) {
        __m512 b[4];
        for (int v = 0; v < vectors - 1; v++) b[v] = _mm512_loadu_ps(B + q * bRow + 16 * v);
        b[vectors - 1] = _mm512_maskz_loadu_ps(lastColumns, B + q * bRow + 16 * (vectors - 1));
        for (int r = 0; r < rows; r++) {
            __m512 a = _mm512_set1_ps(A[r * aRow + q * aColumn]);
            for (int v = 0; v < vectors; v++) sum[r][v] = _mm512_fmadd_ps(a, b[v], sum[r][v]);
        }
    }
    const __m512 alphas = _mm512_set1_ps(alpha), betas = _mm512_set1_ps(beta);
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vectors; v++) {
            float *c = C + r * ldc + 16 * v;
            const __mmask16 columns = v == vectors - 1 ? lastColumns : 0xFFFF;
            const int unfused = conventional && (rows < tileRows || columns != 0xFFFF);
            __m512 result = _mm512_mul_ps(alphas, sum[r][v]);
            if (beta != 0) {
                const __m512 old = _mm512_maskz_loadu_ps(columns, c);
                result = unfused ? _mm512_add_ps(_mm512_mul_ps(old, betas), result) : _mm512_fmadd_ps(old, betas, result);
            }
            _mm512_mask_storeu_ps(c, columns, result);
        }
}

#define SEQUENTIAL_CASE(R, V) \
    case (R) * 8 + (V): sequentialTile(R, V, kc, A, aRow, aColumn, B, bRow, alpha, beta, conventional, lastColumns, C, ldc); break;

static AVX512 void sequentialTileOfSize(
    int rows, int vectors, int kc, const float *A, ptrdiff_t aRow, ptrdiff_t aColumn, const float *B,
    ptrdiff_t bRow, float alpha, float beta, int conventional, __mmask16 lastColumns, float *C, ptrdiff_t ldc) {
    switch (rows * 8 + vectors) {
        SEQUENTIAL_CASE(1, 1) SEQUENTIAL_CASE(1, 2) SEQUENTIAL_CASE(1, 3) SEQUENTIAL_CASE(1, 4)
        SEQUENTIAL_CASE(2, 1) SEQUENTIAL_CASE(2, 2) SEQUENTIAL_CASE(2, 3) SEQUENTIAL_CASE(2, 4)
        SEQUENTIAL_CASE(3, 1) SEQUENTIAL_CASE(3, 2) SEQUENTIAL_CASE(3, 3) SEQUENTIAL_CASE(3, 4)
        SEQUENTIAL_CASE(4, 1) SEQUENTIAL_CASE(4, 2) SEQUENTIAL_CASE(4, 3) SEQUENTIAL_CASE(4, 4)
        SEQUENTIAL_CASE(5, 1) SEQUENTIAL_CASE(5, 2) SEQUENTIAL_CASE(5, 3) SEQUENTIAL_CASE(5, 4)
        SEQUENTIAL_CASE(6, 1) SEQUENTIAL_CASE(6, 2) SEQUENTIAL_CASE(6, 3) SEQUENTIAL_CASE(6, 4)
    }
}

/* Copies columns j ..< j + 16·vectors of op(B) = Wᵀ, rows p ..< p + kc, into strip (kc x 64). */
static AVX512 void packTransposedStrip(const float *W, ptrdiff_t ldw, int j, int vectors, int p, int kc, float *strip) {
    const __m512i rowOffsets = _mm512_mullo_epi32(
        _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi32((int)ldw));
    for (int v = 0; v < vectors; v++) {
        const float *rows = W + (size_t)(j + 16 * v) * ldw + p;
        for (int q = 0; q < kc; q++)
            _mm512_storeu_ps(strip + q * stripColumns + 16 * v, _mm512_i32gather_ps(rowOffsets, rows + q, 4));
    }
}

/* C (m x n) in sequential order, blocks of KC. B is op(B) row-major (ldb), or W with op(B) = Wᵀ
 * when transposedB (n a multiple of 16), then packed strip by strip into `strip` (KC x 64). */
static AVX512 void sequentialProduct(
    int m, int n, int k, int KC, int conventional, float alpha, const float *A, ptrdiff_t aRow, ptrdiff_t aColumn,
    const float *B, ptrdiff_t ldb, int transposedB, float beta, float *C, ptrdiff_t ldc, float *strip) {
    for (int p = 0; p < k; p += KC) {
        const int kc = k - p < KC ? k - p : KC;
        const float blockBeta = p == 0 ? beta : 1.0f;
        for (int j = 0; j < n; j += stripColumns) {
            const int columns = n - j < stripColumns ? n - j : stripColumns, vectors = (columns + 15) / 16;
            const __mmask16 lastColumns = columns % 16 ? (__mmask16)((1u << (columns % 16)) - 1) : 0xFFFF;
            const float *rowsOfB = B + (size_t)p * ldb + j;
            ptrdiff_t bRow = ldb;
            if (transposedB) {
                packTransposedStrip(B, ldb, j, vectors, p, kc, strip);
                rowsOfB = strip;
                bRow = stripColumns;
            }
            for (int i = 0; i < m; i += tileRows) {
                const int rows = m - i < tileRows ? m - i : tileRows;
                sequentialTileOfSize(
                    rows, vectors, kc, A + i * aRow + p * aColumn, aRow, aColumn, rowsOfB, bRow, alpha, blockBeta,
                    conventional, lastColumns, C + (size_t)i * ldc + j, ldc);
            }
        }
    }
}

// MARK: - Dot order (A · Wᵀ, W (n x k))

/* A is packed in row pairs: for pair q and group g of 8 k's, 16 floats = row 2q's 8, row 2q+1's 8.
 * A 16-lane sum register then holds the 8 lanes of C[2q][j] and of C[2q+1][j], and W[j]'s 8
 * floats are broadcast to both halves: one FMA advances two dot products by 8 lanes each. */
ALWAYS_INLINE AVX512 void dotTile(
    const int pairs, int kc, const float *packed, size_t pairStride, const float *A, ptrdiff_t lda, int rows,
    const float *W, ptrdiff_t ldw, float alpha, float beta, float *C, ptrdiff_t ldc) {
    enum { columns = 8 };
    __m512 sum[3][columns];
    for (int q = 0; q < pairs; q++)
        for (int c = 0; c < columns; c++) sum[q][c] = _mm512_setzero_ps();
    const int groups = kc / 8;
    for (int g = 0; g < groups; g++) {
        __m512 a[3];
        for (int q = 0; q < pairs; q++) a[q] = _mm512_load_ps(packed + q * pairStride + 16 * g);
        for (int c = 0; c < columns; c++) {
            __m512 w = _mm512_broadcast_f32x8(_mm256_loadu_ps(W + c * ldw + 8 * g));
            for (int q = 0; q < pairs; q++) sum[q][c] = _mm512_fmadd_ps(a[q], w, sum[q][c]);
        }
    }
    if (kc % 8) {
        for (int t = groups * 8; t < kc; t++) {
            __m512 a[3];
            for (int q = 0; q < pairs; q++) {
                const float second = 2 * q + 1 < rows ? A[(2 * q + 1) * lda + t] : 0.0f;
                a[q] = _mm512_set_ps(0, 0, 0, 0, 0, 0, 0, second, 0, 0, 0, 0, 0, 0, 0, A[2 * q * lda + t]);
            }
            for (int c = 0; c < columns; c++) {
                __m512 w = _mm512_set1_ps(W[c * ldw + t]);
                for (int q = 0; q < pairs; q++) sum[q][c] = _mm512_mask3_fmadd_ps(a[q], w, sum[q][c], 0x0101);
            }
        }
        /* BLIS's scalar loop adds 0·0 to lanes 1-7, which turns a -0 there into +0. */
        for (int q = 0; q < pairs; q++)
            for (int c = 0; c < columns; c++) sum[q][c] = _mm512_add_ps(sum[q][c], _mm512_setzero_ps());
    }
    const __m128 alphas = _mm_set1_ps(alpha), betas = _mm_set1_ps(beta);
    for (int q = 0; q < pairs; q++)
        for (int c = 0; c < columns; c += 4) {
            /* Pairwise, as BLIS's vhaddps tree: adjacent lanes, then pairs of those, then halves. */
            __m512 x = sum[q][c], y = sum[q][c + 1], z = sum[q][c + 2], w = sum[q][c + 3];
            __m512 xy = _mm512_add_ps(_mm512_shuffle_ps(x, y, 0x88), _mm512_shuffle_ps(x, y, 0xDD));
            __m512 zw = _mm512_add_ps(_mm512_shuffle_ps(z, w, 0x88), _mm512_shuffle_ps(z, w, 0xDD));
            __m512 quads = _mm512_add_ps(_mm512_shuffle_ps(xy, zw, 0x88), _mm512_shuffle_ps(xy, zw, 0xDD));
            __m512 totals = _mm512_add_ps(quads, _mm512_shuffle_f32x4(quads, quads, 0xB1));
            for (int half = 0; half < 2; half++) {
                const int row = 2 * q + half;
                if (row >= rows) break;
                __m128 result = _mm_mul_ps(alphas, half ? _mm512_extractf32x4_ps(totals, 2) : _mm512_castps512_ps128(totals));
                float *cp = C + row * ldc + c;
                if (beta != 0) result = _mm_fmadd_ps(_mm_loadu_ps(cp), betas, result);
                _mm_storeu_ps(cp, result);
            }
        }
}

static AVX512 void dotTileOfSize(
    int pairs, int kc, const float *packed, size_t pairStride, const float *A, ptrdiff_t lda, int rows,
    const float *W, ptrdiff_t ldw, float alpha, float beta, float *C, ptrdiff_t ldc) {
    switch (pairs) {
    case 1: dotTile(1, kc, packed, pairStride, A, lda, rows, W, ldw, alpha, beta, C, ldc); break;
    case 2: dotTile(2, kc, packed, pairStride, A, lda, rows, W, ldw, alpha, beta, C, ldc); break;
    case 3: dotTile(3, kc, packed, pairStride, A, lda, rows, W, ldw, alpha, beta, C, ldc); break;
    }
}

/* C (m x n) = alpha · A · Wᵀ + beta · C in dot order; packed holds ceil(m/2) pairs of KC/8 groups. */
static AVX512 void dotProduct(
    int m, int n, int k, float alpha, const float *A, ptrdiff_t lda, const float *W, ptrdiff_t ldw, float beta,
    float *C, ptrdiff_t ldc, float *packed) {
    const int pairCount = (m + 1) / 2;
    const size_t pairStride = (size_t)(kcLarge / 8) * 16;
    for (int p = 0; p < k; p += kcLarge) {
        const int kc = k - p < kcLarge ? k - p : kcLarge, groups = kc / 8;
        const float blockBeta = p == 0 ? beta : 1.0f;
        for (int q = 0; q < pairCount; q++) {
            const float *first = A + (size_t)(2 * q) * lda + p;
            const float *second = 2 * q + 1 < m ? A + (size_t)(2 * q + 1) * lda + p : NULL;
            float *pair = packed + q * pairStride;
            for (int g = 0; g < groups; g++) {
                _mm256_store_ps(pair + 16 * g, _mm256_loadu_ps(first + 8 * g));
                _mm256_store_ps(pair + 16 * g + 8, second ? _mm256_loadu_ps(second + 8 * g) : _mm256_setzero_ps());
            }
        }
        /* W's 8 rows stay in L1 while every row tile of A passes them. */
        for (int j = 0; j < n; j += 8)
            for (int i = 0; i < m; i += tileRows) {
                const int rows = m - i < tileRows ? m - i : tileRows;
                dotTileOfSize(
                    (rows + 1) / 2, kc, packed + (i / 2) * pairStride, pairStride, A + (size_t)i * lda + p, lda, rows,
                    W + (size_t)j * ldw + p, ldw, alpha, blockBeta, C + (size_t)i * ldc + j, ldc);
            }
    }
}

// MARK: - Dispatch: BLIS's choice of path, and with it the rounding order

int npi_sgemm_avx512(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                     const float *b, int ldb, float beta, float *c, int ldc) {
    if (!npi_avx512_available() || (transA && transB)) return 0;
    if (m <= 24 || n <= 24 || k < 1 || alpha == 0) return 0;
    const int small = m < conventionalThreshold || n < conventionalThreshold || k < conventionalThreshold;
    if (!transA && transB) {
        if (n % 16 != 0) return 0;
        if (small) {
            float *packed = reserve(&packedA, (size_t)((m + 1) / 2) * (kcLarge / 8) * 16);
            if (!packed) return 0;
            dotProduct(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, packed);
        } else {
            if (ldb > INT32_MAX / 16) return 0; /* the gather's row offsets are 32-bit */
            float *strip = reserve(&packedB, (size_t)kcLarge * stripColumns);
            if (!strip) return 0;
            sequentialProduct(m, n, k, kcLarge, 1, alpha, a, lda, 1, b, ldb, 1, beta, c, ldc, strip);
        }
    } else {
        /* BLIS's block-panel variant (m/6 >= n/16) keeps KC = 256 for A · B; the panel-block one,
           and both for Aᵀ · B, cut to 48. */
        const int KC = !small ? kcLarge : !transA && m / 6 >= n / 16 ? kcLarge : kcSmall;
        /* The block-panel variant leaves an odd last column to BLIS's gemv, one call per block of
           k; the panel-block variant rounds it otherwise, so that product is left to BLIS. */
        const int gemvColumn = small && n % 2;
        if (gemvColumn && m / 6 < n / 16) return 0;
        sequentialProduct(
            m, n - gemvColumn, k, KC, !small, alpha, a, transA ? 1 : lda, transA ? lda : 1, b, ldb, 0, beta, c, ldc, NULL);
        for (int p = 0; gemvColumn && p < k; p += KC) {
            const int kc = k - p < KC ? k - p : KC;
            const float *x = b + (size_t)p * ldb + n - 1;
            if (transA)
                cblas_sgemv(CblasRowMajor, CblasTrans, kc, m, alpha, a + (size_t)p * lda, lda, x, ldb, p == 0 ? beta : 1,
                            c + n - 1, ldc);
            else
                cblas_sgemv(CblasRowMajor, CblasNoTrans, m, kc, alpha, a + p, lda, x, ldb, p == 0 ? beta : 1, c + n - 1, ldc);
        }
    }
    return 1;
}
