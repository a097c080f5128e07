/* CSV rows straight into columns, for ingest/fastcsv.py (compiled with kernels.c, see
 * clib.py). Each column is read as one of: numbers (float64, NaN for an empty cell), codes
 * (int32 into the column's distinct texts in order of first appearance, -1 for an empty
 * cell) or spans (each cell's byte offset and size, for mostly distinct texts such as ids).
 *
 * A code column may instead be read into int8 codes (CSV_CODE8), a quarter of the memory,
 * where its first rows hold few texts; past CODE8_MOST of them it is marked HAD_MANY and the
 * caller reads it again into int32 codes.
 *
 * Only what pandas' C parser reads the same way is read here: a quote mark opens a cell or
 * closes it (doubled inside it), lines end in \n or \r\n, every row has exactly `width`
 * cells (a blank line: as many empty ones, as pandas reads it), and a number has at most 15
 * digits and a power of ten within 1e22 (one exact product or quotient, as pandas' own parser
 * then gives). Anything else stops the scan with its reason, and the caller reads the file
 * with pandas, which reads or reports it. */

#ifdef __AVX2__
#include <immintrin.h>
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { CSV_SKIP = 0, CSV_NUMBER = 1, CSV_CODE = 2, CSV_SPAN = 3, CSV_CODE8 = 4 };
enum {
    CSV_OK = 0, CSV_WIDTH = 1, CSV_QUOTE = 2, CSV_RETURN = 3, CSV_NUL = 4, CSV_DIGITS = 5,
    CSV_MEMORY = 6, CSV_ROWS = 7
};
/* per column, what its cells held (HAD_MANY: an int8 code column of more than CODE8_MOST
 * texts, its codes then unusable) */
enum { HAD_EMPTY = 1, HAD_FRACTION = 2, HAD_TEXT = 4, HAD_MANY = 8 };
#define CODE8_MOST 126 /* the last id of an int8 code column (pandas keeps int8 below 127) */

#define CSV_THREADS 8
#define MEMO 64 /* per code column: the last texts of up to 16 bytes seen, by their bytes */

typedef struct {
    uint64_t head, tail; /* the text's first and last 8 bytes (tail 0 up to 8) */
    int32_t size, id;    /* size 0: none (an empty cell is never coded) */
} memo_t;
#define SPAN_DOUBLED (1 << 30) /* a span's size flag: a quoted cell with doubled quote marks */

typedef struct {
    int64_t *start;  /* id -> offset of the text's first byte (its cell's) in the buffer */
    int32_t *size;   /* id -> bytes, SPAN_DOUBLED set where its quote marks are doubled */
    uint64_t *hash;  /* id -> hash */
    uint64_t *head;  /* id -> its first 8 bytes as one number (zeros past a shorter text) */
    int32_t *slot;   /* open addressing: id + 1, 0 empty */
    int64_t count, room, slots;
} texts_t;

typedef struct {
    const uint8_t *buf, *limit; /* the whole buffer: buf[0, limit) */
    int64_t begin, end, row0, rows, most;
    int32_t width, fault;
    uint8_t delim, decimal; /* decimal: the decimal mark of numbers */
    const int8_t *kinds;
    void *const *out;      /* per column: double* / int32_t* codes / int64_t* span starts */
    int32_t *const *sizes; /* per span column: int32_t* sizes */
    int32_t *had;          /* per column: HAD_* */
    int32_t high;          /* 1 where a byte of 0x80 or more was read (not ASCII) */
    texts_t *texts;        /* per column */
    memo_t *memo;          /* per column, MEMO of them */
    int64_t fault_row;
} part_t;

typedef struct {
    int64_t size;
    int32_t width, parts;
    part_t part[CSV_THREADS];
} scan_t;

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* 1: a number (its value in *value, *fraction 1 where it has a point or an exponent);
 * 0: no number; -1: a number past the exact range (more than 15 digits, or a power of ten
 * beyond 1e22). */
