/* The engine's two inner loops in C: the same computations, in the same order, as the
 * Python functions of the same names in kernels.py (their docstrings say what they do).
 * Compiled once per machine by the system C compiler (see native.py), loaded with ctypes.
 * Built without -ffast-math and with -ffp-contract=off, so every float operation rounds
 * as numpy's and numba's do: the figures are identical to the last bit. */

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __AVX2__
#include <immintrin.h>
#endif

#define BLOCK 1024

/* One cell's option: 0 not answered or invalid (*bad counts invalid cells). */
static inline int16_t option_of(double x, double low, double high, int integer,
                                const int16_t *points, int has_points, const double *edges,
                                int64_t n_edges, const int16_t *bands, int64_t *bad) {
    if (x != x) return 0;
    if (x < low || x > high || (integer && x != floor(x))) {
        (*bad)++;
        return 0;
    }
    if (has_points) {
        int16_t option = points[(int64_t)(x - low)];
        *bad += option == 0;
        return option;
    }
    int64_t k = 0;
    while (k < n_edges && x >= edges[k]) k++;
    return bands[k];
}

/* The loop over cells, with the output width and the item's kind fixed (so each of the four
 * variants is compiled with no test of either inside the loop). */
#define OPTIONS_LOOP(TYPE, HAS_POINTS)                                                      \
    for (int64_t i = 0; i < n; i++)                                                         \
        ((TYPE *)out)[i] = (TYPE)option_of(v[i], low, high, integer, points, HAS_POINTS,    \
                                           edges, n_edges, bands, &bad)

/* Numbers (NaN: not answered) -> answer options or score codes; returns the invalid count.
 * out is int16 (wide != 0) or int8. */
int64_t numeric_options(const double *v, int64_t n, double low, double high, int integer,
                        const int16_t *points, int64_t n_points, const double *edges,
                        int64_t n_edges, const int16_t *bands, void *out, int wide) {
    int64_t bad = 0, start = 0;
#ifdef __AVX2__
    int ascending = 1; /* validated rubrics' bands are; else the scalar loop decides */
    for (int64_t k = 1; k < n_edges; k++) ascending &= edges[k - 1] < edges[k];
    int by_points = n_points > 0 && n_points <= 256;
    if (by_points || (n_points == 0 && n_edges < 255 && ascending)) { /* 4 cells a step */
        int32_t table[256];
        for (int64_t k = 0; k < (by_points ? n_points : n_edges + 1); k++)
            table[k] = by_points ? points[k] : bands[k];
        __m256d lo = _mm256_set1_pd(low), hi = _mm256_set1_pd(high), zero = _mm256_setzero_pd();
        __m256d one = _mm256_set1_pd(1.0), all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
        __m128i none = _mm_setzero_si128(), counted = _mm_setzero_si128();
        int32_t got[4];
        for (; start + 4 <= n; start += 4) {
            __m256d x = _mm256_loadu_pd(v + start);
            __m256d whole = integer ? _mm256_cmp_pd(x, _mm256_round_pd(x, _MM_FROUND_TO_NEG_INF |
                                                    _MM_FROUND_NO_EXC), _CMP_EQ_OQ) : all;
            __m256d ok = _mm256_and_pd(_mm256_and_pd(_mm256_cmp_pd(x, lo, _CMP_GE_OQ),
                                                     _mm256_cmp_pd(x, hi, _CMP_LE_OQ)), whole);
            __m256d at = _mm256_sub_pd(x, lo); /* a scale's code; or the edges reached: */
            if (!by_points) {
                at = zero;
                for (int64_t k = 0; k < n_edges; k++)
                    at = _mm256_add_pd(at, _mm256_and_pd(
                        _mm256_cmp_pd(x, _mm256_set1_pd(edges[k]), _CMP_GE_OQ), one));
            }
            __m128i index = _mm256_cvttpd_epi32(_mm256_blendv_pd(zero, at, ok));
            __m128i valid = _mm256_cvtpd_epi32(_mm256_and_pd(ok, one)); /* 1 or 0 */
            __m128i option = _mm_and_si128(_mm_i32gather_epi32(table, index, 4),
                                           _mm_sub_epi32(none, valid)); /* 0 where not ok */
            __m128i given = _mm256_cvtpd_epi32(_mm256_and_pd(_mm256_cmp_pd(x, x, _CMP_ORD_Q), one));
            __m128i wrong = by_points ? _mm_cmpeq_epi32(option, none) : _mm_cmpeq_epi32(valid, none);
            counted = _mm_add_epi32(counted, _mm_and_si128(given, wrong));
            _mm_storeu_si128((__m128i *)got, option);
            for (int r = 0; r < 4; r++) {
                if (wide) ((int16_t *)out)[start + r] = (int16_t)got[r];
                else ((int8_t *)out)[start + r] = (int8_t)got[r];
            }
        }
        _mm_storeu_si128((__m128i *)got, counted);
        bad = (int64_t)got[0] + got[1] + got[2] + got[3];
    }
#endif
    v += start;
    n -= start;
    out = (char *)out + start * (wide ? 2 : 1);
    if (wide && n_points > 0) OPTIONS_LOOP(int16_t, 1);
    else if (wide) OPTIONS_LOOP(int16_t, 0);
    else if (n_points > 0) OPTIONS_LOOP(int8_t, 1);
    else OPTIONS_LOOP(int8_t, 0);
    return bad;
}

