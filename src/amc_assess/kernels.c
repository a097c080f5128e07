/* The compiled kernels in C: the same computations, in the same order, as the Python
 * functions of the same names (kernels.py; dependencies: network/brandes.py), whose
 * docstrings say what they do.
 * Compiled once per machine by the system C compiler (see clib.py), loaded with ctypes.
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
/* Prefetching: this processor's own prefetcher leaves a loop over a large array of floats
 * at a third of the memory's speed (numeric_options: 3.9 GB/s, 11 GB/s prefetched 2 KiB
 * ahead); each kernel asks for the cells it reads next. */
#define PREFETCH_CELLS 256

/* Ask for `bytes` from p on (a hint: never a fault, even past an array's end). */
static inline void prefetch_span(const void *p, int64_t bytes) {
    for (int64_t o = 0; o < bytes; o += 64) __builtin_prefetch((const char *)p + o);
}

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

#ifdef __AVX2__
/* Four cells' table positions (0 where not valid, as int32) and where they are valid. */
static inline __m128i position4(__m256d x, __m256d lo, __m256d hi, int integer, int by_points,
                                const double *edges, int64_t n_edges, __m128i *valid) {
    __m256d one = _mm256_set1_pd(1.0), at = _mm256_setzero_pd(), ok = _mm256_and_pd(
        _mm256_cmp_pd(x, lo, _CMP_GE_OQ), _mm256_cmp_pd(x, hi, _CMP_LE_OQ));
    if (integer)
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(x, _mm256_round_pd(x, _MM_FROUND_TO_NEG_INF |
                                             _MM_FROUND_NO_EXC), _CMP_EQ_OQ));
    if (by_points) at = _mm256_sub_pd(x, lo); /* a scale's code */
    else /* the edges reached */
        for (int64_t k = 0; k < n_edges; k++)
            at = _mm256_add_pd(at, _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(edges[k]),
                                                               _CMP_GE_OQ), one));
    *valid = _mm256_cvtpd_epi32(_mm256_and_pd(ok, one)); /* 1 or 0 */
    return _mm256_cvttpd_epi32(_mm256_blendv_pd(_mm256_setzero_pd(), at, ok));
}

/* 1 where x is a number (not NaN), four cells. */
static inline __m128i given4(__m256d x) {
    return _mm256_cvtpd_epi32(_mm256_and_pd(_mm256_cmp_pd(x, x, _CMP_ORD_Q), _mm256_set1_pd(1.0)));
}

/* numeric_options 16 cells a step where the item's table has at most 16 entries: positions
 * are packed into bytes and looked up in the table with one byte shuffle. The same decisions
 * as option_of; returns how many cells it did (a multiple of 16). */
static int64_t options16(const double *v, int64_t n, double low, double high, int integer,
                         const int16_t *table, int64_t size, int by_points, const double *edges,
                         int64_t n_edges, void *out, int wide, int64_t *bad) {
    int8_t bytes[16] = {0};
    for (int64_t k = 0; k < size; k++) bytes[k] = (int8_t)table[k]; /* options, codes: -1..127 */
    __m128i lookup = _mm_loadu_si128((const __m128i *)bytes), zero = _mm_setzero_si128();
    __m256d lo = _mm256_set1_pd(low), hi = _mm256_set1_pd(high);
    int64_t start = 0, counted = 0;
    for (; start + 16 <= n; start += 16) {
        __m128i at[4], ok[4], given[4];
        prefetch_span(v + start + PREFETCH_CELLS, 16 * sizeof(double));
        for (int q = 0; q < 4; q++) {
            __m256d x = _mm256_loadu_pd(v + start + 4 * q);
            at[q] = position4(x, lo, hi, integer, by_points, edges, n_edges, &ok[q]);
            given[q] = given4(x);
        }
        __m128i index = _mm_packs_epi16(_mm_packs_epi32(at[0], at[1]), _mm_packs_epi32(at[2], at[3]));
        __m128i valid = _mm_packs_epi16(_mm_packs_epi32(ok[0], ok[1]), _mm_packs_epi32(ok[2], ok[3]));
        __m128i number = _mm_packs_epi16(_mm_packs_epi32(given[0], given[1]),
                                         _mm_packs_epi32(given[2], given[3]));
        __m128i option = _mm_and_si128(_mm_shuffle_epi8(lookup, index), _mm_sub_epi8(zero, valid));
        __m128i wrong = _mm_cmpeq_epi8(by_points ? option : valid, zero);
        counted += __builtin_popcount(_mm_movemask_epi8(_mm_and_si128(wrong, _mm_cmpeq_epi8(number, _mm_set1_epi8(1)))));
        if (wide) {
            _mm_storeu_si128((__m128i *)((int16_t *)out + start), _mm_cvtepi8_epi16(option));
            _mm_storeu_si128((__m128i *)((int16_t *)out + start + 8),
                             _mm_cvtepi8_epi16(_mm_srli_si128(option, 8)));
        } else {
            _mm_storeu_si128((__m128i *)((int8_t *)out + start), option);
        }
    }
    *bad += counted;
    return start;
}
#endif

/* Numbers (NaN: not answered) -> answer options or score codes; returns the invalid count.
 * out is int16 (wide != 0) or int8. */
int64_t numeric_options(const double *v, int64_t n, double low, double high, int integer,
                        const int16_t *points, int64_t n_points, const double *edges,
                        int64_t n_edges, const int16_t *bands, void *out, int wide) {
    int64_t bad = 0, start = 0;
#ifdef __AVX2__
    int ascending = 1; /* validated rubrics' bands are; else the scalar loop decides */
    for (int64_t k = 1; k < n_edges; k++) ascending &= edges[k - 1] < edges[k];
    int by_points = n_points > 0;
    int64_t size = by_points ? n_points : n_edges + 1;
    if (size <= 16 && (by_points || ascending)) start = options16(v, n, low, high, integer,
        by_points ? points : bands, size, by_points, edges, n_edges, out, wide, &bad);
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
#ifdef __AVX2__
    int bytes_fit = n_table <= 16; /* a categorical's few cells: one byte shuffle per 16 rows */
    for (int64_t k = 0; k < n_table; k++) bytes_fit &= table[k] >= -128 && table[k] <= 127;
    if (code_width == 1 && bytes_fit) {
        int8_t bytes[16] = {0};
        for (int64_t k = 0; k < n_table; k++) bytes[k] = (int8_t)table[k];
        __m128i lookup = _mm_loadu_si128((const __m128i *)bytes), end = _mm_set1_epi8((int8_t)last);
        int64_t start = 0;
        for (; start + 16 <= n; start += 16) {
            if ((start & 63) == 0) prefetch_span((const int8_t *)codes + start + 4 * 64, 64);
            __m128i c = _mm_loadu_si128((const __m128i *)((const int8_t *)codes + start));
            c = _mm_blendv_epi8(c, end, c); /* -1 (sign bit set) picks the last entry */
            __m128i got = _mm_shuffle_epi8(lookup, c);
            if (out_width == 2) {
                _mm_storeu_si128((__m128i *)((int16_t *)out + start), _mm_cvtepi8_epi16(got));
                _mm_storeu_si128((__m128i *)((int16_t *)out + start + 8),
                                 _mm_cvtepi8_epi16(_mm_srli_si128(got, 8)));
            } else {
                _mm_storeu_si128((__m128i *)((int8_t *)out + start), got);
            }
        }
        codes = (const int8_t *)codes + start;
        out = (char *)out + start * out_width;
        n -= start;
    }
#endif
    switch (code_width) {
    case 1: TAKE_OUT(int8_t) break;
    case 2: TAKE_OUT(int16_t) break;
    case 4: TAKE_OUT(int32_t) break;
    default: TAKE_OUT(int64_t) break;
    }
}

/* One condition clause over many rows: hit = (values[i] <op> x) or, op 5, table[code]
 * (code -1 the table's last entry); r = known[i] & (hit ^ negate); out[i] = r, out[i] & r or
 * out[i] | r (combine 0, 1, 2). values: float64 (is_float) or integers 1, 2, 4 or 8 bytes
 * wide; integers are compared as doubles, which holds every value of them exactly. */
