// gas/: the cost schedule (per opcode class, per page, per byte, per element, per host call), versioned.
export * from "./schedule.ts";
