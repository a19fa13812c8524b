/* mdsync planner's hash index: SipHash-1-3 and linear probing over record indices (no zvals, no HashTable). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "plan_index.h"

#define ROTL(x, b) (uint64_t) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do { \
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
} while (0)

uint64_t mdsync_khash(const uint64_t key[2], const char *s, size_t len)
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ key[0], v1 = 0x646f72616e646f6dULL ^ key[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ key[0], v3 = 0x7465646279746573ULL ^ key[1];
	uint64_t m, b = (uint64_t) len << 56;
	const unsigned char *p = (const unsigned char *) s, *end = p + (len & ~(size_t) 7);
	size_t left = len & 7, i;

	for (; p < end; p += 8) {
		memcpy(&m, p, 8);
#ifdef WORDS_BIGENDIAN
		m = __builtin_bswap64(m);
#endif
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < left; i++) {
		b |= (uint64_t) p[i] << (8 * i);
	}
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

void mdsync_kindex_init(mdsync_kindex *x, const mdsync_userset *set, size_t member, size_t expected, bool chains)
{
	size_t cap = 16;
	while (cap < expected * 2) {
		cap *= 2;
	}
	memset(x, 0, sizeof(*x));
	x->slot = safe_emalloc(cap, sizeof(uint64_t), 0);
	memset(x->slot, 0, cap * sizeof(uint64_t));
	x->mask = cap - 1;
	x->set = set;
	x->member = member;
	if (chains) {
		size_t n = set->count ? set->count : 1;
		x->next = safe_emalloc(n, sizeof(uint32_t), 0);
		x->tail = safe_emalloc(n, sizeof(uint32_t), 0);
	}
}

void mdsync_kindex_dtor(mdsync_kindex *x)
{
	efree(x->slot);
	if (x->next) {
		efree(x->next);
		efree(x->tail);
	}
	memset(x, 0, sizeof(*x));
}

uint32_t mdsync_kindex_add(mdsync_kindex *x, uint32_t i, uint64_t h)
{
	const char *key = mdsync_kindex_key(x, i);
	uint64_t tag = h >> 32;
	size_t pos = (size_t) h & x->mask;

	if (x->next) {
		x->next[i] = MDSYNC_NONE;
	}
	for (;; pos = (pos + 1) & x->mask) {
		uint64_t s = x->slot[pos];
		uint32_t head;
		if (s == 0) {
			/* The table holds at most half as many keys as slots: an empty slot always comes. */
			x->slot[pos] = (tag << 32) | ((uint64_t) i + 1);
			x->count++;
			if (x->next) {
				x->tail[i] = i;
			}
			return i;
		}
		head = (uint32_t) s - 1;
		if ((s >> 32) == tag && strcmp(mdsync_kindex_key(x, head), key) == 0) {
			if (x->next) {
				x->next[x->tail[head]] = i;
				x->tail[head] = i;
			}
			return head;
		}
	}
}

uint32_t mdsync_kindex_find(const mdsync_kindex *x, const char *key, size_t len, uint64_t h)
{
	uint64_t tag = h >> 32;
	size_t pos = (size_t) h & x->mask;
	for (;; pos = (pos + 1) & x->mask) {
		uint64_t s = x->slot[pos];
		const char *k;
		if (s == 0) {
			return MDSYNC_NONE;
		}
		if ((s >> 32) == tag) {
			k = mdsync_kindex_key(x, (uint32_t) s - 1);
			if (strnlen(k, len + 1) == len && memcmp(k, key, len) == 0) {
				return (uint32_t) s - 1;
			}
		}
	}
}