#define HITS(TYPE)                                                                          \
    {                                                                                       \
        const TYPE *v = (const TYPE *)values + b0;                                          \
        switch (op) {                                                                       \
        case 0: for (int64_t r = 0; r < len; r++) hit[r] = (double)v[r] == x; break;       \
        case 1: for (int64_t r = 0; r < len; r++) hit[r] = (double)v[r] > x; break;        \
        case 2: for (int64_t r = 0; r < len; r++) hit[r] = (double)v[r] >= x; break;       \
        case 3: for (int64_t r = 0; r < len; r++) hit[r] = (double)v[r] < x; break;        \
        case 4: for (int64_t r = 0; r < len; r++) hit[r] = (double)v[r] <= x; break;       \
        default:                                                                            \
            for (int64_t r = 0; r < len; r++) {                                             \
                int64_t c = (int64_t)v[r];                                                  \
                hit[r] = table[c >= 0 && c < last ? c : last];                              \
            }                                                                               \
        }                                                                                   \
    }

void clause_rows(const void *values, int width, int is_float, int64_t n, const uint8_t *known,
                 int op, double x, const uint8_t *table, int64_t n_table, int negate,
                 uint8_t *out, int combine) {
    uint8_t hit[BLOCK];
    uint8_t flip = negate ? 1 : 0;
    int64_t last = n_table > 0 ? n_table - 1 : 0;
    for (int64_t b0 = 0; b0 < n; b0 += BLOCK) {
        int64_t len = n - b0 < BLOCK ? n - b0 : BLOCK;
        int64_t size = is_float ? 8 : width; /* the next block's values, known and out */
        prefetch_span((const char *)values + (b0 + BLOCK) * size, BLOCK * size);
        prefetch_span(known + b0 + BLOCK, BLOCK);
        prefetch_span(out + b0 + BLOCK, BLOCK);
        if (is_float) HITS(double)
        else if (width == 1) HITS(int8_t)
        else if (width == 2) HITS(int16_t)
        else if (width == 4) HITS(int32_t)
        else HITS(int64_t)
        const uint8_t *k = known + b0;
        uint8_t *o = out + b0;
        if (combine == 0)
            for (int64_t r = 0; r < len; r++) o[r] = k[r] & (hit[r] ^ flip);
        else if (combine == 1)
            for (int64_t r = 0; r < len; r++) o[r] = o[r] & k[r] & (hit[r] ^ flip);
        else
            for (int64_t r = 0; r < len; r++) o[r] = o[r] | (k[r] & (hit[r] ^ flip));
    }
}

/* out[i] = value where rows[i] (bool), out 1 or 2 bytes wide. */
void put_where(void *out, int out_width, int64_t n, const uint8_t *rows, int32_t value) {
    if (out_width == 2) {
        int16_t *o = out;
        for (int64_t i = 0; i < n; i++) o[i] = rows[i] ? (int16_t)value : o[i];
    } else {
        int8_t *o = out;
        for (int64_t i = 0; i < n; i++) o[i] = rows[i] ? (int8_t)value : o[i];
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

/* One dimension's figures for a block's rows, four at a time: the same operations in the
 * same order as the scalar passes of aggregate_rows (a figure without a score blended to NaN
 * or 0); returns how many rows it did. */
static int64_t dimension_avx2(
    int64_t len, int64_t at, int32_t size, const double *num, const double *den,
    const int32_t *n_answered, const int32_t *n_left_out, const int32_t *tg_b,
    const double *thresholds, int64_t top, double eps, double min_share, double wk,
    int16_t *answered, int16_t *applicable, double *share, double *score, int8_t *level,
    double *gap_next, double *gap_target, double *progress, double *total, double *total_weight,
    double *done_sum, double *need_sum, int32_t *scored) {
    __m256d nan = _mm256_set1_pd(NAN), zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    __m256d weight = _mm256_set1_pd(wk), million = _mm256_set1_pd(1e6);
    __m256d epsilon = _mm256_set1_pd(eps), least = _mm256_set1_pd(min_share);
    __m128i last = _mm_set1_epi32((int32_t)top - 1), ones = _mm_set1_epi32(1);
    __m128i items = _mm_set1_epi32(size), none = _mm_setzero_si128();
    int64_t r = 0;
    for (; r + 4 <= len; r += 4) {
        __m128i given = _mm_loadu_si128((const __m128i *)(n_answered + r));
        __m128i asked = _mm_sub_epi32(items, _mm_loadu_si128((const __m128i *)(n_left_out + r)));
        _mm_storel_epi64((__m128i *)(answered + at + r), _mm_packs_epi32(given, given));
        _mm_storel_epi64((__m128i *)(applicable + at + r), _mm_packs_epi32(asked, asked));
        __m256d any = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(asked, none)));
        __m256d ratio = _mm256_blendv_pd(zero, _mm256_div_pd(_mm256_cvtepi32_pd(given),
            _mm256_blendv_pd(one, _mm256_cvtepi32_pd(asked), any)), any);
        _mm256_storeu_pd(share + at + r, ratio);
        __m256d d = _mm256_loadu_pd(den + r);
        __m256d ok = _mm256_and_pd(_mm256_and_pd(any, _mm256_cmp_pd(_mm256_add_pd(ratio, epsilon),
                                   least, _CMP_GE_OQ)), _mm256_cmp_pd(d, zero, _CMP_GT_OQ));
        __m256d sc = _mm256_div_pd(_mm256_round_pd(_mm256_mul_pd(_mm256_div_pd(
            _mm256_loadu_pd(num + r), _mm256_blendv_pd(one, d, ok)), million),
            _MM_FROUND_CUR_DIRECTION), million);
        __m256d lvd = one, reach = _mm256_add_pd(sc, epsilon);
        for (int64_t t = 1; t < top; t++) /* thresholds ascend: count those reached */
            lvd = _mm256_add_pd(lvd, _mm256_and_pd(_mm256_cmp_pd(reach,
                                _mm256_set1_pd(thresholds[t]), _CMP_GE_OQ), one));
        __m128i lv = _mm256_cvttpd_epi32(lvd);
        __m128i okq = _mm256_cvttpd_epi32(_mm256_and_pd(ok, one)); /* 1 or 0 */
        __m128i lv_ok = _mm_and_si128(lv, _mm_sub_epi32(none, okq));
        int32_t packed = _mm_cvtsi128_si32(_mm_packs_epi16(_mm_packs_epi32(lv_ok, lv_ok), none));
        memcpy(level + at + r, &packed, 4);
        _mm_storeu_si128((__m128i *)(scored + r),
                         _mm_add_epi32(_mm_loadu_si128((const __m128i *)(scored + r)), okq));
        __m128i target = _mm_loadu_si128((const __m128i *)(tg_b + r));
        __m256d at_top = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(lv, last)));
        __m256d above = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(target, ones)));
        __m256d next = at_least_zero4(_mm256_sub_pd(
            _mm256_i32gather_pd(thresholds, _mm_min_epi32(lv, last), 8), sc));
        next = _mm256_blendv_pd(next, zero, at_top);
        __m256d to_target = at_least_zero4(_mm256_sub_pd(
            _mm256_i32gather_pd(thresholds, _mm_sub_epi32(target, ones), 8), sc));
        __m256d tgd = _mm256_cvtepi32_pd(target);
        __m256d done = _mm256_sub_pd(_mm256_min_pd(lvd, tgd), one);
        __m256d need = _mm256_sub_pd(tgd, one);
        __m256d part = _mm256_blendv_pd(one, _mm256_div_pd(done, _mm256_blendv_pd(one, need, above)), above);
        _mm256_storeu_pd(score + at + r, _mm256_blendv_pd(nan, sc, ok));
        if (gap_next != NULL) { /* NULL: the gaps are not asked for (made later if need be) */
            _mm256_storeu_pd(gap_next + at + r, _mm256_blendv_pd(nan, next, ok));
            _mm256_storeu_pd(gap_target + at + r, _mm256_blendv_pd(nan, to_target, ok));
            _mm256_storeu_pd(progress + at + r, _mm256_blendv_pd(nan, part, ok));
        }
        __m256d points = _mm256_mul_pd(_mm256_round_pd(_mm256_mul_pd(sc, million),
                                                       _MM_FROUND_CUR_DIRECTION), weight);
        __m256d t = _mm256_loadu_pd(total + r), w = _mm256_loadu_pd(total_weight + r);
        __m256d ds = _mm256_loadu_pd(done_sum + r), ns = _mm256_loadu_pd(need_sum + r);
        _mm256_storeu_pd(total + r, _mm256_blendv_pd(t, _mm256_add_pd(t, points), ok));
        _mm256_storeu_pd(total_weight + r, _mm256_blendv_pd(w, _mm256_add_pd(w, weight), ok));
        _mm256_storeu_pd(done_sum + r, _mm256_blendv_pd(ds, _mm256_add_pd(ds, done), ok));
        _mm256_storeu_pd(need_sum + r, _mm256_blendv_pd(ns, _mm256_add_pd(ns, need), ok));
    }
    return r;
}

