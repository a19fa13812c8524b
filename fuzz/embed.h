/* mdsync fuzzing: PHP's embed SAPI started once per process, so that src/ can use emalloc and zvals. */
#ifndef MDSYNC_FUZZ_EMBED_H
#define MDSYNC_FUZZ_EMBED_H

#include <stdlib.h>
#include "sapi/embed/php_embed.h"

/* PHP's own allocator off (every emalloc a malloc that ASan watches), no php.ini (Debian's would
 * load shared extensions with RTLD_DEEPBIND, which ASan refuses), and a request started. */
static inline void mdsync_fuzz_php_start(void)
{
	static int started;
	if (started) {
		return;
	}
	started = 1;
	setenv("USE_ZEND_ALLOC", "0", 1);
	php_embed_module.php_ini_ignore = 1;
	if (php_embed_init(0, NULL) != SUCCESS) {
		abort();
	}
}

#endif