static inline int number_of(const uint8_t *p, const uint8_t *e, uint8_t decimal, double *value,
                            int *fraction) {
    int negative = 0, digits = 0, decimals = 0, any = 0, point = 0;
    uint64_t m = 0;
    if (p < e && (*p == '-' || *p == '+')) negative = *p++ == '-';
    for (; p < e && (unsigned)(*p - '0') < 10; p++, any = 1)
        if (++digits <= 18) m = m * 10 + (uint64_t)(*p - '0');
    if (p < e && *p == decimal) {
        point = 1;
        for (p++; p < e && (unsigned)(*p - '0') < 10; p++, any = 1, decimals++)
            if (++digits <= 18) m = m * 10 + (uint64_t)(*p - '0');
    }
    if (!any) return 0;
    int64_t exponent = 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        int down = 0;
        point = 1;
        p++;
        if (p < e && (*p == '-' || *p == '+')) down = *p++ == '-';
        if (!(p < e && (unsigned)(*p - '0') < 10)) return 0;
        for (; p < e && (unsigned)(*p - '0') < 10; p++)
            if (exponent < 100000) exponent = exponent * 10 + (*p - '0');
        if (down) exponent = -exponent;
    }
    if (p != e) return 0;
    if (digits > 15) return -1;
    int64_t power = exponent - decimals;
    if (power < -22 || power > 22) return -1;
    double v = (double)m;
    v = power >= 0 ? v * POW10[power] : v / POW10[-power];
    *value = negative ? -v : v;
    *fraction = point;
    return 1;
}

#define MIX 0xff51afd7ed558ccdULL

/* The first min(n, 8) bytes at p as one number, zeros after them (bytes up to limit may be
 * read past them, none beyond). */
static inline uint64_t head_of(const uint8_t *p, int64_t n, const uint8_t *limit) {
    uint64_t v = 0;
    if (n >= 8) memcpy(&v, p, 8);
    else if (p + 8 <= limit) { memcpy(&v, p, 8); v &= (1ULL << (8 * n)) - 1; }
    else if (n > 0) memcpy(&v, p, (size_t)n);
    return v;
}

/* The hash of n bytes at p, whose first 8 (head_of) are head. */
static inline uint64_t hash_of(const uint8_t *p, int64_t n, uint64_t head, const uint8_t *limit) {
    uint64_t h = ((0x9e3779b97f4a7c15ULL ^ ((uint64_t)n << 48)) ^ head) * MIX;
    h ^= h >> 32;
    for (int64_t i = 8; i < n; i += 8) {
        uint64_t v = head_of(p + i, n - i, limit);
        h = (h ^ v) * MIX;
        h ^= h >> 32;
    }
    return h ^ (h >> 29);
}

/* The text of a quoted cell with doubled quote marks, undoubled, equals the n bytes at q. */
static int same_undoubled(const uint8_t *p, int64_t n, const uint8_t *q, int64_t m) {
    int64_t i = 0, j = 0;
    while (i < n && j < m) {
        if (p[i] != q[j]) return 0;
        i += (p[i] == '"') ? 2 : 1;
        j++;
    }
    return i == n && j == m;
}

static int grow(texts_t *t) {
    if (t->count + 1 > t->room) {
        int64_t room = t->room ? 2 * t->room : 16;
        int64_t *a = realloc(t->start, (size_t)room * sizeof(int64_t));
        if (a) t->start = a;
        int32_t *b = realloc(t->size, (size_t)room * sizeof(int32_t));
        if (b) t->size = b;
        uint64_t *c = realloc(t->hash, (size_t)room * sizeof(uint64_t));
        if (c) t->hash = c;
        uint64_t *d = realloc(t->head, (size_t)room * sizeof(uint64_t));
        if (d) t->head = d;
        if (!a || !b || !c || !d) return 0;
        t->room = room;
    }
    if (2 * (t->count + 1) > t->slots) {
        int64_t slots = t->slots ? 2 * t->slots : 64;
        int32_t *slot = calloc((size_t)slots, sizeof(int32_t));
        if (!slot) return 0;
        for (int64_t id = 0; id < t->count; id++) {
            int64_t at = (int64_t)(t->hash[id] & (uint64_t)(slots - 1));
            while (slot[at]) at = (at + 1) & (slots - 1);
            slot[at] = (int32_t)(id + 1);
        }
        free(t->slot);
        t->slot = slot;
        t->slots = slots;
    }
    return 1;
}

/* The id of a cell's text (its bytes at p, n of them; doubled: quote marks doubled, the
 * hash then of the text undoubled), added if new; -2: no memory. A text of up to 8 bytes is
 * told apart by its size and its bytes as one number (head), a longer one by memcmp. */
