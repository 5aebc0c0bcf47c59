/* The kernels npi writes in C: its own single-precision gemm for CPUs with AVX-512, bit-identical
 * to BLIS 0.9.0's haswell kernels on the shapes it takes (sgemm_avx512.c), the LSTM cell's
 * forward (lstm_cell.c), Adam's update (adam_update.c) and the weight-streaming products of a
 * batch-1 step (single_row_products.c). */
#ifndef NPI_CKERNELS_H
#define NPI_CKERNELS_H

/* C = alpha * op(A) * op(B) + beta * C, row-major, as cblas_sgemm with CblasRowMajor.
 * Returns 1 when it computed the product, 0 when it did nothing and the caller must use BLIS:
 * no AVX-512, both operands transposed, m or n at most 24, k < 1, alpha = 0, A · Bᵀ with n not
 * a multiple of 16, an odd n where BLIS would round its last column in a way not reproduced
 * here, or scratch memory unavailable. */
int npi_sgemm_avx512(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                     const float *b, int ldb, float beta, float *c, int ldc);

/* 1 when this CPU and operating system run AVX-512 (F and DQ) and the environment variable
 * NPI_NO_AVX512 does not refuse it: npi_sgemm_avx512 takes products only then, and the LSTM cell
 * and the single-row products run 16 lanes wide instead of 8. */
int npi_avx512_available(void);

/* One row of the LSTM cell's forward: gate (4H: i, f, g, o pre-activations) becomes
 * (σ(i), σ(f), tanh(g), σ(o)) in place, and c = σ(f)·previousCell + σ(i)·tanh(g), tanhCell = tanh(c)
 * and hidden = σ(o)·tanh(c) are written (H each). */
void npi_lstm_cell_forward_row(float *gate, const float *previousCell, float *cell, float *tanhCell, float *hidden,
                               long hiddenSize);

/* Adam's update of `count` parameters: g' = g · gradientScale, m = beta1 · m + oneMinusBeta1 · g',
 * v = beta2 · v + oneMinusBeta2 · g' · g', theta -= stepSize · m / (sqrt(v) · inverseRootCorrection
 * + epsilon), each product and sum rounded on its own, in that order. */
void npi_adam_update(float *theta, const float *gradient, float *first, float *second, long count,
                     float gradientScale, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                     float stepSize, float inverseRootCorrection, float epsilon);

/* Copies W (rows × columns, row-major, leading dimension lda; rows a multiple of 8) into
 * `packed` (rows × columns floats) in the layout npi_sgemv_dot_rows_packed reads. */
void npi_pack_rows_for_dot(long rows, long columns, const float *w, long lda, float *packed);

/* y[o] = (W · x)[o] for the `rows` rows of W given packed by npi_pack_rows_for_dot, each rounded
 * exactly as BLIS 0.9.0's sgemv rounds it on an AVX2 CPU (cblas_sgemv with CblasRowMajor, no
 * transpose, alpha 1, beta 0), and, when x2 and y2 are both not NULL, y2 = W · x2 the same way in
 * the same pass over W; the blocks of 8 rows are visited last to first when `reverse` is not 0. Rows
 * [start, end) of W are rows [start, end) of a product from packed + start · columns when start
 * is a multiple of 8. Returns 1, or 0 when it did nothing: rows not a multiple of 8 (BLIS rounds a
 * partial block differently) or columns < 1. */
int npi_sgemv_dot_rows_packed(long rows, long columns, const float *packed, const float *x, float *y, const float *x2,
                              float *y2, int reverse);

/* y[o] += Σ x[k] · wt[k, o] for the columns o in [columnStart, columnEnd), with wt (I, outputSize)
 * a weight matrix stored transposed and the sum over the `nonZeroCount` indices k in `nonZero`
 * (increasing, those of x's non-zero entries): one fused multiply-add per k, in that order, for
 * every output. Blocks of columns are visited last to first when `reverse` is not 0. */
void npi_add_sparse_input_product(const float *x, const int *nonZero, long nonZeroCount, const float *wt,
                                  long outputSize, float *y, long columnStart, long columnEnd, int reverse);

#endif
