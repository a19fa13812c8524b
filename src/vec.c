/* mdsync growable arrays: the one place a vector's storage grows. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "vec.h"

void *mdsync_vec_grow(void *v, size_t *cap, size_t need, size_t elem, size_t first)
{
	size_t c = *cap ? *cap : first;
	while (c < need) {
		if (c > SIZE_MAX / 2) {
			c = need;
			break;
		}
		c *= 2;
	}
	v = safe_erealloc(v, c, elem, 0);
	*cap = c;
	return v;
}