static inline int32_t id_of(texts_t *t, const uint8_t *buf, const uint8_t *p, int64_t n,
                            int doubled, uint64_t h, uint64_t head) {
    int32_t size = (int32_t)n | (doubled ? SPAN_DOUBLED : 0);
    if (t->slots) {
        int64_t at = (int64_t)(h & (uint64_t)(t->slots - 1));
        while (t->slot[at]) {
            int32_t id = t->slot[at] - 1;
            if (t->hash[id] == h) {
                int32_t had = t->size[id];
                const uint8_t *q = buf + t->start[id];
                if (had == size && !doubled) {
                    if (n <= 8 ? t->head[id] == head : memcmp(q, p, (size_t)n) == 0) return id;
                } else if (had == size) {
                    if (memcmp(q, p, (size_t)n) == 0) return id;
                } else if ((had & SPAN_DOUBLED) != (size & SPAN_DOUBLED)) {
                    int64_t m = had & ~SPAN_DOUBLED;
                    if (doubled ? same_undoubled(p, n, q, m) : same_undoubled(q, m, p, n))
                        return id;
                }
            }
            at = (at + 1) & (t->slots - 1);
        }
    }
    if (!grow(t)) return -2;
    int64_t id = t->count++;
    t->start[id] = p - buf;
    t->size[id] = size;
    t->hash[id] = h;
    t->head[id] = head;
    int64_t at = (int64_t)(h & (uint64_t)(t->slots - 1));
    while (t->slot[at]) at = (at + 1) & (t->slots - 1);
    t->slot[at] = (int32_t)(id + 1);
    return (int32_t)id;
}

/* The hash of a quoted cell's text with its doubled quote marks made single. */
static uint64_t hash_undoubled(const uint8_t *p, int64_t n) {
    uint8_t small[256];
    uint8_t *copy = n <= 256 ? small : malloc((size_t)n);
    if (!copy) return 0;
    int64_t m = 0;
    for (int64_t i = 0; i < n; i += (p[i] == '"') ? 2 : 1) copy[m++] = p[i];
    uint64_t h = hash_of(copy, m, head_of(copy, m, copy + m), copy + m);
    if (copy != small) free(copy);
    return h;
}

/* A text's id into code column j (of kind CSV_CODE or CSV_CODE8). */
static inline void put_code(part_t *w, int32_t j, int kind, int64_t row, int32_t id) {
    if (kind == CSV_CODE) {
        ((int32_t *)w->out[j])[row] = id;
    } else {
        if (id > CODE8_MOST) w->had[j] |= HAD_MANY;
        ((int8_t *)w->out[j])[row] = (int8_t)(id > CODE8_MOST ? -1 : id);
    }
}

/* Cell j of a row into its column's output: CSV_OK or a fault. */
static inline int32_t put_cell(part_t *w, int32_t j, int64_t row, const uint8_t *s, int64_t n,
                               int doubled) {
    int kind = w->kinds[j];
    if (n == 0) {
        w->had[j] |= HAD_EMPTY;
        if (kind == CSV_NUMBER) ((double *)w->out[j])[row] = __builtin_nan("");
        else if (kind == CSV_CODE) ((int32_t *)w->out[j])[row] = -1;
        else if (kind == CSV_CODE8) ((int8_t *)w->out[j])[row] = -1;
        else if (kind == CSV_SPAN) {
            ((int64_t *)w->out[j])[row] = s - w->buf;
            w->sizes[j][row] = -1;
        }
    } else if (kind == CSV_NUMBER) {
        double v = 0;
        int fraction = 0, got = number_of(s, s + n, w->decimal, &v, &fraction);
        if (got < 0) return CSV_DIGITS;
        if (got == 0) w->had[j] |= HAD_TEXT;
        else if (fraction) w->had[j] |= HAD_FRACTION;
        ((double *)w->out[j])[row] = v;
    } else if (kind == CSV_CODE || kind == CSV_CODE8) {
        uint64_t head = head_of(s, n, w->limit);
        memo_t *m = NULL;
        uint64_t tail = 0;
        if (n <= 16 && !doubled) { /* a label: most cells repeat a few */
            if (n > 8) memcpy(&tail, s + n - 8, 8);
            uint64_t key = (head ^ (tail * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)n) * MIX;
            m = &w->memo[(int64_t)j * MEMO + (int64_t)(key >> 58)];
            if (m->size == n && m->head == head && m->tail == tail) {
                put_code(w, j, kind, row, m->id);
                return CSV_OK;
            }
        }
        uint64_t h = doubled ? hash_undoubled(s, n) : hash_of(s, n, head, w->limit);
        int32_t id = id_of(&w->texts[j], w->buf, s, n, doubled, h, head);
        if (id == -2) return CSV_MEMORY;
        put_code(w, j, kind, row, id);
        if (m != NULL) {
            m->head = head;
            m->tail = tail;
            m->size = (int32_t)n;
            m->id = id;
        }
    } else if (kind == CSV_SPAN) {
        ((int64_t *)w->out[j])[row] = s - w->buf;
        w->sizes[j][row] = (int32_t)n | (doubled ? SPAN_DOUBLED : 0);
    }
    return CSV_OK;
}