/* The overall figures of a block's rows, four at a time (rows with fewer than ``needed``
 * dimensions scored have none); returns how many rows it did. */
static int64_t overall_avx2(int64_t len, int64_t b0, const int32_t *scored, int32_t needed,
                            const double *total, const double *total_weight,
                            const double *done_sum, const double *need_sum,
                            const double *thresholds, int64_t top, double eps, double *overall,
                            int8_t *overall_level, double *overall_progress) {
    __m256d nan = _mm256_set1_pd(NAN), zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    __m256d million = _mm256_set1_pd(1e6), epsilon = _mm256_set1_pd(eps);
    __m128i below = _mm_set1_epi32(needed - 1), none = _mm_setzero_si128();
    int64_t r = 0;
    for (; r + 4 <= len; r += 4) {
        __m128i enough = _mm_cmpgt_epi32(_mm_loadu_si128((const __m128i *)(scored + r)), below);
        __m256d ok = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(enough));
        __m256d w = _mm256_blendv_pd(one, _mm256_loadu_pd(total_weight + r), ok);
        __m256d sc = _mm256_div_pd(_mm256_round_pd(_mm256_div_pd(_mm256_loadu_pd(total + r), w),
                                                   _MM_FROUND_CUR_DIRECTION), million);
        __m256d lvd = one, reach = _mm256_add_pd(sc, epsilon);
        for (int64_t t = 1; t < top; t++) /* thresholds ascend: count those reached */
            lvd = _mm256_add_pd(lvd, _mm256_and_pd(_mm256_cmp_pd(reach,
                                _mm256_set1_pd(thresholds[t]), _CMP_GE_OQ), one));
        __m256d need = _mm256_loadu_pd(need_sum + r);
        __m256d some = _mm256_cmp_pd(need, zero, _CMP_GT_OQ);
        __m256d part = _mm256_blendv_pd(one, _mm256_div_pd(_mm256_loadu_pd(done_sum + r),
                                        _mm256_blendv_pd(one, need, some)), some);
        _mm256_storeu_pd(overall + b0 + r, _mm256_blendv_pd(nan, sc, ok));
        _mm256_storeu_pd(overall_progress + b0 + r, _mm256_blendv_pd(nan, part, ok));
        __m128i lv = _mm_and_si128(_mm256_cvttpd_epi32(lvd), enough);
        int32_t packed = _mm_cvtsi128_si32(_mm_packs_epi16(_mm_packs_epi32(lv, lv), none));
        memcpy(overall_level + b0 + r, &packed, 4);
    }
    return r;
}
#endif

/* Whole-number sums: a dimension whose items are all direct (codes are scores) and whose
 * weights are whole multiples of 2^-shift sums W = weight * 2^shift times the code in int16,
 * 16 cells a step. Every partial sum of the float64 path is then a whole multiple of
 * 2^-shift well inside 2^53, so it is exact, and num / den is the same quotient to the last
 * bit. A dimension's figures then depend on (num, den) alone and are looked up in a table
 * computed by the same formulas as the float64 path, once per call. */
#define TABLE_CAP 32768
#define WHOLE_SUM_MAX 258 /* 258 * 127 (the largest code) stays below 32768 */

typedef struct {
    int whole;       /* the dimension sums in int16 */
    int16_t *w;      /* W per member */
    int64_t sum;     /* sum of W: the largest den */
    int64_t covered; /* the largest code the table covers; -1: no table (yet) */
    int64_t stride;  /* table entries per den: sum * covered + 1 */
    int64_t none;    /* the entry of a figure without a score (the table's last) */
    double *sc, *next, *points;
    int8_t *lv;
    double *ratio;     /* answered share by given * (size + 1) + asked */
    uint8_t *share_ok; /* asked at all, and enough of it answered */
} Whole;

static void whole_setup(Whole *wh, const uint8_t *direct, const int64_t *members,
                        const double *weights, int64_t p0, int64_t p1, double min_share,
                        double eps) {
    memset(wh, 0, sizeof *wh);
    wh->covered = -1;
    int64_t size = p1 - p0;
    if (size <= 0 || (size + 1) * (size + 1) > TABLE_CAP) return;
    for (int64_t p = p0; p < p1; p++)
        if (!direct[members[p]]) return;
    for (int shift = 0; shift <= 6; shift++) {
        int64_t sum = 0;
        int fits = 1;
        for (int64_t p = p0; p < p1 && fits; p++) {
            double w = ldexp(weights[p], shift);
            fits = w >= 1.0 && w <= WHOLE_SUM_MAX && w == floor(w);
            sum += fits ? (int64_t)w : 0;
        }
        if (!fits || sum > WHOLE_SUM_MAX) continue;
        int64_t side = size + 1;
        wh->w = malloc(sizeof(int16_t) * (size_t)size);
        wh->ratio = malloc(sizeof(double) * (size_t)(side * side));
        wh->share_ok = malloc((size_t)(side * side));
        if (!wh->w || !wh->ratio || !wh->share_ok) return; /* whole stays 0 */
        for (int64_t p = p0; p < p1; p++) wh->w[p - p0] = (int16_t)ldexp(weights[p], shift);
        for (int64_t g = 0; g < side; g++) {
            for (int64_t a = 0; a < side; a++) {
                double ratio = a > 0 ? (double)g / (double)a : 0.0;
                wh->ratio[g * side + a] = ratio;
                wh->share_ok[g * side + a] = (a > 0) & (ratio + eps >= min_share);
            }
        }
        wh->sum = sum;
        wh->whole = 1;
        return;
    }
}

static void whole_free(Whole *wh) {
    free(wh->w);
    free(wh->ratio);
    free(wh->share_ok);
    free(wh->sc);
    free(wh->next);
    free(wh->points);
    free(wh->lv);
    memset(wh, 0, sizeof *wh);
}

/* The figures of every (num, den) with codes up to ``covered``, as the float64 path computes
 * them; returns 0 where the table would be too large or memory ran out (no table then). */
static int whole_table(Whole *wh, int64_t covered, const double *thresholds, int64_t top,
                       double eps, double wk) {
    int64_t stride = wh->sum * covered + 1, entries = (wh->sum + 1) * stride + 1;
    free(wh->sc);
    free(wh->next);
    free(wh->points);
    free(wh->lv);
    wh->sc = wh->next = wh->points = NULL;
    wh->lv = NULL;
    wh->covered = -1;
    if (entries > TABLE_CAP) return 0;
    wh->sc = malloc(sizeof(double) * (size_t)entries);
    wh->next = malloc(sizeof(double) * (size_t)entries);
    wh->points = malloc(sizeof(double) * (size_t)entries);
    wh->lv = malloc((size_t)entries);
    if (!wh->sc || !wh->next || !wh->points || !wh->lv) return 0;
    for (int64_t e = 0; e < entries; e++) { /* no score: den 0, and the last entry */
        wh->sc[e] = NAN;
        wh->next[e] = NAN;
        wh->points[e] = 0.0;
        wh->lv[e] = 0;
    }
    for (int64_t den = 1; den <= wh->sum; den++) {
        for (int64_t num = 0; num < stride; num++) {
            int64_t e = den * stride + num;
            double sc = rint((double)num / (double)den * 1e6) / 1e6;
            int64_t lv = 1;
            for (int64_t t = 1; t < top; t++) lv += sc + eps >= thresholds[t];
            wh->sc[e] = sc;
            wh->lv[e] = (int8_t)lv;
            wh->next[e] = lv >= top ? 0.0 : at_least_zero(thresholds[lv < top ? lv : 0] - sc);
            wh->points[e] = rint(sc * 1e6) * wk;
        }
    }
    wh->covered = covered;
    wh->stride = stride;
    wh->none = entries - 1;
    return 1;
}

