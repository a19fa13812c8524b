/* mdsync planner's own hash index: open addressing over record indices, keyed SipHash. Internal to plan*.c. */
#ifndef MDSYNC_PLAN_INDEX_H
#define MDSYNC_PLAN_INDEX_H

#include "users.h"

#define MDSYNC_NONE UINT32_MAX

/* SipHash-1-3 of s under a per-plan random key: a peer cannot choose keys that collide. */
uint64_t mdsync_khash(const uint64_t key[2], const char *s, size_t len);

/* Records of one set by one key (a uint32 arena offset in mdsync_user, at byte offset
 * member). A slot holds the hash's high half and 1 + the index of the first record with that
 * key; with chains, next[] links the others in input order. */
typedef struct {
	uint64_t *slot;
	size_t mask;
	const mdsync_userset *set;
	size_t member;
	uint32_t *next, *tail;  /* chains: NULL when only the first record of a key is kept */
	uint32_t count;         /* distinct keys */
} mdsync_kindex;

void mdsync_kindex_init(mdsync_kindex *x, const mdsync_userset *set, size_t member, size_t expected, bool chains);
void mdsync_kindex_dtor(mdsync_kindex *x);

static inline const char *mdsync_kindex_key(const mdsync_kindex *x, uint32_t i)
{
	uint32_t off = *(const uint32_t *) ((const char *) &x->set->users[i] + x->member);
	return off ? x->set->arena + off - 1 : NULL;
}

/* Asks the CPU for the slot a hash starts at, a few records ahead of its use: the index is
 * larger than the caches, and a lookup is one cache miss that prefetching hides. */
#define MDSYNC_PREFETCH_AHEAD 16
static inline void mdsync_kindex_prefetch(const mdsync_kindex *x, uint64_t h)
{
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(&x->slot[(size_t) h & x->mask]);
#else
	(void) x;
	(void) h;
#endif
}

/* Adds record i (its key hashes to h); returns the first record with its key (i if new). */
uint32_t mdsync_kindex_add(mdsync_kindex *x, uint32_t i, uint64_t h);
/* The first record whose key is the len bytes at key, or MDSYNC_NONE. */
uint32_t mdsync_kindex_find(const mdsync_kindex *x, const char *key, size_t len, uint64_t h);

#endif