/* A blank line (nothing before its line break): pandas' row of empty cells. */
static inline int32_t put_blank(part_t *w, int64_t row, const uint8_t *at) {
    for (int32_t j = 0; j < w->width; j++) {
        int32_t fault = put_cell(w, j, row, at, 0, 0);
        if (fault != CSV_OK) return fault;
    }
    return CSV_OK;
}

/* Scan w->buf[begin, end) byte by byte (quoted cells too). */
static void scan_quoted(part_t *w) {
    uint8_t special[256] = {0};
    special[w->delim] = special['\n'] = special['\r'] = special['"'] = special[0] = 1;
    const uint8_t *p = w->buf + w->begin, *stop = w->buf + w->end;
    int64_t r = 0;
    int32_t width = w->width;
    w->fault = CSV_OK;
    while (p < stop) {
        if (r >= w->most) { w->fault = CSV_ROWS; break; }
        int64_t row = w->row0 + r;
        for (int32_t j = 0;; j++) {
            const uint8_t *s, *e;
            int doubled = 0, quoted = *p == '"';
            if (quoted) {
                s = ++p;
                for (;;) {
                    if (p >= stop) { w->fault = CSV_QUOTE; goto done; }
                    uint8_t b = *p;
                    if (b == '"') {
                        if (p + 1 < stop && p[1] == '"') { doubled = 1; p += 2; continue; }
                        break;
                    }
                    if (b == '\r' || b == 0) { w->fault = b ? CSV_RETURN : CSV_NUL; goto done; }
                    w->high |= b >> 7;
                    p++;
                }
                e = p++;
            } else {
                s = p;
                uint8_t any = 0;
                while (p < stop && !special[*p]) any |= *p++;
                w->high |= any >> 7;
                e = p;
            }
            /* p is at the delimiter, a line end or the end */
            int last = 1;
            if (p < stop) {
                uint8_t b = *p;
                if (b == w->delim) last = 0;
                else if (b == '\n') {}
                else if (b == '\r' && p + 1 < stop && p[1] == '\n') p++;
                else if (b == '\r') { w->fault = CSV_RETURN; goto done; }
                else if (b == 0) { w->fault = CSV_NUL; goto done; }
                else { w->fault = CSV_QUOTE; goto done; } /* "a"b, or a"b */
                p++;
            }
            if (last && j == 0 && e == s && !quoted && width > 1) { /* a blank line */
                int32_t fault = put_blank(w, row, s);
                if (fault != CSV_OK) { w->fault = fault; goto done; }
                break;
            }
            if (j >= width || (last && j + 1 != width)) { w->fault = CSV_WIDTH; goto done; }
            int32_t fault = put_cell(w, j, row, s, e - s, doubled);
            if (fault != CSV_OK) { w->fault = fault; goto done; }
            if (last) break;
            if (p >= stop) { /* "a," at the end of the file: an empty last cell */
                if (j + 2 != width) { w->fault = CSV_WIDTH; goto done; }
                put_cell(w, j + 1, row, p, 0, 0);
                break;
            }
        }
        r++;
    }
done:
    w->rows = r;
    w->fault_row = w->row0 + r;
}

#ifdef __AVX2__
static inline uint64_t eq64(__m256i a, __m256i b, __m256i c) {
    uint32_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, c));
    uint32_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, c));
    return (uint64_t)lo | ((uint64_t)hi << 32);
}

/* Scan a piece without quote marks or NUL bytes 64 bytes at a time: a mask of its
 * delimiters and line breaks, then one cell per bit. Returns 0 where a quote mark or a NUL
 * byte turns up (the caller scans the piece again byte by byte), else 1. */