/* One block's whole-number sums over a dimension's items; returns the largest code seen. */
static int8_t whole_sums(const Whole *wh, const int8_t *codes, int64_t n, int64_t b0,
                         int64_t len, const int64_t *members, int64_t size, int16_t *num,
                         int16_t *den, int16_t *given, int16_t *left) {
    int8_t highest = 0;
    memset(num, 0, sizeof(int16_t) * (size_t)len);
    memset(den, 0, sizeof(int16_t) * (size_t)len);
    memset(given, 0, sizeof(int16_t) * (size_t)len);
    memset(left, 0, sizeof(int16_t) * (size_t)len);
    for (int64_t p = 0; p < size; p++) {
        const int8_t *column = codes + members[p] * n + b0;
        int16_t w = wh->w[p];
        prefetch_span(column + BLOCK, BLOCK); /* the next block's cells */
        for (int64_t r = 0; r < len; r++) { /* no branches: 16 cells a step */
            int16_t c = column[r];
            int16_t g = (int16_t)-(c > 0); /* all ones where given */
            num[r] = (int16_t)(num[r] + w * (c & g));
            den[r] = (int16_t)(den[r] + (w & g));
            given[r] = (int16_t)(given[r] - g);
            left[r] = (int16_t)(left[r] + (c < 0));
            highest = c > highest ? (int8_t)c : highest;
        }
    }
    return highest;
}

/* Small tables by level * (top + 1) + target: progress, and the steps done and needed
 * (level 0, no score: NaN, 0, 0), as the float64 path computes them. */
static void step_tables(int64_t top, double *part, double *done, double *need) {
    for (int64_t lv = 0; lv <= top; lv++) {
        for (int64_t t = 0; t <= top; t++) {
            int64_t e = lv * (top + 1) + t;
            double d = (double)(lv < t ? lv : t) - 1.0, nd = (double)t - 1.0;
            part[e] = lv == 0 ? NAN : (t > 1 ? d / nd : 1.0);
            done[e] = lv == 0 ? 0.0 : d;
            need[e] = lv == 0 ? 0.0 : nd;
        }
    }
}

/* One dimension's figures for a block's rows from whole-number sums, by table lookups. */
static void whole_figures(const Whole *wh, int64_t len, int64_t at, int32_t size,
                          const int16_t *num, const int16_t *den, const int16_t *given,
                          const int16_t *left, const int32_t *tg_b, const double *thresholds,
                          int64_t top, double wk, const double *part_t, const double *done_t,
                          const double *need_t, int16_t *answered, int16_t *applicable,
                          double *share, double *score, int8_t *level, double *gap_next,
                          double *gap_target, double *progress, double *total,
                          double *total_weight, double *done_sum, double *need_sum,
                          int32_t *scored) {
    int64_t side = size + 1;
    for (int64_t r = 0; r < len; r++) {
        int32_t g = given[r], a = size - left[r], t = tg_b[r];
        answered[at + r] = (int16_t)g;
        applicable[at + r] = (int16_t)a;
        int64_t s_e = g * side + a;
        share[at + r] = wh->ratio[s_e];
        int32_t ok = wh->share_ok[s_e] & (den[r] > 0);
        int64_t e = ok ? den[r] * wh->stride + num[r] : wh->none;
        double sc = wh->sc[e];
        int32_t lv = wh->lv[e];
        int64_t lt = lv * (top + 1) + t;
        score[at + r] = sc;
        level[at + r] = (int8_t)lv;
        if (gap_next != NULL) {
            gap_next[at + r] = wh->next[e];
            gap_target[at + r] = at_least_zero(thresholds[t - 1] - sc); /* NaN stays NaN */
            progress[at + r] = part_t[lt];
        }
        total[r] += wh->points[e]; /* + 0.0 without a score: the same sum */
        total_weight[r] += ok ? wk : 0.0;
        done_sum[r] += done_t[lt];
        need_sum[r] += need_t[lt];
        scored[r] += ok;
    }
}

/* The parameters of aggregate_rows (and of aggregate_range, before its range). */
#define AGGREGATE_PARAMS                                                                      \
    const int8_t *codes, int64_t m, int64_t n, const double *scores, const uint8_t *direct,   \
        const int64_t *members, const double *weights, const int64_t *starts, int64_t d,      \
        const double *thresholds, int64_t top, const int8_t *targets, int64_t t_row,          \
        int64_t t_col, const double *dim_weights, double min_share, int require_all,          \
        double eps, double *score, int8_t *level, int16_t *answered, int16_t *applicable,     \
        double *share, double *gap_next, double *gap_target, double *progress,                \
        double *overall, int8_t *overall_level, double *overall_progress

/* targets[i, k] is at targets[i * t_row + k * t_col] (a broadcast row has t_row 0).
 * aggregate_rows over rows [begin, end) only (blocks of them; n stays the arrays' row
 * stride), with tables of its own: two calls over two ranges may run at once. */
