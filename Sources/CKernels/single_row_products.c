/* The two products of a batch-1 inference step that stream the LSTM core's weights: the dense
 * matrix-vector product W_hh · h, rounded as BLIS 0.9.0's sgemv rounds it, from a copy of W_hh
 * packed so that each block of 8 rows is read as one contiguous run, and the product with a ReLU
 * input that skips its zeros. Both can visit their outputs last to first.
 *
 * Why the direction: a step reads about 3 MB of weights, more than this machine kind's 2 MB L2,
 * so reading them in the same order every step finds few of them in L2 (the lines read first are
 * the oldest, the first evicted). Reading them in the reverse order every other step starts with
 * the lines read last, which are still there. Every output is computed by the same operations in
 * either order, so the results do not change. */
#include "CKernels.h"

#include <immintrin.h>
#include <string.h>

/* The packed layout: per block of 8 rows, the columns that fill vectors as [chunk of 8][row][8],
 * then the leftover columns as [row][columns % 8]. A block is one contiguous run of 8 · columns
 * floats, read front to back. */
void npi_pack_rows_for_dot(long rows, long columns, const float *w, long lda, float *packed) {
    const long chunks = columns / 8, leftover = columns % 8;
    for (long block = 0; block < rows / 8; block++) {
        float *target = packed + block * 8 * columns;
        const float *source = w + block * 8 * lda;
        for (long chunk = 0; chunk < chunks; chunk++)
            for (int row = 0; row < 8; row++)
                for (int lane = 0; lane < 8; lane++) *target++ = source[row * lda + chunk * 8 + lane];
        for (int row = 0; row < 8; row++)
            for (long column = 0; column < leftover; column++) *target++ = source[row * lda + chunks * 8 + column];
    }
}

/* Rows [first, first + 8) of W · x as BLIS's dotxf kernel (bli_sdotxf_zen_int_8) computes them
 * for one fused block of 8 rows: per row, 8 lanes accumulate fused multiply-adds over the columns
 * congruent to the lane mod 8 (the block functions below); here the lanes are summed by vdpps
 * within each 128-bit half (its own pairwise order) and the two halves added, then the leftover
 * columns are added one by one as an unfused product and sum (BLIS's scalar loop, compiled
 * without contraction). */
__attribute__((target("avx2,fma"))) static void finishBlock(const __m256 sums[8], const float *leftovers, long leftover,
                                                           const float *x, float *result) {
    const __m256 ones = _mm256_set1_ps(1.0f);
    for (int row = 0; row < 8; row++) {
        float halves[8];
        _mm256_storeu_ps(halves, _mm256_dp_ps(sums[row], ones, 0xf1));
        float rho = halves[0] + halves[4];
        for (long column = 0; column < leftover; column++) {
            const float product = leftovers[row * leftover + column] * x[column];
            rho = rho + product;
        }
        result[row] = rho;
    }
}

/* The block bodies below are written once, on 16-lane vectors, and compiled for AVX-512 (one
 * register each) and for AVX2 (two): every lane gets the same fused multiply-adds either way. */
#pragma clang diagnostic ignored "-Wpsabi" /* 16-lane vectors never cross a call: all is inlined */

typedef float Floats __attribute__((vector_size(64)));
typedef float Eight __attribute__((vector_size(32)));
#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE Floats load16(const float *source) {
    Floats value;
    memcpy(&value, source, sizeof value);
    return value;
}

/* One packed block against `vectors` (1 or 2) vectors x[v], read once: each 16-lane vector holds
 * two rows' 8 lanes (a pair), against x[v]'s chunk in both halves. Every result gets the same
 * operations whether it is computed alone or beside another. */