/* out[i] = table[codes[i]], code -1 picking the last entry; codes are 1, 2, 4 or 8 bytes
 * wide, out 1 or 2 (the table is int16 either way). */
#define TAKE_LOOP(CODE, OUT)                                                                \
    for (int64_t i = 0; i < n; i++) {                                                       \
        int64_t c = ((const CODE *)codes)[i];                                               \
        ((OUT *)out)[i] = (OUT)table[c >= 0 ? c : last];                                    \
    }
#define TAKE_OUT(CODE) \
    if (out_width == 2) TAKE_LOOP(CODE, int16_t) else TAKE_LOOP(CODE, int8_t)

void take_codes(const void *codes, int code_width, int64_t n, const int16_t *table,
                int64_t n_table, void *out, int out_width) {
    int64_t last = n_table - 1;
    switch (code_width) {
    case 1: TAKE_OUT(int8_t) break;
    case 2: TAKE_OUT(int16_t) break;
    case 4: TAKE_OUT(int32_t) break;
    default: TAKE_OUT(int64_t) break;
    }
}

/* max(x, 0.0) as Python takes it (x itself unless 0.0 is greater), inlined. */
static inline double at_least_zero(double x) { return x < 0.0 ? 0.0 : x; }

static int8_t level_of(double s, const double *thresholds, int64_t top, double eps) {
    int64_t lv = 1;
    while (lv < top && s + eps >= thresholds[lv]) lv++;
    return (int8_t)lv;
}

#ifdef __AVX2__
/* max(x, 0.0) as at_least_zero takes it, four at a time. */
static inline __m256d at_least_zero4(__m256d x) {
    return _mm256_blendv_pd(x, _mm256_setzero_pd(), _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_LT_OQ));
}

/* The figures loop of aggregate_rows four rows at a time, the same operations in the same
 * order (a figure without a score blended to NaN); returns how many rows it did. */
