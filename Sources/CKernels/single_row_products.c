/* The two products of a batch-1 inference step that stream the LSTM core's weights: the dense
 * matrix-vector product W_hh · h, rounded as BLIS 0.9.0's sgemv rounds it, and the product with a
 * ReLU input that skips its zeros. Both can visit their outputs last to first.
 *
 * Why the direction: a step reads about 3 MB of weights, more than this machine kind's 2 MB L2,
 * so reading them in the same order every step finds none of them in L2 (the oldest lines are
 * always the ones evicted). Reading them in the reverse order every other step starts with the
 * lines read last, which are still there. Every output is computed by the same operations in
 * either order, so the results do not change. */
#include "CKernels.h"

#include <immintrin.h>

/* Rows [first, first + 8) of W · x: the dot products BLIS's dotxf kernel (bli_sdotxf_zen_int_8)
 * computes for one fused block of 8 rows. Per row, 8 lanes accumulate fused multiply-adds over
 * the columns congruent to the lane mod 8; the lanes are summed by vdpps within each 128-bit half
 * (its internal pairwise order) and the two halves added; leftover columns are added one by one
 * as an unfused product and sum (BLIS's scalar loop, compiled without contraction). */
__attribute__((target("avx2,fma"))) static void dotBlockOfEight(const float *w, long lda, const float *x, long columns,
                                                               float *result) {
    __m256 sums[8];
    for (int row = 0; row < 8; row++) sums[row] = _mm256_setzero_ps();
    const long vectorColumns = columns / 8 * 8;
    for (long k = 0; k < vectorColumns; k += 8) {
        const __m256 xs = _mm256_loadu_ps(x + k);
        for (int row = 0; row < 8; row++) sums[row] = _mm256_fmadd_ps(_mm256_loadu_ps(w + row * lda + k), xs, sums[row]);
    }
    const __m256 ones = _mm256_set1_ps(1.0f);
    for (int row = 0; row < 8; row++) {
        float rho = 0;
        if (vectorColumns > 0) {
            float halves[8];
            _mm256_storeu_ps(halves, _mm256_dp_ps(sums[row], ones, 0xf1));
            rho = halves[0] + halves[4];
        }
        for (long k = vectorColumns; k < columns; k++) {
            const float product = w[row * lda + k] * x[k];
            rho = rho + product;
        }
        result[row] = rho;
    }
}

int npi_sgemv_dot_rows(long rows, long columns, const float *w, long lda, const float *x, float *y, int reverse) {
    if (rows % 8 != 0 || columns < 1) return 0;
    const long blocks = rows / 8;
    for (long index = 0; index < blocks; index++) {
        const long block = reverse ? blocks - 1 - index : index;
        dotBlockOfEight(w + block * 8 * lda, lda, x, columns, y + block * 8);
    }
    return 1;
}

/* Columns per block of the zero-skipping product: each block's running sums stay in registers
 * while every non-zero input's weights for it are added. */
enum { sparseBlock = 64 };

__attribute__((target("avx2,fma"))) void npi_add_sparse_input_product(const float *x, const int *nonZero, long nonZeroCount,
                                                                      const float *wt, long outputSize, float *y,
                                                                      long columnStart, long columnEnd, int reverse) {
    const long width = columnEnd - columnStart;
    if (width <= 0) return;
    const long blocks = (width + sparseBlock - 1) / sparseBlock;
    for (long index = 0; index < blocks; index++) {
        const long block = reverse ? blocks - 1 - index : index;
        const long start = columnStart + block * sparseBlock;
        const long end = start + sparseBlock < columnEnd ? start + sparseBlock : columnEnd;
        long column = start;
        if (end - start == sparseBlock) {
            __m256 sums[sparseBlock / 8];
            for (int lane = 0; lane < sparseBlock / 8; lane++) sums[lane] = _mm256_loadu_ps(y + start + 8 * lane);
            for (long entry = 0; entry < nonZeroCount; entry++) {
                const long k = nonZero[entry];
                const __m256 factor = _mm256_set1_ps(x[k]);
                const float *weights = wt + k * outputSize + start;
                for (int lane = 0; lane < sparseBlock / 8; lane++)
                    sums[lane] = _mm256_fmadd_ps(factor, _mm256_loadu_ps(weights + 8 * lane), sums[lane]);
            }
            for (int lane = 0; lane < sparseBlock / 8; lane++) _mm256_storeu_ps(y + start + 8 * lane, sums[lane]);
            column = end;
        }
        for (; column < end; column++) {
            float sum = y[column];
            for (long entry = 0; entry < nonZeroCount; entry++) {
                const long k = nonZero[entry];
                sum = __builtin_fmaf(x[k], wt[k * outputSize + column], sum);
            }
            y[column] = sum;
        }
    }
}