static void aggregate_range(AGGREGATE_PARAMS, int64_t begin, int64_t end) {
    double num[BLOCK], den[BLOCK], total[BLOCK], total_weight[BLOCK], done_sum[BLOCK],
        need_sum[BLOCK];
    int32_t n_answered[BLOCK], n_left_out[BLOCK];
    int32_t scored[BLOCK], ok_b[BLOCK], lv_b[BLOCK], tg_b[BLOCK];
    double s_b[BLOCK];
    int16_t num16[BLOCK], den16[BLOCK], given16[BLOCK], left16[BLOCK];
    double part_t[16 * 16], done_t[16 * 16], need_t[16 * 16];
    (void)m;
    Whole *wholes = top < 16 ? calloc((size_t)(d > 0 ? d : 1), sizeof(Whole)) : NULL;
    if (wholes != NULL) {
        step_tables(top, part_t, done_t, need_t);
        for (int64_t k = 0; k < d; k++)
            whole_setup(&wholes[k], direct, members, weights, starts[k], starts[k + 1],
                        min_share, eps);
    }
    for (int64_t b0 = begin; b0 < end; b0 += BLOCK) {
        int64_t b1 = end < b0 + BLOCK ? end : b0 + BLOCK;
        int64_t len = b1 - b0;
        memset(total, 0, sizeof total);
        memset(total_weight, 0, sizeof total_weight);
        memset(done_sum, 0, sizeof done_sum);
        memset(need_sum, 0, sizeof need_sum);
        memset(scored, 0, sizeof scored);
        for (int64_t k = 0; k < d; k++) {
            int32_t size = (int32_t)(starts[k + 1] - starts[k]);
            double wk = dim_weights[k];
            if (t_row == 0) /* the same targets on every row */
                for (int64_t r = 0; r < len; r++) tg_b[r] = targets[k * t_col];
            else
                for (int64_t r = 0; r < len; r++) tg_b[r] = targets[(b0 + r) * t_row + k * t_col];
            Whole *wh = wholes != NULL && wholes[k].whole ? &wholes[k] : NULL;
            if (wh != NULL) {
                int8_t highest = whole_sums(wh, codes, n, b0, len, members + starts[k], size,
                                            num16, den16, given16, left16);
                if (highest > wh->covered && wh->covered >= -1 &&
                    !whole_table(wh, highest, thresholds, top, eps, wk))
                    wh->covered = -2; /* too large a table: the float64 figures */
                if (wh->covered >= 0) {
                    whole_figures(wh, len, k * n + b0, size, num16, den16, given16, left16,
                                  tg_b, thresholds, top, wk, part_t, done_t, need_t, answered,
                                  applicable, share, score, level, gap_next, gap_target,
                                  progress, total, total_weight, done_sum, need_sum, scored);
                    continue;
                }
                for (int64_t r = 0; r < len; r++) { /* the same sums, as the float64 path */
                    num[r] = num16[r];
                    den[r] = den16[r];
                    n_answered[r] = given16[r];
                    n_left_out[r] = left16[r];
                }
            } else {
                memset(num, 0, sizeof num);
                memset(den, 0, sizeof den);
                memset(n_answered, 0, sizeof n_answered);
                memset(n_left_out, 0, sizeof n_left_out);
                for (int64_t p = starts[k]; p < starts[k + 1]; p++) {
                    int64_t j = members[p];
                    double w = weights[p];
                    const double *table = scores + j * 128;
                    const int8_t *column = codes + j * n + b0;
                    prefetch_span(column + BLOCK, BLOCK);
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
            }
            int64_t r0 = 0;
#ifdef __AVX2__
            r0 = dimension_avx2(len, k * n + b0, size, num, den, n_answered, n_left_out, tg_b,
                                thresholds, top, eps, min_share, wk, answered, applicable, share,
                                score, level, gap_next, gap_target, progress, total,
                                total_weight, done_sum, need_sum, scored);
#endif
            /* The rows the vector loop left (all of them without AVX2), in branch-free
             * passes: a figure without a score is selected to NaN / 0, not branched around. */
            for (int64_t r = r0; r < len; r++) {
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
            }
            for (int64_t t = 1; t < top; t++) { /* thresholds ascend: count those reached */
                double edge = thresholds[t];
                for (int64_t r = r0; r < len; r++) lv_b[r] += s_b[r] + eps >= edge;
            }
            for (int64_t r = r0; r < len; r++) { /* whole numbers */
                int32_t ok = ok_b[r];
                level[k * n + b0 + r] = (int8_t)(ok ? lv_b[r] : 0);
                scored[r] += ok;
            }
            for (int64_t r = r0; r < len; r++) { /* figures */
                int64_t at = k * n + b0 + r;
                int64_t ok = ok_b[r], lv = lv_b[r], target = tg_b[r];
                double sc = s_b[r];
                double next = lv >= top ? 0.0 : at_least_zero(thresholds[lv < top ? lv : 0] - sc);
                double done = (double)(lv < target ? lv : target) - 1.0;
                double need = (double)target - 1.0;
                score[at] = ok ? sc : NAN;
                if (gap_next != NULL) {
                    gap_next[at] = ok ? next : NAN;
                    gap_target[at] = ok ? at_least_zero(thresholds[target - 1] - sc) : NAN;
                    progress[at] = ok ? (target > 1 ? done / (target > 1 ? need : 1.0) : 1.0)
                                      : NAN;
                }
                total[r] = ok ? total[r] + rint(sc * 1e6) * wk : total[r];
                total_weight[r] = ok ? total_weight[r] + wk : total_weight[r];
                done_sum[r] = ok ? done_sum[r] + done : done_sum[r];
                need_sum[r] = ok ? need_sum[r] + need : need_sum[r];
            }
        }
        int64_t r0 = 0;
#ifdef __AVX2__
        r0 = overall_avx2(len, b0, scored, require_all ? (int32_t)d : 1, total, total_weight,
                          done_sum, need_sum, thresholds, top, eps, overall, overall_level,
                          overall_progress);
#endif
        for (int64_t r = r0; r < len; r++) {
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
    if (wholes != NULL) {
        for (int64_t k = 0; k < d; k++) whole_free(&wholes[k]);
        free(wholes);
    }
}

#include <pthread.h>

#define AGGREGATE_SPLIT (1 << 16) /* rows from which two threads share the work */

typedef struct {
    const int8_t *codes;
    int64_t m, n;
    const double *scores;
    const uint8_t *direct;
    const int64_t *members;
    const double *weights;
    const int64_t *starts;
    int64_t d;
    const double *thresholds;
    int64_t top;
    const int8_t *targets;
    int64_t t_row, t_col;
    const double *dim_weights;
    double min_share;
    int require_all;
    double eps;
    double *score;
    int8_t *level;
    int16_t *answered, *applicable;
    double *share, *gap_next, *gap_target, *progress, *overall;
    int8_t *overall_level;
    double *overall_progress;
    int64_t begin, end;
} aggregate_t;

static void *aggregate_part(void *arg) {
    const aggregate_t *a = arg;
    aggregate_range(a->codes, a->m, a->n, a->scores, a->direct, a->members, a->weights,
                    a->starts, a->d, a->thresholds, a->top, a->targets, a->t_row, a->t_col,
                    a->dim_weights, a->min_share, a->require_all, a->eps, a->score, a->level,
                    a->answered, a->applicable, a->share, a->gap_next, a->gap_target,
                    a->progress, a->overall, a->overall_level, a->overall_progress, a->begin,
                    a->end);
    return NULL;
}

/* Every dimension and overall figure of item score codes (m x n int8), in blocks of rows;
 * a large n on two threads (``threads`` > 1), each over half the blocks: the same figures,
 * as every row's are its own. */
void aggregate_rows(AGGREGATE_PARAMS, int32_t threads) {
    aggregate_t half = {codes, m, n, scores, direct, members, weights, starts, d, thresholds,
                        top, targets, t_row, t_col, dim_weights, min_share, require_all, eps,
                        score, level, answered, applicable, share, gap_next, gap_target,
                        progress, overall, overall_level, overall_progress, 0, n};
    pthread_t other;
    if (threads > 1 && n >= AGGREGATE_SPLIT) {
        half.begin = n / 2 / BLOCK * BLOCK;
        if (pthread_create(&other, NULL, aggregate_part, &half) == 0) {
            aggregate_range(codes, m, n, scores, direct, members, weights, starts, d,
                            thresholds, top, targets, t_row, t_col, dim_weights, min_share,
                            require_all, eps, score, level, answered, applicable, share,
                            gap_next, gap_target, progress, overall, overall_level,
                            overall_progress, 0, half.begin);
            pthread_join(other, NULL);
            return;
        }
        half.begin = 0;
    }
    aggregate_part(&half);
}

/* Exact Brandes betweenness on whole-number path lengths with a bucket queue: the same
 * computations in the same order as network/brandes.py's dependencies() (its docstring says
 * what they are), on up to ``threads`` threads.
 *
 * The sources are taken in blocks of SOURCE_BLOCK; each block's dependencies are summed apart
 * (from 0.0, in source order) and the block sums are added to ``out`` in block order, so the
 * figures are the same to the bit whatever the number of threads. A thread takes the next
 * block; a finished block waits in a ring of 8 x threads sums until the blocks before it are
 * added (a thread the system holds back stalls the others only when the ring is full).
 *
 * A tie is one 32-bit word where it fits (neighbour << cbits | which of the distinct lengths),
 * else 64 bits: half the memory of a 64-bit length per tie, and the bucket step of each
 * distinct length is looked up, not divided.
 *
 * Layout (the same people settled in the same order, the same sums in the same order as the
 * Python function): a person's distance is an array of its own, all that the loop over the
 * ties reads for most ties (8 bytes a person, 40 KB at 5,000 people); path count, predecessor
 * and latest push are one 16-byte record, read where a tie gives a path as short or shorter
 * (about 1 tie in 8); as a person is settled, its path count (final then) and predecessors
 * are copied to arrays by position in the order settled, predecessors are noted by their
 * position, and the backward pass reads those arrays in order (dependencies by position: no
 * random reads but the predecessors'); a queue entry is stale unless it is the person's
 * latest push (``at``), so no per-source ``seen`` marks; a bucket's people are taken out first,
 * then their ties relaxed (no tie leads back into the bucket being settled); a second
 * predecessor (about 1 person in 100) goes into a chain, the first is in the record; nothing is
 * reset per source beyond the people reached (their distance, after the backward pass). The
 * order of a person's predecessors does not change any sum (each receives one addition). */
#include <pthread.h>

#define SOURCE_BLOCK 64

typedef struct {
    const int64_t *indptr, *sources;
    const void *arcs; /* uint32_t or uint64_t: neighbour << cbits | length code */
    const int64_t *length, *steps, *rest; /* per code: length, whole buckets, remainder */
    int64_t n, m2, n_sources, n_blocks, width, mask, ring, slots;
    int cbits, wide;
    double *out, *sums; /* sums: ring of ``slots`` block sums of n */
    int *ready;
    int64_t next, added; /* next block to take; blocks added to out so far */
    int failed;
    pthread_mutex_t lock;
    pthread_cond_t moved;
} brandes_t;

typedef struct { /* one person's distance, apart: all the forward pass reads for most ties */
    int64_t dist; /* FAR: not reached */
} brandes_key_t;

typedef struct { /* the rest of one person's state for the current source */
    double sigma;    /* shortest paths from the source */
    int32_t pred;    /* >= 0: the one predecessor; <= -2: chain -pred - 2 of more */
    int32_t at;      /* the queue entry of the latest push (older ones are stale) */
} brandes_node_t;

typedef struct { /* a settled person's path count and dependency, in the order settled */
    double sigma, delta;
} brandes_done_t;

typedef struct { /* one thread's work arrays */
    brandes_key_t *key;
    brandes_node_t *node;
    brandes_done_t *done; /* by position in settled (the backward pass reads it in order) */
    int32_t *from;        /* by position: the predecessor's position, or its chain (as pred) */
    int32_t *settled, *entry, *follow, *head, *chain; /* chain: pairs (pred, next) */
} brandes_work_t;

#define FAR ((int64_t)1 << 62)

static void brandes_free(brandes_work_t *w) {
    free(w->key); free(w->node); free(w->done); free(w->from); free(w->settled);
    free(w->entry); free(w->follow); free(w->head); free(w->chain);
}

static int brandes_alloc(brandes_work_t *w, const brandes_t *c) {
    int64_t n = c->n, m2 = c->m2;
    w->key = malloc(sizeof(brandes_key_t) * n);
    w->node = malloc(sizeof(brandes_node_t) * n);
    w->settled = malloc(sizeof(int32_t) * (n + 1)); /* + 1: a stale entry after the last */
    w->done = malloc(sizeof(brandes_done_t) * (n + 1));
    w->from = malloc(sizeof(int32_t) * (n + 1));
    w->entry = malloc(sizeof(int32_t) * (m2 + 1));
    w->follow = malloc(sizeof(int32_t) * (m2 + 1));
    w->head = malloc(sizeof(int32_t) * c->ring);
    w->chain = malloc(sizeof(int32_t) * 4 * (m2 + 1));
    if (!w->key || !w->node || !w->done || !w->from || !w->settled || !w->entry ||
        !w->follow || !w->head || !w->chain) {
        brandes_free(w);
        return 0;
    }
    for (int64_t v = 0; v < n; v++) w->key[v].dist = FAR;
    for (int64_t k = 0; k < c->ring; k++) w->head[k] = -1;
    return 1;
}

/* The first of the ties p..end-1 that gives its person a path as short as theirs or shorter
 * (end: none); most ties do not, and this loop keeps only what it needs in registers. */
#define BRANDES_SCAN(name, type)                                                              \
    static inline __attribute__((always_inline)) int64_t name(                                \
        const type *arcs, int64_t p, int64_t end, int64_t dv, const int64_t *length,          \
        const brandes_key_t *key, int cbits, uint64_t code_mask) {                            \
        for (; p < end; p++) {                                                                \
            uint64_t arc = arcs[p];                                                           \
            if (dv + length[arc & code_mask] <= key[arc >> cbits].dist) break;                \
        }                                                                                     \
        return p;                                                                             \
    }
BRANDES_SCAN(brandes_scan32, uint32_t)
BRANDES_SCAN(brandes_scan64, uint64_t)

/* Source number si (its position in sources): its dependencies added to sum. ``wide`` is a
 * constant in each caller, so each tie layout gets a loop of its own. */
static inline __attribute__((always_inline)) void brandes_source(
    const brandes_t *c, brandes_work_t *wk, int64_t si, double *sum, const int wide) {
    const int64_t *indptr = c->indptr, *length = c->length, *steps = c->steps, *rest = c->rest;
    const uint32_t *arcs32 = c->arcs;
    const uint64_t *arcs64 = c->arcs;
    brandes_key_t *key = wk->key;
    brandes_node_t *node = wk->node;
    int32_t *settled = wk->settled, *entry = wk->entry, *follow = wk->follow;
    int32_t *head = wk->head, *chain = wk->chain, *from = wk->from;
    brandes_done_t *done = wk->done;
    int64_t width = c->width, mask = c->mask;
    int cbits = c->cbits;
    uint64_t code_mask = ((uint64_t)1 << cbits) - 1;
    int32_t s = (int32_t)c->sources[si];
    key[s].dist = 0;
    node[s].sigma = 1.0;
    node[s].pred = -1;
    node[s].at = 0;
    entry[0] = s;
    follow[0] = -1;
    head[0] = 0;
    int64_t used = 1, pending = 1, count = 0, b = 0, links = 0;
    while (pending > 0) {
        int64_t slot = b & mask;
        int32_t e = head[slot];
        head[slot] = -1;
        int64_t first = count;
        while (e != -1) { /* the bucket's people, the latest push first; stale entries out */
            int32_t v = entry[e];
            brandes_node_t *y = node + v; /* its count and predecessors are final now */
            settled[count] = v;
            done[count].sigma = y->sigma;
            done[count].delta = 0.0;
            from[count] = y->pred;
            count += y->at == e;
            e = follow[e];
            pending--;
        }
        int64_t low = b * width;
        for (int64_t i = first; i < count; i++) {
            int32_t v = settled[i];
            if (i + 2 < count) __builtin_prefetch(indptr + settled[i + 2]);
            if (i + 1 < count) { /* the next person's ties and distance, ahead */
                int32_t u = settled[i + 1];
                __builtin_prefetch(wide ? (const void *)(arcs64 + indptr[u])
                                        : (const void *)(arcs32 + indptr[u]));
                __builtin_prefetch(key + u);
            }
            int64_t dv = key[v].dist, off = dv - low;
            double sv = done[i].sigma;
            for (int64_t p = indptr[v], end = indptr[v + 1];; p++) {
                p = wide ? brandes_scan64(arcs64, p, end, dv, length, key, cbits, code_mask)
                         : brandes_scan32(arcs32, p, end, dv, length, key, cbits, code_mask);
                if (p == end) break;
                uint64_t arc = wide ? arcs64[p] : arcs32[p];
                int64_t w = (int64_t)(arc >> cbits), k = (int64_t)(arc & code_mask);
                int64_t nd = dv + length[k];
                int64_t dw = key[w].dist;
                brandes_node_t *x = node + w;
                if (nd < dw) {
                    key[w].dist = nd;
                    x->sigma = sv;
                    x->pred = (int32_t)i;
                    int64_t nb = (b + steps[k] + (off + rest[k] >= width ? 1 : 0)) & mask;
                    entry[used] = (int32_t)w;
                    follow[used] = head[nb];
                    head[nb] = (int32_t)used;
                    x->at = (int32_t)used;
                    used++;
                    pending++;
                } else if (nd == dw) {
                    x->sigma += sv;
                    int32_t p0 = x->pred;
                    if (p0 >= 0) { /* a second predecessor: both in a chain */
                        chain[2 * links] = p0;
                        chain[2 * links + 1] = -1;
                        p0 = (int32_t)(-links - 2);
                        links++;
                    }
                    chain[2 * links] = (int32_t)i;
                    chain[2 * links + 1] = -p0 - 2;
                    x->pred = (int32_t)(-links - 2);
                    links++;
                }
            }
        }
        b++;
    }
    for (int64_t i = count - 1; i > 0; i--) { /* settled[0] is the source */
        int32_t w = settled[i];
        double dw = done[i].delta;
        double coeff = (1.0 + dw) / done[i].sigma;
        int32_t p = from[i];
        if (p >= 0) {
            done[p].delta += done[p].sigma * coeff;
        } else {
            for (int32_t l = -p - 2; l >= 0; l = chain[2 * l + 1]) {
                int32_t q = chain[2 * l];
                done[q].delta += done[q].sigma * coeff;
            }
        }
        sum[w] += dw;
        key[w].dist = FAR;
    }
    key[s].dist = FAR;
}

/* Block ``block`` of sources into sum (from 0.0, in source order). */
static void brandes_block(const brandes_t *c, brandes_work_t *wk, int64_t block, double *sum) {
    int64_t first = block * SOURCE_BLOCK;
    int64_t last = first + SOURCE_BLOCK < c->n_sources ? first + SOURCE_BLOCK : c->n_sources;
    memset(sum, 0, sizeof(double) * c->n);
    if (c->wide)
        for (int64_t si = first; si < last; si++) brandes_source(c, wk, si, sum, 1);
    else
        for (int64_t si = first; si < last; si++) brandes_source(c, wk, si, sum, 0);
}

/* One thread: take the next block, sum it, add the finished block sums to out in order. */
static void *brandes_thread(void *arg) {
    brandes_t *c = arg;
    brandes_work_t wk;
    int ok = brandes_alloc(&wk, c);
    pthread_mutex_lock(&c->lock);
    if (!ok) c->failed = 1;
    while (ok && !c->failed) {
        while (c->next < c->n_blocks && c->next >= c->added + c->slots && !c->failed)
            pthread_cond_wait(&c->moved, &c->lock); /* the ring is full: wait for the adds */
        if (c->next >= c->n_blocks || c->failed) break;
        int64_t block = c->next++;
        double *sum = c->sums + (block % c->slots) * c->n;
        pthread_mutex_unlock(&c->lock);
        brandes_block(c, &wk, block, sum);
        pthread_mutex_lock(&c->lock);
        c->ready[block % c->slots] = 1;
        while (c->added < c->n_blocks && c->ready[c->added % c->slots]) {
            const double *done = c->sums + (c->added % c->slots) * c->n;
            for (int64_t v = 0; v < c->n; v++) c->out[v] += done[v];
            c->ready[c->added % c->slots] = 0;
            c->added++;
        }
        pthread_cond_broadcast(&c->moved);
    }
    pthread_cond_broadcast(&c->moved);
    pthread_mutex_unlock(&c->lock);
    if (ok) brandes_free(&wk);
    return NULL;
}

static int brandes_order(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Returns 0, or -1 where memory ran out (out is then incomplete); ``threads`` does not change
 * the figures (fewer are used where one cannot be started). */
int dependencies(const int64_t *indptr, int64_t n, const int32_t *indices,
                 const int64_t *lengths, int64_t m2, const int64_t *sources, int64_t n_sources,
                 double *out, int threads, int force_wide) {
    if (m2 == 0 || n_sources == 0) return 0;
    brandes_t c = {.indptr = indptr, .sources = sources, .n = n, .m2 = m2,
                   .n_sources = n_sources, .out = out};
    c.n_blocks = (n_sources + SOURCE_BLOCK - 1) / SOURCE_BLOCK;
    if (threads > c.n_blocks) threads = (int)c.n_blocks;
    if (threads < 1) threads = 1;
    c.slots = 8 * threads < c.n_blocks ? 8 * threads : c.n_blocks;
    int64_t *distinct = malloc(sizeof(int64_t) * m2), *steps = NULL, *rest = NULL;
    void *arcs = NULL;
    pthread_t *extra = NULL;
    int status = -1;
    c.sums = malloc(sizeof(double) * n * c.slots);
    c.ready = calloc(c.slots, sizeof(int));
    if (!distinct || !c.sums || !c.ready) goto done;
    memcpy(distinct, lengths, sizeof(int64_t) * m2); /* the distinct lengths, ascending */
    qsort(distinct, m2, sizeof(int64_t), brandes_order);
    int64_t k = 1;
    for (int64_t p = 1; p < m2; p++)
        if (distinct[p] != distinct[k - 1]) distinct[k++] = distinct[p];
    c.width = distinct[0]; /* the shortest tie: the buckets' width */
    c.cbits = 0;
    while (((int64_t)1 << c.cbits) < k) c.cbits++;
    /* n - 1 needs 64 - clz(n) bits at most; force_wide: the 64-bit layout anyway (tests) */
    int wide = force_wide || c.cbits + 64 - __builtin_clzll((uint64_t)n) > 32;
    c.wide = wide;
    steps = malloc(sizeof(int64_t) * k);
    rest = malloc(sizeof(int64_t) * k);
    arcs = malloc((wide ? sizeof(uint64_t) : sizeof(uint32_t)) * m2);
    if (!steps || !rest || !arcs) goto done;
    int64_t most = 0;
    for (int64_t j = 0; j < k; j++) { /* a tie is steps buckets and rest more long */
        steps[j] = distinct[j] / c.width;
        rest[j] = distinct[j] - steps[j] * c.width;
        most = steps[j] > most ? steps[j] : most;
    }
    for (int64_t p = 0; p < m2; p++) {
        int64_t lo = 0, hi = k - 1;
        while (lo < hi) {
            int64_t mid = (lo + hi) / 2;
            if (distinct[mid] < lengths[p]) lo = mid + 1; else hi = mid;
        }
        uint64_t arc = ((uint64_t)indices[p] << c.cbits) | (uint64_t)lo;
        if (wide) ((uint64_t *)arcs)[p] = arc;
        else ((uint32_t *)arcs)[p] = (uint32_t)arc;
    }
    c.ring = 1; /* buckets in use at once: at most most + 2; a power of two */
    while (c.ring < most + 2) c.ring *= 2;
    c.mask = c.ring - 1;
    c.arcs = arcs;
    c.length = distinct;
    c.steps = steps;
    c.rest = rest;
    pthread_mutex_init(&c.lock, NULL);
    pthread_cond_init(&c.moved, NULL);
    extra = malloc(sizeof(pthread_t) * threads);
    int started = 0;
    for (int t = 1; extra && t < threads; t++) /* fewer threads where one cannot start */
        if (pthread_create(&extra[started], NULL, brandes_thread, &c) == 0) started++;
    brandes_thread(&c);
    for (int t = 0; t < started; t++) pthread_join(extra[t], NULL);
    pthread_cond_destroy(&c.moved);
    pthread_mutex_destroy(&c.lock);
    status = c.failed || c.added < c.n_blocks ? -1 : 0;
done:
    free(distinct); free(steps); free(rest); free(arcs); free(extra); free(c.sums); free(c.ready);
    return status;
}

/* The ties of m named rows (ends a, b by position; their three ratings) merged as
 * network/graph.py's build merges them, with the same figures as network/brandes.py's
 * tie_edges (numpy) and, from them, its adjacency: a pair of people is one tie, in the order
 * first named, ``first`` the end whose name sorts first (``order``: the positions in name
 * order); ``namings`` rows named it; its strength is the mean of its first naming's ratings,
 * or of the means of both where two named it; its length LCM * namings // (2 * ratings), the
 * ratings summed over its rows. ``first`` .. ``length`` hold m, ``indptr`` n + 1, ``indices``
 * and ``lengths`` 2 m: both directions of each tie, by person, in tie order (adjacency).
 * Returns the number of ties, or -1 where memory ran out. */
int64_t tie_merge(int64_t m, int64_t n, const int64_t *a, const int64_t *b,
                  const int64_t *frequency, const int64_t *importance, const int64_t *closeness,
                  const int64_t *order, int64_t lcm, int64_t *first, int64_t *second,
                  int64_t *namings, double *strength, int64_t *length, int64_t *indptr,
                  int32_t *indices, int64_t *lengths) {
    int64_t size = 2, bits = 1; /* a hash table of the pairs, at most half full */
    while (size < 2 * m) size *= 2, bits++;
    int64_t *rank = malloc(sizeof(int64_t) * (n > 0 ? n : 1));
    int64_t *keys = malloc(sizeof(int64_t) * size);
    int64_t *once = malloc(sizeof(int64_t) * (m > 0 ? m : 1));
    int64_t *again = malloc(sizeof(int64_t) * (m > 0 ? m : 1));
    int64_t *ratings = malloc(sizeof(int64_t) * (m > 0 ? m : 1));
    int64_t *slot = malloc(sizeof(int64_t) * size); /* the tie of each key */
    int64_t ties = -1;
    if (!rank || !keys || !once || !again || !ratings || !slot) goto done;
    for (int64_t k = 0; k < n; k++) rank[order[k]] = k;
    for (int64_t k = 0; k < size; k++) keys[k] = -1;
    ties = 0;
    for (int64_t r = 0; r < m; r++) {
        int64_t x = a[r], y = b[r], sum = frequency[r] + importance[r] + closeness[r];
        int64_t lo = rank[x] < rank[y] ? x : y, hi = x + y - lo, key = lo * n + hi;
        int64_t k = (int64_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
        while (keys[k] != -1 && keys[k] != key) k = (k + 1) & (size - 1);
        if (keys[k] == -1) { /* a new pair */
            keys[k] = key;
            slot[k] = ties;
            first[ties] = lo;
            second[ties] = hi;
            namings[ties] = 1;
            once[ties] = ratings[ties] = sum;
            ties++;
        } else {
            int64_t t = slot[k];
            if (++namings[t] == 2) again[t] = sum;
            ratings[t] += sum;
        }
    }
    for (int64_t t = 0; t < ties; t++) {
        double one = (double)once[t] / 3; /* a naming's strength: its ratings' mean */
        strength[t] = namings[t] == 2 ? (one + (double)again[t] / 3) / 2 : one;
        length[t] = lcm * namings[t] / (2 * ratings[t]);
    }
    for (int64_t v = 0; v <= n; v++) indptr[v] = 0;
    for (int64_t t = 0; t < ties; t++) {
        indptr[first[t] + 1]++;
        indptr[second[t] + 1]++;
    }
    for (int64_t v = 0; v < n; v++) indptr[v + 1] += indptr[v];
    int64_t *next = rank; /* reused: where each person's next neighbour goes */
    for (int64_t v = 0; v < n; v++) next[v] = indptr[v];
    for (int64_t t = 0; t < ties; t++) { /* first ends' ties in tie order, then second ends' */
        int64_t p = next[first[t]]++;
        indices[p] = (int32_t)second[t];
        lengths[p] = length[t];
    }
    for (int64_t t = 0; t < ties; t++) {
        int64_t p = next[second[t]]++;
        indices[p] = (int32_t)first[t];
        lengths[p] = length[t];
    }
done:
    free(rank); free(keys); free(once); free(again); free(ratings); free(slot);
    return ties;
}

/* A text file's line breaks in one pass (ingest/readers.py: line_breaks): the offsets of its
 * '\n' bytes into *ends (made with malloc, freed by line_free; NULL where memory ran out),
 * and in found[0..2] the number of '\r' bytes, 1 where one is not followed by '\n' (a line
 * end of classic Mac OS, or a stray one), and the offset of the first '"' (-1: none).
 * Returns the number of '\n' bytes (-1: no memory). */
int64_t line_scan(const uint8_t *buf, int64_t n, int64_t **ends_out, int64_t *found) {
    int64_t count = 0, cap = n / 64 + 16, returns = 0, lone = 0, quote = -1, i = 0;
    int64_t *ends = malloc((size_t)cap * sizeof(int64_t));
    *ends_out = NULL;
    if (ends == NULL) return -1;
#ifdef __AVX2__
    __m256i nl = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r'), qt = _mm256_set1_epi8('"');
    for (; i + 32 <= n; i += 32) {
        prefetch_span(buf + i + 2048, 32);
        __m256i x = _mm256_loadu_si256((const __m256i *)(buf + i));
        uint32_t mn = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, nl));
        uint32_t mr = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, cr));
        if (quote < 0) {
            uint32_t mq = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, qt));
            if (mq) quote = i + __builtin_ctz(mq);
        }
        if (mr) {
            returns += __builtin_popcount(mr);
            lone |= ((mr << 1) & ~mn) != 0; /* a \r whose next byte (in this block) is no \n */
            if (mr >> 31) lone |= i + 32 >= n || buf[i + 32] != '\n';
        }
        if (count + 32 > cap) {
            int64_t *more = realloc(ends, (size_t)(2 * cap) * sizeof(int64_t));
            if (more == NULL) { free(ends); return -1; }
            ends = more;
            cap *= 2;
        }
        while (mn) {
            ends[count++] = i + __builtin_ctz(mn);
            mn &= mn - 1;
        }
    }
