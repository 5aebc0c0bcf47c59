/* The LSTM cell's forward for one row of a batch: the gate nonlinearities and the cell update,
 * 16 lanes at a time on AVX-512 (8 on AVX2), with the formulas of Activations.swift's Float
 * forms: e^x as Cephes expf (x = n·ln 2 + r, a degree-6 polynomial in r, 2^n from exponent
 * bits, inputs clamped to [-87.3, 88.3]), σ(x) = 1 / (1 + e^(-x)), and tanh from one exp with a
 * Taylor series to x⁷ below |x| = 1/16, where the exp form cancels (the next term, 62x⁹/2835,
 * is below 4e-13 there). Every operation rounds on its own (built with -ffp-contract=off), so
 * each lane gets the same bits at either width.
 *
 * In C because Swift's SIMD types stop at the 8 lanes of the AVX2 the package targets, and the
 * Swift version, one call per 8 lanes, ran as one long chain of dependent operations: 18% of a
 * batched evaluation. */
#include "CKernels.h"

#include <string.h>

/* Every function taking these 16-lane vectors is inlined into one with a fixed target, so no
 * call ever passes one by value: clang's note that their calling convention differs without
 * AVX-512 does not apply. */
#pragma clang diagnostic ignored "-Wpsabi"

typedef float Floats __attribute__((vector_size(64)));
typedef int Mask __attribute__((vector_size(64)));
typedef unsigned Bits __attribute__((vector_size(64)));
enum { lanes = 16 };

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* a where the mask is set, b elsewhere */
ALWAYS_INLINE Floats blend(Mask mask, Floats a, Floats b) { return (Floats)((mask & (Mask)a) | (~mask & (Mask)b)); }

ALWAYS_INLINE Floats splat(float value) { return (Floats){} + value; }

ALWAYS_INLINE Floats exponential(Floats x) {
    Floats clamped = blend(x < -87.3f, splat(-87.3f), x);
    clamped = blend(clamped > 88.3f, splat(88.3f), clamped);
    /* Round x·log2(e) to an integer n by adding 1.5·2^23: the sum's low mantissa bits hold n. */
    const float shifter = 12582912.0f;
    const Floats shifted = clamped * 1.44269504f + shifter;
    const Floats n = shifted - shifter;
    const Bits exponentBits = (Bits)shifted - 0x4B400000u;
    /* r = x − n·ln 2, with ln 2 split in two so n·ln 2 is exact to float precision. */
    Floats r = clamped - n * 0.693359375f;
    r = r + n * 2.1219444e-4f;
    Floats p = splat(1.98756915e-4f);
    p = p * r + 1.39819995e-3f;
    p = p * r + 8.3334519e-3f;
    p = p * r + 4.16657959e-2f;
    p = p * r + 1.66666655e-1f;
    p = p * r + 5.00000012e-1f;
    const Floats expR = p * (r * r) + r + 1.0f;
    return expR * (Floats)((exponentBits + 127u) << 23);
}

ALWAYS_INLINE Floats sigmoid(Floats x) { return 1.0f / (1.0f + exponential(-x)); }

ALWAYS_INLINE Floats hyperbolicTangent(Floats x) {
    const Mask negative = x < 0.0f;
    const Floats magnitude = blend(negative, -x, x);
    const Floats e = exponential(-2.0f * magnitude);
    Floats t = (1.0f - e) / (1.0f + e);
    t = blend(negative, -t, t);
    const Floats square = x * x;
    Floats series = square * (-17.0f / 315.0f) + (2.0f / 15.0f);
    series = series * square + (-1.0f / 3.0f);
    series = (series * square + 1.0f) * x;
    return blend(magnitude < 0.0625f, series, t);
}

/* Lanes j ..< j + 16 of one row (each pointer already offset by j). */
ALWAYS_INLINE void cellLanes(float *i, float *f, float *g, float *o, const float *previousCell, float *cell,
                             float *tanhCell, float *hidden) {
    Floats vi, vf, vg, vo, vc;
    memcpy(&vi, i, sizeof vi);
    memcpy(&vf, f, sizeof vf);
    memcpy(&vg, g, sizeof vg);
    memcpy(&vo, o, sizeof vo);
    memcpy(&vc, previousCell, sizeof vc);
    vi = sigmoid(vi);
    vf = sigmoid(vf);
    vg = hyperbolicTangent(vg);
    vo = sigmoid(vo);
    const Floats c = vf * vc + vi * vg;
    const Floats t = hyperbolicTangent(c);
    const Floats h = vo * t;
    memcpy(i, &vi, sizeof vi);
    memcpy(f, &vf, sizeof vf);
    memcpy(g, &vg, sizeof vg);
    memcpy(o, &vo, sizeof vo);
    memcpy(cell, &c, sizeof c);
    memcpy(tanhCell, &t, sizeof t);
    memcpy(hidden, &h, sizeof h);
}

ALWAYS_INLINE void cellRow(float *gate, const float *previousCell, float *cell, float *tanhCell, float *hidden, long H) {
    long j = 0;
    for (; j + lanes <= H; j += lanes)
        cellLanes(gate + j, gate + H + j, gate + 2 * H + j, gate + 3 * H + j, previousCell + j, cell + j, tanhCell + j,
                  hidden + j);
    if (j == H) return;
    /* The tail: lanes past H are computed on zeros and dropped. */
    float i[lanes] = {0}, f[lanes] = {0}, g[lanes] = {0}, o[lanes] = {0}, c0[lanes] = {0};
    float c[lanes], t[lanes], h[lanes];
    const long tail = H - j;
    memcpy(i, gate + j, tail * sizeof(float));
    memcpy(f, gate + H + j, tail * sizeof(float));
    memcpy(g, gate + 2 * H + j, tail * sizeof(float));
    memcpy(o, gate + 3 * H + j, tail * sizeof(float));
    memcpy(c0, previousCell + j, tail * sizeof(float));
    cellLanes(i, f, g, o, c0, c, t, h);
    memcpy(gate + j, i, tail * sizeof(float));
    memcpy(gate + H + j, f, tail * sizeof(float));
    memcpy(gate + 2 * H + j, g, tail * sizeof(float));
    memcpy(gate + 3 * H + j, o, tail * sizeof(float));
    memcpy(cell + j, c, tail * sizeof(float));
    memcpy(tanhCell + j, t, tail * sizeof(float));
    memcpy(hidden + j, h, tail * sizeof(float));
}

__attribute__((target("avx512f,avx512dq"))) static void cellRowAVX512(
    float *gate, const float *previousCell, float *cell, float *tanhCell, float *hidden, long H) {
    cellRow(gate, previousCell, cell, tanhCell, hidden, H);
}

__attribute__((target("avx2"))) static void cellRowAVX2(
    float *gate, const float *previousCell, float *cell, float *tanhCell, float *hidden, long H) {
    cellRow(gate, previousCell, cell, tanhCell, hidden, H);
}

void npi_lstm_cell_forward_row(float *gate, const float *previousCell, float *cell, float *tanhCell, float *hidden,
                               long hiddenSize) {
    if (npi_avx512_available()) cellRowAVX512(gate, previousCell, cell, tanhCell, hidden, hiddenSize);
    else cellRowAVX2(gate, previousCell, cell, tanhCell, hidden, hiddenSize);
}
