// Hard limits of the format and the spec, as named constants (engine-configurable limits live in runtime/).

/** Page size of linear memory in bytes. */
export const PAGE_SIZE = 65536;
/** Maximum number of pages a 32-bit memory may declare (4 GiB). */
export const MAX_MEMORY_PAGES = 65536;
/** Maximum table size the spec allows for a 32-bit table index. */
export const MAX_TABLE_SIZE = 0xffffffff;
/** Total number of locals (params included) a function may have; the spec's implementation limit
 * used by V8 is 50,000, and any larger declared count is refused before allocating. */
export const MAX_FUNCTION_LOCALS = 50000;
