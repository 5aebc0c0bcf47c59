/* Whether this CPU and operating system run AVX-512, for the kernels that have an AVX-512 form.
 * NPI_NO_AVX512 set to anything but "" or "0" makes npi take the AVX2 forms and BLIS, as on a
 * CPU without it: every result must be the same (tested), so this shows whether one is wrong. */
#include "CKernels.h"

#include <cpuid.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static int detectAVX512(void) {
    const char *refused = getenv("NPI_NO_AVX512");
    if (refused && strcmp(refused, "") != 0 && strcmp(refused, "0") != 0) return 0;
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0; /* OSXSAVE */
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 0xE6) != 0xE6) return 0; /* the OS saves XMM, YMM, opmask and both ZMM halves */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 16)) && (b & (1u << 17)); /* AVX512F, AVX512DQ */
}

int npi_avx512_available(void) {
    /* Atomic: the main thread and npi's helper thread may ask at the same time on first use. */
    static atomic_int available = -1;
    int known = atomic_load_explicit(&available, memory_order_relaxed);
    if (known < 0) {
        known = detectAVX512();
        atomic_store_explicit(&available, known, memory_order_relaxed);
    }
    return known;
}