static int scan_plain(part_t *w) {
    const uint8_t *buf = w->buf, *stop = buf + w->end, *s = buf + w->begin;
    const __m256i vd = _mm256_set1_epi8((char)w->delim), vn = _mm256_set1_epi8('\n');
    const __m256i vr = _mm256_set1_epi8('\r'), vq = _mm256_set1_epi8('"');
    const __m256i vz = _mm256_setzero_si256();
    uint8_t pad[64], filler = w->delim == 'a' ? 'b' : 'a';
    __m256i high = _mm256_setzero_si256();
    int32_t j = 0, width = w->width;
    int64_t r = 0;
    w->fault = CSV_OK;
    for (const uint8_t *blk = s; blk < stop; blk += 64) {
        const uint8_t *src = blk;
        if (stop - blk < 64) {
            memset(pad, filler, 64);
            memcpy(pad, blk, (size_t)(stop - blk));
            src = pad;
        }
        __builtin_prefetch(blk + 1024);
        __m256i a = _mm256_loadu_si256((const __m256i *)src);
        __m256i b = _mm256_loadu_si256((const __m256i *)(src + 32));
        if (eq64(a, b, vq) | eq64(a, b, vz)) return 0;
        high = _mm256_or_si256(high, _mm256_or_si256(a, b));
        uint64_t nl = eq64(a, b, vn), sep = nl | eq64(a, b, vd), cr = eq64(a, b, vr);
        if (cr) { /* every \r is one of a \r\n */
            uint64_t before = nl >> 1;
            if (blk + 64 < stop && blk[64] == '\n') before |= 1ULL << 63;
            if (cr & ~before) { w->fault = CSV_RETURN; goto done; }
        }
        while (sep) {
            const uint8_t *e = blk + __builtin_ctzll(sep);
            sep &= sep - 1;
            int last = *e == '\n';
            const uint8_t *end = (last && e > s && e[-1] == '\r') ? e - 1 : e;
            if (j == 0 && r >= w->most) { w->fault = CSV_ROWS; goto done; }
            if (last && j == 0 && end == s && width > 1) { /* a blank line */
                int32_t fault = put_blank(w, w->row0 + r, s);
                if (fault != CSV_OK) { w->fault = fault; goto done; }
                s = e + 1;
                r++;
                continue;
            }
            if (j >= width || (last && j + 1 != width)) { w->fault = CSV_WIDTH; goto done; }
            int32_t fault = put_cell(w, j, w->row0 + r, s, end - s, 0);
            if (fault != CSV_OK) { w->fault = fault; goto done; }
            s = e + 1;
            if (last) { j = 0; r++; } else j++;
        }
    }
    if (s < stop || j > 0) { /* a last row without its line break */
        if (j + 1 != width) { w->fault = CSV_WIDTH; goto done; }
        if (r >= w->most) { w->fault = CSV_ROWS; goto done; }
        int32_t fault = put_cell(w, j, w->row0 + r, s, stop - s, 0);
        if (fault != CSV_OK) { w->fault = fault; goto done; }
        r++;
    }
done:
    w->high |= _mm256_movemask_epi8(high) != 0;
    w->rows = r;
    w->fault_row = w->row0 + r;
    return 1;
}
#endif

/* Scan part->buf[begin, end) (whole rows; the last may lack its line break). */
static void *scan_part(void *arg) {
    part_t *w = arg;
#ifdef __AVX2__
    if (scan_plain(w)) return NULL;
#endif
    scan_quoted(w); /* after a plain scan, the same texts in the same order: the same ids */
    return NULL;
}

static int64_t count_lines(const uint8_t *p, int64_t n) {
    int64_t c = 0, i = 0;
#ifdef __AVX2__
    const __m256i vn = _mm256_set1_epi8('\n');
    for (; i + 64 <= n; i += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(p + i + 32));
        c += __builtin_popcountll(eq64(a, b, vn));
    }
#endif
    for (; i < n; i++) c += p[i] == '\n';
    return c;
}

void csv_free(void *handle) {
    scan_t *sc = handle;
    if (!sc) return;
    for (int t = 0; t < sc->parts; t++) {
        part_t *w = &sc->part[t];
        if (w->texts)
            for (int32_t j = 0; j < sc->width; j++) {
                free(w->texts[j].start);
                free(w->texts[j].size);
                free(w->texts[j].hash);
                free(w->texts[j].head);
                free(w->texts[j].slot);
            }
        free(w->texts);
        free(w->had);
        free(w->memo);
    }
    free(sc);
}

