/*
 * xq.h: the xq host functions for contracts written in C (clang --target=wasm32).
 *
 * Build, for example:
 *   clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-dynamic -o c.wasm c.c
 * and mark entry points with XQ_ENTRY("name"): `int32_t name(int64_t amount)` returning
 * XQ_SUCCESS (1) to commit or anything else to reject (state is rolled back).
 *
 * Pointers are addresses in the module's exported `memory`. Negative returns are the host codes
 * listed below (src/contract/result.ts `HostCode` is the authority).
 */
#ifndef XQ_H
#define XQ_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define XQ_IMPORT(name) __attribute__((import_module("xq"), import_name(name)))
#define XQ_ENTRY(name) __attribute__((export_name(name)))

#define XQ_SUCCESS 1
#define XQ_FAILURE 0
#define XQ_ADDRESS_LENGTH 20
#define XQ_MAX_PARAMETER_BYTES 4096
#define XQ_MAX_EVENT_BYTES 512
#define XQ_MAX_EVENTS 64

/* Host return codes. */
#define XQ_OK 0
#define XQ_ERR_EVENT_NO_MEMORY (-100)
#define XQ_ERR_EVENT_OUT_OF_BOUNDS (-101)
#define XQ_ERR_INVALID_DATA (-102)        /* not UTF-8, event too long, too many events */
#define XQ_ERR_PARAMETER (-103)           /* parameter > 4096 bytes or not writable at ptr */
#define XQ_ERR_RETURN_NO_MEMORY (-104)
#define XQ_ERR_RETURN_OUT_OF_BOUNDS (-105)
#define XQ_ERR_STORE_NO_MEMORY (-106)
#define XQ_ERR_STORE_OUT_OF_BOUNDS (-107)
#define XQ_ERR_OPERATION_FAILED (-108)    /* store error, call rejected, insufficient funds */
#define XQ_ERR_KEY_NOT_FOUND (-109)       /* get_store_len / get_store_cap only */
#define XQ_ERR_BUFFER_TOO_SMALL (-110)    /* get_store_cap only; nothing written */

/* Call context. Address writers store exactly XQ_ADDRESS_LENGTH bytes at out. */
XQ_IMPORT("get_owner") void xq_get_owner(uint8_t *out);
XQ_IMPORT("get_invoker") void xq_get_invoker(uint8_t *out);
XQ_IMPORT("get_contract_address") void xq_get_contract_address(uint8_t *out);
XQ_IMPORT("get_contract_balance") int64_t xq_get_contract_balance(void);
/* Writes the parameter at out (reserve XQ_MAX_PARAMETER_BYTES); returns its length or XQ_ERR_PARAMETER. */
XQ_IMPORT("get_parameter") int32_t xq_get_parameter(uint8_t *out);

/* Block. */
XQ_IMPORT("get_block_time") int64_t xq_get_block_time(void);
XQ_IMPORT("get_block_height") int64_t xq_get_block_height(void);
/* Writes the block hash at out; returns its length or a negative code. (The original Rust SDK
   declared the result as i64; the host returns i32, and both signatures are linked.) */
XQ_IMPORT("get_block_hash") int32_t xq_get_block_hash(uint8_t *out);

/* Output. Both return len on success or a negative code. */
XQ_IMPORT("set_event") int32_t xq_set_event(const uint8_t *data, int32_t len);
XQ_IMPORT("set_return_data") int32_t xq_set_return_data(const uint8_t *data, int32_t len);

/* Storage of this contract. */
XQ_IMPORT("set_store") int32_t xq_set_store(const uint8_t *key, int32_t key_len, const uint8_t *value, int32_t value_len);
/* Original read: writes the whole value at value with NO bound. Prefer get_store_len + get_store_cap. */
XQ_IMPORT("get_store") int32_t xq_get_store(const uint8_t *key, int32_t key_len, uint8_t *value);
/* Length of the value, or XQ_ERR_KEY_NOT_FOUND. */
XQ_IMPORT("get_store_len") int32_t xq_get_store_len(const uint8_t *key, int32_t key_len);
/* Writes the value if it fits in value_cap bytes; returns its length, XQ_ERR_KEY_NOT_FOUND or XQ_ERR_BUFFER_TOO_SMALL. */
XQ_IMPORT("get_store_cap") int32_t xq_get_store_cap(const uint8_t *key, int32_t key_len, uint8_t *value, int32_t value_cap);

/* Value and other contracts. Both return XQ_OK or a negative code. */
XQ_IMPORT("call") int32_t xq_call(const uint8_t *address, int64_t amount, const char *fn, int32_t fn_len, const uint8_t *param, int32_t param_len);
XQ_IMPORT("transfer") int32_t xq_transfer(const uint8_t *address, int64_t amount);

/* Debug log of the host (UTF-8); no effect on the result. */
XQ_IMPORT("Debug") void xq_debug(const char *message, int32_t len);

/* Gas for pre-instrumented contracts (module "gas"): charges amount units. */
__attribute__((import_module("gas"), import_name("gas"))) void xq_gas(int32_t amount);

#ifdef __cplusplus
}
#endif

#endif /* XQ_H */
