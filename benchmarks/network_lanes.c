/* A study, not shipped: exact Brandes betweenness with 64 sources searched at once (bit-parallel
 * bucket search, after multi-source BFS, Then et al. 2014), against the shipped kernel
 * (src/amc_assess/kernels.c ``dependencies``). Same arguments and return as that function;
 * compiled and timed by benchmarks/network_lanes_bench.py, which gives the figures.
 *
 * Per block of 64 sources: a person's lanes waiting in each bucket of the ring (one uint64 per
 * person per ring slot, one cache line) and the lanes already settled (one uint64); a person
 * is taken out of a bucket once for all its lanes there, and a tie to a person settled on
 * every such lane is skipped with one AND, one waiting in an earlier bucket too. Distances,
 * path counts and the first predecessor per (person, lane), lane-major. The backward pass runs
 * over the settled (person, lanes) log in reverse: no person of one bucket lies on another's
 * shortest path, so that order is a reverse topological order on every lane at once.
 *
 * A lane whose distance waits in a bucket other than the one a tie would put it in is decided
 * by the masks alone; in the same bucket by a 16-bit position within the bucket (``fine``),
 * and only where that is equal too by the distance.
 *
 * Measured on the 5,000-person network (one thread, the machine shared): the ties are scanned
 * 13x less often (25.5M times, not 338M), but 93M (person, lane) steps remain (39M path
 * shortenings, 54M comparisons), on a working set of ~6 MB per thread (distances, path counts,
 * predecessors of 64 lanes) that misses the 512 KB L2 cache, where the shipped kernel's 120 KB
 * of records stay in it: 5-7 s against 2.7-3.3 s with 64, 32, 16 or 8 lanes. Not faster. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Exact Brandes betweenness on whole-number path lengths, 64 sources at once: the same
 * computations in the same order as network/brandes.py's dependencies() (its docstring says
 * what they are), on up to ``threads`` threads.
 *
 * The sources are taken in blocks of SOURCE_BLOCK = 64, one bit ("lane") each. A block's
 * dependencies are summed apart (from 0.0) and the block sums are added to ``out`` in block
 * order, so the figures are the same to the bit whatever the number of threads. A thread takes
 * the next block; a finished block waits in a ring of 8 x threads sums until the blocks before
 * it are added.
 *
 * A tie is one 32-bit word where it fits (neighbour << cbits | which of the distinct lengths),
 * else 64 bits; the bucket step of each distinct length is looked up, not divided. */
#include <pthread.h>

#define SOURCE_BLOCK 64
#ifndef LANES
#define LANES 64
#endif

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

typedef struct { int32_t *at; int64_t len, cap; } brandes_list_t; /* a growing int32 list */

typedef struct { /* one thread's work arrays; lane-major: [person * 64 + lane] */
    union { int64_t *dist; double *delta; }; /* forward: distance (FAR); backward: dependency */
    double *sigma;
    uint16_t *fine;      /* where in its bucket the distance is, in 1/65536 of the width */
    int32_t *pred;       /* >= 0: the one predecessor; <= -2: chain -pred - 2 of more */
    uint64_t *slot;      /* [person * ring + bucket % ring]: lanes waiting in that bucket */
    uint64_t *done;      /* lanes settled */
    brandes_list_t *bucket; /* per ring slot: people with lanes waiting (stale ones too) */
    brandes_list_t log;  /* settled: person, then its lanes' mask in two words, in order */
    brandes_list_t chain; /* pairs (pred, next) */
} brandes_work_t;

#define FAR ((int64_t)1 << 62)

static int list_push(brandes_list_t *l, int32_t x) {
    if (l->len == l->cap) {
        int64_t cap = l->cap ? 2 * l->cap : 1024;
        int32_t *at = realloc(l->at, sizeof(int32_t) * cap);
        if (!at) return 0;
        l->at = at;
        l->cap = cap;
    }
    l->at[l->len++] = x;
    return 1;
}

static void brandes_free(brandes_work_t *w, int64_t ring) {
    free(w->dist); free(w->sigma); free(w->pred); free(w->fine); free(w->slot); free(w->done);
    if (w->bucket)
        for (int64_t k = 0; k < ring; k++) free(w->bucket[k].at);
    free(w->bucket); free(w->log.at); free(w->chain.at);
}

