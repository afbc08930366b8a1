// host/xq: the chain's host functions (import module `xq`, plus `gas.gas`), written against the
// abstract `XqEnvironment` that contract/ implements; the host return codes and limits.
export { HostCode, CONTRACT_LIMITS } from "./host-codes.ts";
export type { HostCodeName, HostCodeValue } from "./host-codes.ts";
export type { XqEnvironment, XqOutcome, MemoryLike } from "./environment.ts";
export { XqHost, rangeInBounds } from "./xq-host.ts";
export type { XqHostOptions } from "./xq-host.ts";