/* Split buf[begin, n) into up to `parts` pieces at line breaks; for each, the row it starts
 * at if every line is a row, and the rows of all if every line is one (*most_rows, what the
 * caller makes room for: a quoted line break makes fewer). Returns the plan (NULL: no
 * memory). */
typedef struct {
    const uint8_t *buf;
    int64_t begin, end, lines;
} lines_t;

static void *count_part(void *arg) {
    lines_t *c = arg;
    c->lines = count_lines(c->buf + c->begin, c->end - c->begin);
    return NULL;
}

void *csv_plan(const uint8_t *buf, int64_t begin, int64_t n, int32_t width, int32_t parts,
               int64_t *most_rows) {
    scan_t *sc = calloc(1, sizeof(scan_t));
    if (!sc) return NULL;
    if (parts < 1) parts = 1;
    if (parts > CSV_THREADS) parts = CSV_THREADS;
    if (n - begin < (1 << 20)) parts = 1;
    sc->width = width;
    sc->size = n;
    int64_t at = begin;
    for (int t = 0; t < parts && (at < n || t == 0); t++) { /* one piece at least */
        int64_t cut = t + 1 == parts ? n : begin + (n - begin) / parts * (t + 1);
        if (cut < at) cut = at;
        while (cut < n && buf[cut - 1] != '\n') cut++;
        part_t *w = &sc->part[sc->parts++];
        w->buf = buf;
        w->begin = at;
        w->end = cut;
        w->width = width;
        w->had = calloc((size_t)width, sizeof(int32_t));
        w->texts = calloc((size_t)width, sizeof(texts_t));
        w->memo = calloc((size_t)width * MEMO, sizeof(memo_t));
        if (!w->had || !w->texts || !w->memo) { csv_free(sc); return NULL; }
        at = cut;
    }
    lines_t count[CSV_THREADS]; /* each piece's lines, counted at once */
    pthread_t thread[CSV_THREADS];
    int started[CSV_THREADS] = {0};
    for (int t = 0; t < sc->parts; t++) {
        count[t] = (lines_t){buf, sc->part[t].begin, sc->part[t].end, 0};
        if (t > 0) started[t] = pthread_create(&thread[t], NULL, count_part, &count[t]) == 0;
    }
    for (int t = 0; t < sc->parts; t++) {
        if (t == 0 || !started[t]) count_part(&count[t]);
        else pthread_join(thread[t], NULL);
    }
    int64_t row = 0;
    for (int t = 0; t < sc->parts; t++) {
        part_t *w = &sc->part[t];
        w->row0 = row;
        row += count[t].lines + (w->end == n && n > 0 && buf[n - 1] != '\n');
    }
    *most_rows = row;
    return sc;
}

/* Scan the plan's pieces on threads (one per piece). ``out``/``sizes`` as in part_t; ``rows``
 * gets each piece's rows, in order. Returns CSV_OK or the first piece's fault (its row, as a
 * row of the file's data, in *fault_row). A piece that begins inside a quoted cell (a line
 * break quoted in the piece before) is found out by that piece's fault or the caller's check
 * of the rows' sum against a scan of one piece: the caller then plans one piece. */
int32_t csv_scan(void *handle, const uint8_t *buf, uint8_t delim, uint8_t decimal,
                 const int8_t *kinds,
                 void *const *out, int32_t *const *sizes, int64_t most, int64_t *rows,
                 int64_t *fault_row) {
    scan_t *sc = handle;
    pthread_t thread[CSV_THREADS];
    int started[CSV_THREADS] = {0};
    for (int t = 0; t < sc->parts; t++) {
        part_t *w = &sc->part[t];
        w->buf = buf;
        w->limit = buf + sc->size;
        w->delim = delim;
        w->decimal = decimal;
        w->kinds = kinds;
        w->out = out;
        w->sizes = sizes;
        w->most = most - w->row0;
        if (t > 0) started[t] = pthread_create(&thread[t], NULL, scan_part, w) == 0;
        if (t > 0 && !started[t]) scan_part(w);
    }
    if (sc->parts > 0) scan_part(&sc->part[0]);
    for (int t = 1; t < sc->parts; t++)
        if (started[t]) pthread_join(thread[t], NULL);
    for (int t = 0; t < sc->parts; t++) {
        rows[t] = sc->part[t].rows;
        if (sc->part[t].fault != CSV_OK) {
            *fault_row = sc->part[t].fault_row;
            return sc->part[t].fault;
        }
    }
    return CSV_OK;
}

