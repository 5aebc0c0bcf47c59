/* npi's own single-precision gemm for CPUs with AVX-512, bit-identical to BLIS 0.9.0's haswell
 * kernels on the shapes it takes (see sgemm_avx512.c), and nothing for the others. */
#ifndef NPI_CSGEMM_H
#define NPI_CSGEMM_H

/* C = alpha * op(A) * op(B) + beta * C, row-major, as cblas_sgemm with CblasRowMajor.
 * Returns 1 when it computed the product, 0 when it did nothing and the caller must use BLIS:
 * no AVX-512, both operands transposed, m or n at most 24, n not a multiple of 16, k < 1,
 * alpha = 0, or scratch memory unavailable. */
int npi_sgemm_avx512(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                     const float *b, int ldb, float beta, float *c, int ldc);

/* 1 when this CPU and operating system run AVX-512 (F and DQ), so npi_sgemm_avx512 can take products. */
int npi_sgemm_avx512_available(void);

#endif