#endif
    for (; i < n; i++) {
        uint8_t b = buf[i];
        if (b == '"' && quote < 0) quote = i;
        if (b == '\r') {
            returns++;
            lone |= i + 1 == n || buf[i + 1] != '\n';
        }
        if (b == '\n') {
            if (count == cap) {
                int64_t *more = realloc(ends, (size_t)(2 * cap) * sizeof(int64_t));
                if (more == NULL) { free(ends); return -1; }
                ends = more;
                cap *= 2;
            }
            ends[count++] = i;
        }
    }
    found[0] = returns;
    found[1] = lone;
    found[2] = quote;
    *ends_out = ends;
    return count;
}

void line_free(int64_t *ends) { free(ends); }

/* One Arrow text chunk as ``meta`` describes it (seven numbers: see text_codes). */
typedef struct {
    int64_t length, offset, large;
    const uint8_t *data, *valid, *end;
    const int32_t *off32;
    const int64_t *off64;
} text_chunk_t;

static inline text_chunk_t text_chunk(const int64_t *meta, int64_t c) {
    const int64_t *m = meta + 7 * c;
    text_chunk_t t = {m[0], m[1], m[5], (const uint8_t *)(intptr_t)m[3],
                      (const uint8_t *)(intptr_t)m[4], (const uint8_t *)(intptr_t)m[3] + m[6],
                      (const int32_t *)(intptr_t)m[2], (const int64_t *)(intptr_t)m[2]};
    return t;
}