/* 1 where a piece held a byte of 0x80 or more (text that is not ASCII). */
int32_t csv_high(void *handle) {
    scan_t *sc = handle;
    int32_t high = 0;
    for (int t = 0; t < sc->parts; t++) high |= sc->part[t].high;
    return high;
}

/* Column j's HAD_* over every piece. */
int32_t csv_had(void *handle, int32_t j) {
    scan_t *sc = handle;
    int32_t had = 0;
    for (int t = 0; t < sc->parts; t++) had |= sc->part[t].had[j];
    return had;
}

/* Make the pieces' texts of code column j one list: the first piece's ids stay, the
 * others' are renumbered in `codes` (int32, or int8 where `narrow`; rows [row0, row0 + rows)
 * of each piece). Returns the number of texts (-1: no memory; -3: more than int8 codes
 * hold, `codes` then unusable); *bytes gets their size in all (doubled quote marks counted
 * once). */
int64_t csv_merge(void *handle, const uint8_t *buf, int32_t j, void *codes, int32_t narrow,
                  int64_t *bytes) {
    scan_t *sc = handle;
    texts_t *into = &sc->part[0].texts[j];
    for (int t = 1; t < sc->parts; t++) {
        part_t *w = &sc->part[t];
        texts_t *from = &w->texts[j];
        if (from->count == 0) continue;
        int32_t *renumber = malloc((size_t)from->count * sizeof(int32_t));
        if (!renumber) return -1;
        for (int64_t id = 0; id < from->count; id++) {
            int32_t size = from->size[id];
            renumber[id] = id_of(into, buf, buf + from->start[id], size & ~SPAN_DOUBLED,
                                 (size & SPAN_DOUBLED) != 0, from->hash[id], from->head[id]);
            if (renumber[id] == -2) { free(renumber); return -1; }
        }
        if (narrow && into->count > CODE8_MOST + 1) { free(renumber); return -3; }
        if (narrow) {
            int8_t *col = (int8_t *)codes + w->row0;
            for (int64_t r = 0; r < w->rows; r++)
                if (col[r] >= 0) col[r] = (int8_t)renumber[col[r]];
        } else {
            int32_t *col = (int32_t *)codes + w->row0;
            for (int64_t r = 0; r < w->rows; r++)
                if (col[r] >= 0) col[r] = renumber[col[r]];
        }
        free(renumber);
    }
    int64_t total = 0;
    for (int64_t id = 0; id < into->count; id++) total += into->size[id] & ~SPAN_DOUBLED;
    *bytes = total;
    return into->count;
}

/* One text's bytes, its doubled quote marks (SPAN_DOUBLED in its size) made single; returns
 * how many bytes it wrote. */
static inline int64_t copy_text(uint8_t *to, const uint8_t *buf, int64_t start, int32_t s) {
    if (s <= 0) return 0;
    if (!(s & SPAN_DOUBLED)) {
        memcpy(to, buf + start, (size_t)s);
        return s;
    }
    const uint8_t *p = buf + start;
    int64_t m = s & ~SPAN_DOUBLED, at = 0;
    for (int64_t k = 0; k < m; k += (p[k] == '"') ? 2 : 1) to[at++] = p[k];
    return at;
}

/* n texts (offset and size into buf, SPAN_DOUBLED marking doubled quote marks; size -1:
 * none, an empty text) as an Arrow text array's buffers: n + 1 offsets and the bytes. */
static void gather(const uint8_t *buf, const int64_t *start, const int32_t *size, int64_t n,
                   int64_t *offsets, uint8_t *data) {
    int64_t at = 0;
    offsets[0] = 0;
    for (int64_t i = 0; i < n; i++) {
        at += copy_text(data + at, buf, start[i], size[i]);
        offsets[i + 1] = at;
    }
}

typedef struct {
    const uint8_t *buf;
    const int64_t *start, *offsets;
    const int32_t *size;
    int64_t from, to;
    uint8_t *data;
} copy_t;

static void *copy_part(void *arg) {
    copy_t *c = arg;
    for (int64_t i = c->from; i < c->to; i++)
        copy_text(c->data + c->offsets[i], c->buf, c->start[i], c->size[i]);
    return NULL;
}

/* Code column j's texts (after csv_merge), in order of first appearance. */
void csv_texts(void *handle, const uint8_t *buf, int32_t j, int64_t *offsets, uint8_t *data) {
    texts_t *t = &((scan_t *)handle)->part[0].texts[j];
    gather(buf, t->start, t->size, t->count, offsets, data);
}