static int64_t figures_avx2(int64_t len, int64_t at, const int32_t *ok_b, const int32_t *lv_b,
                            const int32_t *tg_b, const double *s_b, const double *thresholds,
                            int64_t top, double wk, double *score, double *gap_next,
                            double *gap_target, double *progress, double *total,
                            double *total_weight, double *done_sum, double *need_sum) {
    __m256d nan = _mm256_set1_pd(NAN), zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    __m256d weight = _mm256_set1_pd(wk), million = _mm256_set1_pd(1e6);
    __m128i last = _mm_set1_epi32((int32_t)top - 1), ones = _mm_set1_epi32(1);
    int64_t r = 0;
    for (; r + 4 <= len; r += 4) {
        __m128i ok = _mm_loadu_si128((const __m128i *)(ok_b + r));
        __m128i lv = _mm_loadu_si128((const __m128i *)(lv_b + r));
        __m128i target = _mm_loadu_si128((const __m128i *)(tg_b + r));
        __m256d scored = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpeq_epi32(ok, ones)));
        __m256d at_top = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(lv, last)));
        __m256d above = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(target, ones)));
        __m256d sc = _mm256_loadu_pd(s_b + r);
        __m256d next = at_least_zero4(_mm256_sub_pd(
            _mm256_i32gather_pd(thresholds, _mm_min_epi32(lv, last), 8), sc));
        next = _mm256_blendv_pd(next, zero, at_top);
        __m256d to_target = at_least_zero4(_mm256_sub_pd(
            _mm256_i32gather_pd(thresholds, _mm_sub_epi32(target, ones), 8), sc));
        __m256d lvd = _mm256_cvtepi32_pd(lv), tgd = _mm256_cvtepi32_pd(target);
        __m256d done = _mm256_sub_pd(_mm256_min_pd(lvd, tgd), one);
        __m256d need = _mm256_sub_pd(tgd, one);
        __m256d share = _mm256_blendv_pd(one, _mm256_div_pd(done, _mm256_blendv_pd(one, need, above)), above);
        _mm256_storeu_pd(score + at + r, _mm256_blendv_pd(nan, sc, scored));
        _mm256_storeu_pd(gap_next + at + r, _mm256_blendv_pd(nan, next, scored));
        _mm256_storeu_pd(gap_target + at + r, _mm256_blendv_pd(nan, to_target, scored));
        _mm256_storeu_pd(progress + at + r, _mm256_blendv_pd(nan, share, scored));
        __m256d points = _mm256_mul_pd(_mm256_round_pd(_mm256_mul_pd(sc, million),
                                                       _MM_FROUND_CUR_DIRECTION), weight);
        __m256d t = _mm256_loadu_pd(total + r), w = _mm256_loadu_pd(total_weight + r);
        __m256d ds = _mm256_loadu_pd(done_sum + r), ns = _mm256_loadu_pd(need_sum + r);
        _mm256_storeu_pd(total + r, _mm256_blendv_pd(t, _mm256_add_pd(t, points), scored));
        _mm256_storeu_pd(total_weight + r, _mm256_blendv_pd(w, _mm256_add_pd(w, weight), scored));
        _mm256_storeu_pd(done_sum + r, _mm256_blendv_pd(ds, _mm256_add_pd(ds, done), scored));
        _mm256_storeu_pd(need_sum + r, _mm256_blendv_pd(ns, _mm256_add_pd(ns, need), scored));
    }
    return r;
}
#endif

/* Every dimension and overall figure of item score codes (m x n int8), in blocks of rows.
 * targets[i, k] is at targets[i * t_row + k * t_col] (a broadcast row has t_row 0). */
