/* mdsync memory headroom: whether PHP's allocator can give more without passing memory_limit. */
#ifndef MDSYNC_MEM_H
#define MDSYNC_MEM_H

#include <stdbool.h>
#include <stddef.h>

/* Kept free below memory_limit for the code that reports a refusal and unwinds. */
#define MDSYNC_MEM_RESERVE ((size_t) 4 * 1024 * 1024)

/* Whether emalloc may take bytes more and still leave MDSYNC_MEM_RESERVE below memory_limit.
 * Always true without a limit (memory_limit -1) or when PHP's allocator is off (USE_ZEND_ALLOC=0,
 * as under valgrind and ASan: then PHP enforces no limit either). Never allocates: safe inside
 * libcurl's callbacks, where an allocation past memory_limit would end the process. */
bool mdsync_mem_room(size_t bytes);

/* memory_limit in bytes, 0 if there is none (for messages). */
size_t mdsync_mem_limit(void);

#endif