/* Span column's bytes in all (doubled quote marks counted twice: room enough). */
int64_t csv_span_bytes(const int32_t *size, int64_t n) {
    int64_t total = 0;
    for (int64_t i = 0; i < n; i++)
        if (size[i] > 0) total += size[i] & ~SPAN_DOUBLED;
    return total;
}

/* A span column's texts as csv_texts gives a code column's, the bytes copied on two threads
 * (the offsets worked out first: a text with doubled quote marks is sized by counting). */
void csv_spans(const uint8_t *buf, const int64_t *start, const int32_t *size, int64_t n,
               int64_t *offsets, uint8_t *data) {
    int doubled = 0;
    offsets[0] = 0;
    for (int64_t i = 0; i < n; i++) {
        int32_t s = size[i];
        int64_t m = s > 0 ? s & ~SPAN_DOUBLED : 0;
        if (s > 0 && (s & SPAN_DOUBLED)) {
            doubled = 1;
            break;
        }
        offsets[i + 1] = offsets[i] + m;
    }
    if (doubled || n < 65536) { /* rare, or small: one pass */
        gather(buf, start, size, n, offsets, data);
        return;
    }
    copy_t half[2] = {{buf, start, offsets, size, 0, n / 2, data},
                      {buf, start, offsets, size, n / 2, n, data}};
    pthread_t other;
    int started = pthread_create(&other, NULL, copy_part, &half[1]) == 0;
    copy_part(&half[0]);
    if (started) pthread_join(other, NULL);
    else copy_part(&half[1]);
}

/* Where data begins: the offset after `skip` rows from the start, read as the scanner reads
 * rows; -1 where the buffer ends first or the rows hold what the scanner gives up on (a
 * quote mark inside a cell or after a quoted one, a \r not followed by \n). */
int64_t csv_skip(const uint8_t *buf, int64_t n, int64_t skip, uint8_t delim) {
    int64_t i = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0; /* BOM */
    int start = 1; /* at the start of a cell */
    while (skip > 0 && i < n) {
        uint8_t b = buf[i];
        if (b == '"') {
            if (!start) return -1;
            for (i++;; i++) { /* to the closing quote mark */
                if (i >= n || buf[i] == '\r') return -1;
                if (buf[i] == '"') {
                    if (i + 1 < n && buf[i + 1] == '"') { i++; continue; }
                    break;
                }
            }
            i++;
            if (i < n && buf[i] != delim && buf[i] != '\n' && buf[i] != '\r') return -1;
            start = 0;
            continue;
        }
        if (b == '\r') {
            if (i + 1 == n || buf[i + 1] != '\n') return -1;
        } else if (b == '\n') {
            skip--;
            start = 1;
        } else {
            start = b == delim;
        }
        i++;
    }
    return skip > 0 ? -1 : i;
}

/* The plan's pieces, and the row piece t was given (its rows go from there). */
int32_t csv_parts(void *handle) { return ((scan_t *)handle)->parts; }

int64_t csv_part_row0(void *handle, int32_t t) { return ((scan_t *)handle)->part[t].row0; }

/* Whether n texts (Arrow offsets, 32- or 64-bit by `large`; the bytes at data) are each
 * printable ASCII, with no space at either end and no two spaces in a row anywhere in the
 * bytes they span (ingest/arrowio.py: plain_ascii, whose numpy path gives the same). */
int32_t text_plain(const void *offsets, int32_t large, int64_t n, const uint8_t *data) {
    const int32_t *o32 = offsets;
    const int64_t *o64 = offsets;
#define AT(k) (large ? o64[k] : (int64_t)o32[k])
    int64_t a = AT(0), b = AT(n);
    uint8_t bad = 0;
    if (b > a) {
        bad |= data[a] < 0x20 || data[a] > 0x7E;
        for (int64_t i = a + 1; i < b; i++) { /* no branch: vectorized */
            uint8_t c = data[i];
            bad |= (uint8_t)((c < 0x20) | (c > 0x7E) | ((c == ' ') & (data[i - 1] == ' ')));
        }
    }
    for (int64_t k = 0; k < n && !bad; k++) {
        int64_t s = AT(k), e = AT(k + 1);
        bad |= (uint8_t)((e > s) && (data[s] == ' ' || data[e - 1] == ' '));
    }
#undef AT
    return !bad;
}
