/* mdsync memory headroom against memory_limit, read from PHP's allocator without allocating. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "mem.h"

size_t mdsync_mem_limit(void)
{
	zend_long limit = PG(memory_limit);
	return limit > 0 ? (size_t) limit : 0;
}

bool mdsync_mem_room(size_t bytes)
{
	size_t limit = mdsync_mem_limit(), used;
	if (!limit || !is_zend_mm()) {
		return true;
	}
	/* The allocator compares the memory it holds from the system (its "real" usage, in 2 MiB
	 * chunks) plus a new block with the limit: so do we. */
	used = zend_memory_usage(true);
	return used <= limit && bytes <= limit - used && limit - used - bytes >= MDSYNC_MEM_RESERVE;
}