void aggregate_rows(const int8_t *codes, int64_t m, int64_t n, const double *scores,
                    const uint8_t *direct, const int64_t *members, const double *weights,
                    const int64_t *starts, int64_t d, const double *thresholds, int64_t top,
                    const int8_t *targets, int64_t t_row, int64_t t_col,
                    const double *dim_weights, double min_share, int require_all, double eps,
                    double *score, int8_t *level, int16_t *answered, int16_t *applicable,
                    double *share, double *gap_next, double *gap_target, double *progress,
                    double *overall, int8_t *overall_level, double *overall_progress) {
    double num[BLOCK], den[BLOCK], total[BLOCK], total_weight[BLOCK], done_sum[BLOCK],
        need_sum[BLOCK];
    int32_t n_answered[BLOCK], n_left_out[BLOCK];
    int32_t scored[BLOCK], ok_b[BLOCK], lv_b[BLOCK], tg_b[BLOCK];
    double s_b[BLOCK];
    (void)m;
    for (int64_t b0 = 0; b0 < n; b0 += BLOCK) {
        int64_t b1 = n < b0 + BLOCK ? n : b0 + BLOCK;
        int64_t len = b1 - b0;
        memset(total, 0, sizeof total);
        memset(total_weight, 0, sizeof total_weight);
        memset(done_sum, 0, sizeof done_sum);
        memset(need_sum, 0, sizeof need_sum);
        memset(scored, 0, sizeof scored);
        for (int64_t k = 0; k < d; k++) {
            memset(num, 0, sizeof num);
            memset(den, 0, sizeof den);
            memset(n_answered, 0, sizeof n_answered);
            memset(n_left_out, 0, sizeof n_left_out);
            for (int64_t p = starts[k]; p < starts[k + 1]; p++) {
                int64_t j = members[p];
                double w = weights[p];
                const double *table = scores + j * 128;
                const int8_t *column = codes + j * n + b0;
                if (direct[j]) {
                    for (int64_t r = 0; r < len; r++) {  /* no branches: vectorized */
                        int32_t c = column[r];
                        int32_t given = c > 0;
                        num[r] += w * (double)(c * given);
                        den[r] += w * (double)given;
                        n_answered[r] += given;
                        n_left_out[r] += c < 0;
                    }
                } else {
                    for (int64_t r = 0; r < len; r++) {
                        int32_t c = column[r];
                        int32_t given = c > 0;
                        num[r] += w * table[c * given]; /* table[0] is 0 */
                        den[r] += w * (double)given;
                        n_answered[r] += given;
                        n_left_out[r] += c < 0;
                    }
                }
            }
            int32_t size = (int32_t)(starts[k + 1] - starts[k]);
            double wk = dim_weights[k];
            /* Branch-free passes over the block (vectorized): a figure without a score is
             * selected to NaN / 0 instead of branched around, so the values are the same. */
            for (int64_t r = 0; r < len; r++) {
                int64_t at = k * n + b0 + r;
                int32_t n_applicable = size - n_left_out[r];
                answered[at] = (int16_t)n_answered[r];
                applicable[at] = (int16_t)n_applicable;
                double ratio = n_applicable > 0
                    ? (double)n_answered[r] / (double)(n_applicable > 0 ? n_applicable : 1)
                    : 0.0;
                share[at] = ratio;
                int32_t ok = (n_applicable > 0) & (ratio + eps >= min_share) & (den[r] > 0);
                ok_b[r] = ok;
                s_b[r] = rint(num[r] / (ok ? den[r] : 1.0) * 1e6) / 1e6;
                lv_b[r] = 1;
                tg_b[r] = targets[(b0 + r) * t_row + k * t_col];
            }
            for (int64_t t = 1; t < top; t++) { /* thresholds ascend: count those reached */
                double edge = thresholds[t];
                for (int64_t r = 0; r < len; r++) lv_b[r] += s_b[r] + eps >= edge;
            }
            for (int64_t r = 0; r < len; r++) { /* whole numbers */
                int32_t ok = ok_b[r];
                level[k * n + b0 + r] = (int8_t)(ok ? lv_b[r] : 0);
                scored[r] += ok;
            }
            int64_t r = 0;
#ifdef __AVX2__
            r = figures_avx2(len, k * n + b0, ok_b, lv_b, tg_b, s_b, thresholds, top, wk, score,
                             gap_next, gap_target, progress, total, total_weight, done_sum,
                             need_sum);
#endif
            for (; r < len; r++) { /* figures (the rows the vector loop left) */
                int64_t at = k * n + b0 + r;
                int64_t ok = ok_b[r], lv = lv_b[r], target = tg_b[r];
                double sc = s_b[r];
                double next = lv >= top ? 0.0 : at_least_zero(thresholds[lv < top ? lv : 0] - sc);
                double done = (double)(lv < target ? lv : target) - 1.0;
                double need = (double)target - 1.0;
                score[at] = ok ? sc : NAN;
                gap_next[at] = ok ? next : NAN;
                gap_target[at] = ok ? at_least_zero(thresholds[target - 1] - sc) : NAN;
                progress[at] = ok ? (target > 1 ? done / (target > 1 ? need : 1.0) : 1.0) : NAN;
                total[r] = ok ? total[r] + rint(sc * 1e6) * wk : total[r];
                total_weight[r] = ok ? total_weight[r] + wk : total_weight[r];
                done_sum[r] = ok ? done_sum[r] + done : done_sum[r];
                need_sum[r] = ok ? need_sum[r] + need : need_sum[r];
            }
        }
        for (int64_t r = 0; r < len; r++) {
            int64_t i = b0 + r;
            if (scored[r] == 0 || (require_all && scored[r] < d)) {
                overall[i] = NAN;
                overall_level[i] = 0;
                overall_progress[i] = NAN;
            } else {
                double s = rint(total[r] / total_weight[r]) / 1e6;
                overall[i] = s;
                overall_level[i] = level_of(s, thresholds, top, eps);
                overall_progress[i] = need_sum[r] > 0 ? done_sum[r] / need_sum[r] : 1.0;
            }
        }
    }
}