ALWAYS_INLINE void packedBlock(const float *block, long chunks, long leftover, const float *const x[2],
                               float *const result[2], int vectors) {
    Floats pairs[2][4] = {{{0}, {0}, {0}, {0}}, {{0}, {0}, {0}, {0}}};
    for (long chunk = 0; chunk < chunks; chunk++) {
        const float *weights = block + 64 * chunk;
        Floats xs[2];
        for (int v = 0; v < vectors; v++) {
            Eight eight;
            memcpy(&eight, x[v] + 8 * chunk, sizeof eight);
            xs[v] = __builtin_shufflevector(eight, eight, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
        }
        for (int pair = 0; pair < 4; pair++) {
            const Floats w = load16(weights + 16 * pair);
            for (int v = 0; v < vectors; v++) pairs[v][pair] = __builtin_elementwise_fma(w, xs[v], pairs[v][pair]);
        }
    }
    for (int v = 0; v < vectors; v++) {
        __m256 sums[8];
        for (int pair = 0; pair < 4; pair++) {
            sums[2 * pair] = (__m256)__builtin_shufflevector(pairs[v][pair], pairs[v][pair], 0, 1, 2, 3, 4, 5, 6, 7);
            sums[2 * pair + 1] =
                (__m256)__builtin_shufflevector(pairs[v][pair], pairs[v][pair], 8, 9, 10, 11, 12, 13, 14, 15);
        }
        finishBlock(sums, block + 64 * chunks, leftover, x[v] + 8 * chunks, result[v]);
    }
}

__attribute__((target("avx512f,avx512dq"))) static void packedBlockAVX512(const float *block, long chunks,
                                                                          long leftover, const float *const x[2],
                                                                          float *const result[2], int vectors) {
    if (vectors == 2) packedBlock(block, chunks, leftover, x, result, 2);
    else packedBlock(block, chunks, leftover, x, result, 1);
}

__attribute__((target("avx2,fma"))) static void packedBlockAVX2(const float *block, long chunks, long leftover,
                                                               const float *const x[2], float *const result[2],
                                                               int vectors) {
    if (vectors == 2) packedBlock(block, chunks, leftover, x, result, 2);
    else packedBlock(block, chunks, leftover, x, result, 1);
}

int npi_sgemv_dot_rows_packed(long rows, long columns, const float *packed, const float *x, float *y, const float *x2,
                              float *y2, int reverse) {
    if (rows % 8 != 0 || columns < 1) return 0;
    const long blocks = rows / 8, chunks = columns / 8, leftover = columns % 8;
    const int wide = npi_avx512_available(), vectors = x2 && y2 ? 2 : 1;
    const float *const xs[2] = {x, x2};
    for (long index = 0; index < blocks; index++) {
        const long block = reverse ? blocks - 1 - index : index;
        const float *source = packed + block * 8 * columns;
        float *const results[2] = {y + block * 8, vectors == 2 ? y2 + block * 8 : NULL};
        if (wide) packedBlockAVX512(source, chunks, leftover, xs, results, vectors);
        else packedBlockAVX2(source, chunks, leftover, xs, results, vectors);
    }
    return 1;
}

/* Columns [start, start + 16 · vectors) of the zero-skipping product: their running sums stay in
 * registers while every non-zero input's weights for them are added (a fused multiply-add per
 * column). */
ALWAYS_INLINE void sparseColumns(const float *x, const int *nonZero, long nonZeroCount, const float *wt,
                                 long outputSize, float *y, long start, int vectors) {
    Floats sums[8];
    for (int lane = 0; lane < vectors; lane++) sums[lane] = load16(y + start + 16 * lane);
    for (long entry = 0; entry < nonZeroCount; entry++) {
        const long k = nonZero[entry];
        const Floats factor = (Floats){} + x[k];
        const float *weights = wt + k * outputSize + start;
        for (int lane = 0; lane < vectors; lane++)
            sums[lane] = __builtin_elementwise_fma(factor, load16(weights + 16 * lane), sums[lane]);
    }
    for (int lane = 0; lane < vectors; lane++) memcpy(y + start + 16 * lane, &sums[lane], sizeof sums[lane]);
}

/* A full block of 128 columns: in one pass on AVX-512's 32 registers, in two of 64 on AVX2's 16. */
__attribute__((target("avx512f"))) static void sparseBlockAVX512(const float *x, const int *nonZero, long nonZeroCount,
                                                                 const float *wt, long outputSize, float *y,
                                                                 long start) {
    sparseColumns(x, nonZero, nonZeroCount, wt, outputSize, y, start, 8);
}

__attribute__((target("avx2,fma"))) static void sparseBlockAVX2(const float *x, const int *nonZero, long nonZeroCount,
                                                               const float *wt, long outputSize, float *y, long start) {
    sparseColumns(x, nonZero, nonZeroCount, wt, outputSize, y, start, 4);
    sparseColumns(x, nonZero, nonZeroCount, wt, outputSize, y, start + 64, 4);
}

/* Columns per block of the zero-skipping product. */
enum { sparseBlock = 128 };

void npi_add_sparse_input_product(const float *x, const int *nonZero, long nonZeroCount, const float *wt,
                                  long outputSize, float *y, long columnStart, long columnEnd, int reverse) {
    const long width = columnEnd - columnStart;
    if (width <= 0) return;
    const int wide = npi_avx512_available();
    const long blocks = (width + sparseBlock - 1) / sparseBlock;
    for (long index = 0; index < blocks; index++) {
        const long block = reverse ? blocks - 1 - index : index;
        const long start = columnStart + block * sparseBlock;
        const long end = start + sparseBlock < columnEnd ? start + sparseBlock : columnEnd;
        if (end - start == sparseBlock) {
            if (wide) sparseBlockAVX512(x, nonZero, nonZeroCount, wt, outputSize, y, start);
            else sparseBlockAVX2(x, nonZero, nonZeroCount, wt, outputSize, y, start);
            continue;
        }
        for (long column = start; column < end; column++) {
            float sum = y[column];
            for (long entry = 0; entry < nonZeroCount; entry++) {
                const long k = nonZero[entry];
                sum = __builtin_fmaf(x[k], wt[k * outputSize + column], sum);
            }
            y[column] = sum;
        }
    }
}