static int brandes_alloc(brandes_work_t *w, const brandes_t *c) {
    int64_t n = c->n;
    memset(w, 0, sizeof(*w));
    w->dist = malloc(sizeof(int64_t) * n * LANES);
    w->sigma = malloc(sizeof(double) * n * LANES);
    w->pred = malloc(sizeof(int32_t) * n * LANES);
    w->fine = malloc(sizeof(uint16_t) * n * LANES);
    w->slot = calloc(n * c->ring, sizeof(uint64_t));
    w->done = malloc(sizeof(uint64_t) * n);
    w->bucket = calloc(c->ring, sizeof(brandes_list_t));
    if (!w->dist || !w->sigma || !w->pred || !w->fine || !w->slot || !w->done || !w->bucket) {
        brandes_free(w, c->ring);
        return 0;
    }
    return 1;
}

/* Block ``block`` of sources into sum (from 0.0). ``wide`` is a constant in each caller, so
 * each tie layout gets a loop of its own. Returns 0 where memory ran out. */
static inline __attribute__((always_inline)) int brandes_lanes(
    const brandes_t *c, brandes_work_t *wk, int64_t block, double *sum, const int wide) {
    const int64_t *indptr = c->indptr, *length = c->length, *steps = c->steps, *rest = c->rest;
    const uint32_t *arcs32 = c->arcs;
    const uint64_t *arcs64 = c->arcs;
    int64_t *dist = wk->dist;
    double *sigma = wk->sigma;
    int32_t *pred = wk->pred;
    uint16_t *fine = wk->fine;
    const unsigned __int128 recip = ((unsigned __int128)1 << 80) / (uint64_t)c->width;
    uint64_t *slot = wk->slot, *done = wk->done;
    int64_t n = c->n, width = c->width, mask = c->mask, ring = c->ring;
    int cbits = c->cbits;
    uint64_t code_mask = ((uint64_t)1 << cbits) - 1;
    int64_t first = block;
    int64_t lanes = first + LANES < c->n_sources ? LANES : c->n_sources - first;
    for (int64_t i = 0; i < n * LANES; i++) dist[i] = FAR;
    memset(done, 0, sizeof(uint64_t) * n);
    wk->log.len = 0;
    wk->chain.len = 0;
    int64_t pending = 0;
    for (int64_t i = 0; i < lanes; i++) {
        int32_t s = (int32_t)c->sources[first + i];
        int64_t x = (int64_t)s * LANES + i;
        dist[x] = 0;
        sigma[x] = 1.0;
        pred[x] = -1;
        if (slot[(int64_t)s * ring] == 0) {
            if (!list_push(&wk->bucket[0], s)) return 0;
            pending++;
        }
        slot[(int64_t)s * ring] |= (uint64_t)1 << i;
    }
    int64_t sources_end = -1; /* log entries of bucket 0 (the sources) */
    for (int64_t b = 0; pending > 0; b++) {
        if (b == 1) sources_end = wk->log.len;
        int64_t sl = b & mask;
        brandes_list_t *list = &wk->bucket[sl]; /* no tie leads back into this bucket */
        int64_t low = b * width;
        for (int64_t e = 0; e < list->len; e++) {
            int32_t v = list->at[e];
            pending--;
            uint64_t m = slot[(int64_t)v * ring + sl];
            if (!m) continue; /* its lanes moved to earlier buckets */
            slot[(int64_t)v * ring + sl] = 0;
            done[v] |= m;
            if (!list_push(&wk->log, v) || !list_push(&wk->log, (int32_t)(uint32_t)m)
                || !list_push(&wk->log, (int32_t)(uint32_t)(m >> 32)))
                return 0;
            const int64_t *dv_row = dist + (int64_t)v * LANES;
            const double *sv_row = sigma + (int64_t)v * LANES;
            for (int64_t p = indptr[v], end = indptr[v + 1]; p < end; p++) {
                uint64_t arc = wide ? arcs64[p] : arcs32[p];
                int64_t w = (int64_t)(arc >> cbits), k = (int64_t)(arc & code_mask);
                uint64_t r = m & ~done[w];
                if (!r) continue; /* settled on every lane */
                const uint64_t *ws = slot + w * ring;
                uint64_t early = 0; /* lanes waiting in buckets b .. b + steps - 1: shorter */
                for (int64_t j = 0; j < steps[k]; j++) early |= ws[(b + j) & mask];
                r &= ~early;
                int64_t len = length[k], step = steps[k], more = rest[k];
                uint64_t at_q = ws[(b + step) & mask], at_q1 = ws[(b + step + 1) & mask];
                while (r) {
                    int lane = __builtin_ctzll(r);
                    r &= r - 1;
                    uint64_t bit = (uint64_t)1 << lane;
                    int64_t dv = dv_row[lane], nd = dv + len, x = w * LANES + lane;
                    int carry = dv - low + more >= width;
                    /* w's bucket (from the masks) against nd's: the distance is read only
                     * where both are in one bucket */
                    uint64_t same = carry ? at_q1 : at_q;
                    if (carry && (at_q & bit)) continue; /* waits in an earlier bucket */
                    int64_t into = dv - low + more - (carry ? width : 0); /* nd's offset */
                    uint16_t pos = (uint16_t)(((unsigned __int128)into * recip) >> 64);
                    int64_t dw = FAR;
                    if (same & bit) { /* one bucket: the fine position, else the distance */
                        uint16_t there = fine[x];
                        if (pos > there) continue;
                        dw = pos < there ? FAR : dist[x];
                    }
                    if (nd < dw) {
                        fine[x] = pos;
                        uint64_t *row = slot + w * ring;
                        for (int64_t j = step; j < ring; j++) row[(b + j) & mask] &= ~bit;
                        dist[x] = nd;
                        sigma[x] = sv_row[lane];
                        pred[x] = v;
                        int64_t nb = (b + step + carry) & mask;
                        uint64_t *to = row + nb;
                        if (!*to) {
                            if (!list_push(&wk->bucket[nb], (int32_t)w)) return 0;
                            pending++;
                        }
                        *to |= bit;
                    } else if (nd == dw) {
                        sigma[x] += sv_row[lane];
                        int32_t p0 = pred[x];
                        brandes_list_t *ch = &wk->chain;
                        if (p0 >= 0) { /* a second predecessor: both in a chain */
                            if (!list_push(ch, p0) || !list_push(ch, -1)) return 0;
                            p0 = (int32_t)(-(ch->len / 2 - 1) - 2);
                        }
                        if (!list_push(ch, v) || !list_push(ch, -p0 - 2)) return 0;
                        pred[x] = (int32_t)(-(ch->len / 2 - 1) - 2);
                    }
                }
            }
        }
        list->len = 0;
    }
    if (sources_end < 0) sources_end = wk->log.len;
    double *delta = wk->delta;
    memset(delta, 0, sizeof(double) * n * LANES);
    const int32_t *log = wk->log.at, *chain = wk->chain.at;
    for (int64_t e = wk->log.len - 3; e >= sources_end; e -= 3) { /* the sources: no sum */
        int32_t w = log[e];
        uint64_t m = (uint64_t)(uint32_t)log[e + 1] | (uint64_t)(uint32_t)log[e + 2] << 32;
        double total = sum[w];
        while (m) {
            int lane = __builtin_ctzll(m);
            m &= m - 1;
            int64_t x = (int64_t)w * LANES + lane;
            double dw = delta[x];
            double coeff = (1.0 + dw) / sigma[x];
            int32_t p = pred[x];
            if (p >= 0) {
                int64_t y = (int64_t)p * LANES + lane;
                delta[y] += sigma[y] * coeff;
            } else {
                for (int32_t l = -p - 2; l >= 0; l = chain[2 * l + 1]) {
                    int64_t y = (int64_t)chain[2 * l] * LANES + lane;
                    delta[y] += sigma[y] * coeff;
                }
            }
            total += dw;
        }
        sum[w] = total;
    }
    return 1;
}

/* Block ``block`` of sources into sum (from 0.0). */
static int brandes_block(const brandes_t *c, brandes_work_t *wk, int64_t block, double *sum) {
    int64_t first = block * SOURCE_BLOCK;
    int64_t last = first + SOURCE_BLOCK < c->n_sources ? first + SOURCE_BLOCK : c->n_sources;
    memset(sum, 0, sizeof(double) * c->n);
    for (int64_t at = first; at < last; at += LANES)
        if (!(c->wide ? brandes_lanes(c, wk, at, sum, 1) : brandes_lanes(c, wk, at, sum, 0)))
            return 0;
    return 1;
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
        int fine = brandes_block(c, &wk, block, sum);
        pthread_mutex_lock(&c->lock);
        if (!fine) {
            c->failed = 1;
            break;
        }
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
    if (ok) brandes_free(&wk, c->ring);
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
