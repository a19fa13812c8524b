/* mdsync fuzz harness: any answer through the scanner into PHP values (face/json.c), checked against PHP's json_decode. */
#include "embed.h"
#include "ext/json/php_json.h"
#include "face/private.h"
#include "src/json.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	mdsync_fuzz_php_start();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	zval ours, php;
	char why[200], why2[200];
	const char *buf = (const char *) data;
	char *terminated;
	bool ok, ok_php, valid;

	why[0] = '\0';
	ok = mdsync_json_to_zval(&ours, buf, size, why, sizeof(why));
	/* PHP's parser with the same choices: arrays, big integers as strings, 64 levels (its depth
	 * counts one more). It reads a NUL-terminated string (ours gets the exact bytes, so that an
	 * over-read shows). */
	terminated = malloc(size + 1);
	memcpy(terminated, data, size);
	terminated[size] = '\0';
	ok_php = php_json_decode_ex(&php, terminated, size, PHP_JSON_OBJECT_AS_ARRAY, 65) == SUCCESS;
	if (ok_php) {
		/* Values are compared with big integers as strings; acceptance is judged without that flag,
		 * under which PHP 8.2 also takes an integer beyond 64 bits as an object key ({123…:1}). */
		zval_ptr_dtor(&php);
		ok_php = php_json_decode_ex(&php, terminated, size, PHP_JSON_OBJECT_AS_ARRAY | PHP_JSON_BIGINT_AS_STRING, 65) == SUCCESS;
		if (!ok_php) {
			__builtin_trap();
		}
	}
	free(terminated);
	valid = mdsync_json_pick(buf, size, NULL, NULL, 0, NULL, why2, sizeof(why2));

	if (ok && !valid) {
		__builtin_trap(); /* built values from what the validator refuses */
	}
	if (ok && (!ok_php || !zend_is_identical(&ours, &php))) {
		__builtin_trap(); /* accepted what PHP refuses, or read it differently */
	}
	if (!ok && ok_php && !strstr(why, "beyond the range of a float")) {
		__builtin_trap(); /* refused valid JSON (1e400 is the one refusal PHP does not share) */
	}
	if (!ok && (!why[0] || Z_TYPE(ours) != IS_NULL)) {
		__builtin_trap();
	}
	if (valid != (ok || (ok_php && strstr(why, "beyond the range of a float")))) {
		__builtin_trap(); /* the validator and the builder disagree */
	}
	zval_ptr_dtor(&ours);
	if (ok_php) {
		zval_ptr_dtor(&php);
	}
	return 0;
}
