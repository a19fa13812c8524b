/* mdsync growable arrays: one typed vector for every list the C code grows. */
#ifndef MDSYNC_VEC_H
#define MDSYNC_VEC_H

#include <stddef.h>

#define MDSYNC_VEC(T) struct { T *v; size_t n, cap; }

/* Grows *v (cap elements of size elem) to hold at least need; doubles, starting at first.
 * Request memory (emalloc); an impossible size fails like any emalloc overflow. */
void *mdsync_vec_grow(void *v, size_t *cap, size_t need, size_t elem, size_t first);

#define MDSYNC_VEC_RESERVE(vec, need) do { \
	if ((need) > (vec).cap) { \
		(vec).v = mdsync_vec_grow((vec).v, &(vec).cap, (need), sizeof(*(vec).v), 16); \
	} \
} while (0)

#define MDSYNC_VEC_PUSH(vec, val) do { \
	MDSYNC_VEC_RESERVE(vec, (vec).n + 1); \
	(vec).v[(vec).n++] = (val); \
} while (0)

#define MDSYNC_VEC_FREE(vec) do { \
	if ((vec).v) { \
		efree((vec).v); \
	} \
	(vec).v = NULL; \
	(vec).n = (vec).cap = 0; \
} while (0)

#endif
