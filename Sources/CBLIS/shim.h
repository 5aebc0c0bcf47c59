/* The few BLIS functions npi calls: CBLAS gemm/gemv and BLIS's thread and architecture queries.
 *
 * They are declared here rather than by including BLIS's cblas.h: that header pulls in blis.h,
 * which includes system headers under its own feature macros, and Swift's module importer then
 * rejects the second, different definition of `struct tm` ("not present in definition of
 * 'struct tm' in module 'SwiftGlibc'") on a clean build. The declarations below match
 * /usr/include/x86_64-linux-gnu/blis-pthread/cblas.h and blis.h of Debian's BLIS 0.9.0, which
 * is built with 32-bit BLAS integers (f77_int = int32_t) and 64-bit dim_t. */
#ifndef NPI_CBLIS_SHIM_H
#define NPI_CBLIS_SHIM_H

enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 };
typedef enum CBLAS_ORDER CBLAS_ORDER;
typedef enum CBLAS_TRANSPOSE CBLAS_TRANSPOSE;

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb,
                 float beta, float *c, int ldc);
void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 int m, int n, int k, double alpha, const double *a, int lda, const double *b, int ldb,
                 double beta, double *c, int ldc);
void cblas_sgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, int m, int n, float alpha,
                 const float *a, int lda, const float *x, int incX, float beta, float *y, int incY);
void cblas_dgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, int m, int n, double alpha,
                 const double *a, int lda, const double *x, int incX, double beta, double *y, int incY);

void bli_thread_set_num_threads(long n);
int bli_arch_query_id(void);
char *bli_arch_string(int id);

#endif