/* Cell i of the chunk: 0 where missing, else 1 with its bytes' start (in the chunk's
 * bytes) and size. */
static inline int text_cell(const text_chunk_t *t, int64_t i, int64_t *a, int64_t *n) {
    int64_t k = t->offset + i;
    if (t->valid != NULL && !((t->valid[k >> 3] >> (k & 7)) & 1)) return 0;
    *a = t->large ? t->off64[k] : t->off32[k];
    *n = (t->large ? t->off64[k + 1] : t->off32[k + 1]) - *a;
    return 1;
}

/* Arrow text chunks to codes by first appearance (ingest/arrowio.py: factorize): ``meta``
 * holds seven numbers per chunk (length, the array's offset, the addresses of its offsets,
 * its bytes and its validity bitmap (0: none), 1 where the offsets are 64-bit, and the size
 * of its bytes). Each cell's code goes to ``codes`` (-1: missing); the distinct texts'
 * chunk, byte start and size to ``chunk``, ``start`` and ``size``. Returns how many there
 * are, or -1 past ``most`` of them (the caller then hashes with Arrow) or where memory ran
 * out. A text is told by its size and its first and last 8 bytes (the whole of a text of
 * up to 16), compared in full only beyond that. */
static inline uint64_t text_word(const uint8_t *p, int64_t n, const uint8_t *end) {
    uint64_t v = 0;
    if (n >= 8) memcpy(&v, p, 8);
    else if (p + 8 <= end) { memcpy(&v, p, 8); v &= (1ULL << (8 * n)) - 1; }
    else if (n > 0) memcpy(&v, p, (size_t)n);
    return v;
}

