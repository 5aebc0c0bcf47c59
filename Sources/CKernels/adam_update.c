/* Adam's update (Kingma & Ba 2015) over a run of Float parameters, the arithmetic of Adam.swift's
 * Double loop in Float. In C because Swift's Float.squareRoot() calls sqrtf (for errno) and so
 * stays one lane at a time: that square root took most of the update, 13% of training. Built
 * with -fno-math-errno, the loop below runs 8 lanes wide; with -ffp-contract=off nothing is fused,
 * and the square root and division are correctly rounded in either form, so every parameter
 * gets the same bits as the scalar loop. */
#include "CKernels.h"

#include <math.h>

__attribute__((target("avx2")))
void npi_adam_update(float *restrict theta, const float *restrict gradient, float *restrict first,
                     float *restrict second, long count, float gradientScale, float beta1, float oneMinusBeta1,
                     float beta2, float oneMinusBeta2, float stepSize, float inverseRootCorrection, float epsilon) {
    for (long i = 0; i < count; i++) {
        const float g = gradient[i] * gradientScale;
        const float m = beta1 * first[i] + oneMinusBeta1 * g;
        const float v = beta2 * second[i] + oneMinusBeta2 * g * g;
        first[i] = m;
        second[i] = v;
        theta[i] -= stepSize * m / (sqrtf(v) * inverseRootCorrection + epsilon);
    }
}