int64_t text_codes(int64_t chunks, const int64_t *meta, int64_t *codes, int64_t most,
                   int64_t *chunk, int64_t *start, int64_t *size) {
    int64_t slots = 16;
    while (slots < 4 * most) slots *= 2;
    int32_t *slot = calloc((size_t)slots, sizeof(int32_t));
    uint64_t *heads = malloc((size_t)(most > 0 ? most : 1) * 2 * sizeof(uint64_t));
    const uint8_t **where = malloc((size_t)(most > 0 ? most : 1) * sizeof(uint8_t *));
    int64_t count = 0, row = 0;
    if (slot == NULL || heads == NULL || where == NULL) count = -1;
    for (int64_t c = 0; c < chunks && count >= 0; c++) {
        text_chunk_t t = text_chunk(meta, c);
        for (int64_t i = 0; i < t.length; i++, row++) {
            int64_t a, n;
            if (!text_cell(&t, i, &a, &n)) {
                codes[row] = -1;
                continue;
            }
            const uint8_t *p = t.data + a;
            uint64_t head = text_word(p, n, t.end), tail = 0;
            if (n > 8) memcpy(&tail, p + n - 8, 8);
            uint64_t h = (head ^ ((uint64_t)n << 56)) * 0xff51afd7ed558ccdULL;
            h = (h ^ (h >> 32) ^ tail) * 0x9e3779b97f4a7c15ULL;
            h ^= h >> 29;
            int64_t at = (int64_t)(h & (uint64_t)(slots - 1)), id = -1;
            while (slot[at]) {
                int64_t e = slot[at] - 1;
                if (size[e] == n && heads[2 * e] == head && heads[2 * e + 1] == tail &&
                    (n <= 16 || memcmp(where[e] + 8, p + 8, (size_t)(n - 16)) == 0)) {
                    id = e;
                    break;
                }
                at = (at + 1) & (slots - 1);
            }
            if (id < 0) {
                if (count == most) { count = -1; break; }
                id = count++;
                heads[2 * id] = head;
                heads[2 * id + 1] = tail;
                where[id] = p;
                chunk[id] = c;
                start[id] = a;
                size[id] = n;
                slot[at] = (int32_t)(id + 1);
            }
            codes[row] = id;
        }
    }
    free(slot);
    free(heads);
    free((void *)where);
    return count;
}

/* Whether the texts of Arrow text chunks (``meta`` as for text_codes; missing cells left out)
 * are all distinct, told by a 64-bit hash of all their bytes: 1 where no two hashes are equal
 * (then no two texts are), 0 where two are (the texts may or may not be: the caller then
 * compares them), -1 where memory ran out. ``rows``: the cells in all (the table's size). */
static inline uint64_t bytes_hash(const uint8_t *p, int64_t n) {
    uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15ULL, w;
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        memcpy(&w, p + j, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    if (j < n) {
        w = 0;
        memcpy(&w, p + j, (size_t)(n - j));
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
    }
    h = (h ^ (h >> 29)) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 32;
    return h ? h : 1; /* 0 marks an empty slot */
}

int64_t texts_distinct(int64_t chunks, const int64_t *meta, int64_t rows) {
    int64_t slots = 16;
    while (slots < 2 * rows) slots *= 2;
    uint64_t *slot = calloc((size_t)slots, sizeof(uint64_t));
    if (slot == NULL) return -1;
    int64_t distinct = 1;
    for (int64_t c = 0; c < chunks && distinct; c++) {
        text_chunk_t t = text_chunk(meta, c);
        for (int64_t i = 0; i < t.length; i++) {
            int64_t a, n;
            if (!text_cell(&t, i, &a, &n)) continue;
            uint64_t h = bytes_hash(t.data + a, n);
            int64_t at = (int64_t)(h & (uint64_t)(slots - 1));
            while (slot[at] && slot[at] != h) at = (at + 1) & (slots - 1);
            if (slot[at] == h) { distinct = 0; break; }
            slot[at] = h;
        }
    }
    free(slot);
    return distinct;
}
