// The gas schedule: what each instruction costs. Every opcode belongs to one cost class; a schedule
// gives each class a price and adds the dynamic costs (per page, per byte, per element, per host
// call). The default schedule is versioned: consensus depends on these numbers, so any change to
// them is a new version, never an edit of an old one.

import { OPCODES } from "../core/index.ts";

export const COST_CLASSES = [
  "free",          // block, loop, end, else, nop: structure only
  "constant",      // *.const, ref.null, ref.func
  "local",         // local.get/set/tee, drop, select
  "global",        // global.get/set
  "intAlu",        // integer add/sub/logic/shift/rotate/compare/clz/ctz/popcnt, extend/wrap
  "intMul",        // i32.mul, i64.mul
  "intDiv",        // div/rem
  "floatSimple",   // abs/neg/copysign/compare/min/max/ceil/floor/trunc/nearest
  "floatArith",    // add/sub/mul
  "floatDiv",      // div/sqrt
  "conversion",    // conversions, truncations, reinterpretations, promote/demote
  "load",
  "store",
  "branch",        // br, br_if, br_table, if, return, unreachable
  "call",
  "callIndirect",
  "memorySize",
  "memoryGrow",    // plus memoryGrowPerPage for each page actually requested
  "bulkMemory",    // memory.copy/fill/init, data.drop: plus bulkMemoryPerByte
  "tableAccess",   // table.get/set/size, ref.is_null
  "bulkTable",     // table.grow/fill/copy/init, elem.drop: plus bulkTablePerElement
  "simdSimple",
  "simdArith",
  "simdMul",
  "simdLoadStore",
] as const;
export type CostClass = (typeof COST_CLASSES)[number];

export interface GasSchedule {
  /** Identifies the schedule in artifacts and results, e.g. "xwasm-gas-v1". */
  readonly version: string;
  readonly classCosts: Readonly<Record<CostClass, number>>;
  readonly memoryGrowPerPage: number;
  readonly bulkMemoryPerByte: number;
  readonly bulkTablePerElement: number;
  readonly hostCallBase: number;
  readonly hostCallPerByte: number;
}

export const DEFAULT_GAS_SCHEDULE: GasSchedule = Object.freeze({
  version: "xwasm-gas-v1",
  classCosts: Object.freeze({
    free: 0,
    constant: 1,
    local: 1,
    global: 2,
    intAlu: 1,
    intMul: 3,
    intDiv: 8,
    floatSimple: 2,
    floatArith: 3,
    floatDiv: 10,
    conversion: 2,
    load: 3,
    store: 3,
    branch: 2,
    call: 10,
    callIndirect: 15,
    memorySize: 2,
    memoryGrow: 20,
    bulkMemory: 10,
    tableAccess: 3,
    bulkTable: 10,
    simdSimple: 2,
    simdArith: 3,
    simdMul: 6,
    simdLoadStore: 4,
  }),
  memoryGrowPerPage: 1000,
  bulkMemoryPerByte: 1,
  bulkTablePerElement: 2,
  hostCallBase: 200,
  hostCallPerByte: 1,
});

/** The cost class of an opcode (combined numbering, see core/opcodes.ts). */
export function costClassOf(code: number): CostClass {
  const info = OPCODES.get(code);
  if (info === undefined) throw new Error(`no such opcode 0x${code.toString(16)}`);
  const name = info.name;
  if (code >= 0xfd00) {
    if (name.includes("load") || name.includes("store")) return "simdLoadStore";
    if (/mul|dot|div|sqrt|q15/.test(name)) return "simdMul";
    if (/add|sub|avgr|min|max|neg|abs|convert|trunc|narrow|extend|demote|promote|ceil|floor|nearest/.test(name)) return "simdArith";
    return "simdSimple";
  }
  switch (name) {
    case "block": case "loop": case "end": case "else": case "nop": return "free";
    case "br": case "br_if": case "br_table": case "if": case "return": case "unreachable": return "branch";
    case "call": return "call";
    case "call_indirect": return "callIndirect";
    case "local.get": case "local.set": case "local.tee": case "drop": case "select": case "select_t": return "local";
    case "global.get": case "global.set": return "global";
    case "i32.const": case "i64.const": case "f32.const": case "f64.const": case "ref.null": case "ref.func": return "constant";
    case "memory.size": return "memorySize";
    case "memory.grow": return "memoryGrow";
    case "memory.copy": case "memory.fill": case "memory.init": case "data.drop": return "bulkMemory";
    case "table.get": case "table.set": case "table.size": case "ref.is_null": return "tableAccess";
    case "table.grow": case "table.fill": case "table.copy": case "table.init": case "elem.drop": return "bulkTable";
    case "i32.mul": case "i64.mul": return "intMul";
  }
  if (/\.(load|store)/.test(name)) return name.includes("store") ? "store" : "load";
  if (/^i(32|64)\.(div|rem)/.test(name)) return "intDiv";
  if (/^f(32|64)\.(div|sqrt)$/.test(name)) return "floatDiv";
  if (/^f(32|64)\.(add|sub|mul)$/.test(name)) return "floatArith";
  if (/^f(32|64)\./.test(name) && !/convert|demote|promote|reinterpret/.test(name)) return "floatSimple";
  if (/trunc|convert|demote|promote|reinterpret/.test(name)) return "conversion";
  return "intAlu";
}

/** Cost of every opcode under a schedule, dense by combined opcode (0..0xfdff). Built once per schedule. */
export function opcodeCosts(schedule: GasSchedule): Uint32Array {
  const costs = new Uint32Array(0xfe00);
  for (const code of OPCODES.keys()) costs[code] = schedule.classCosts[costClassOf(code)];
  return costs;
}

/** Checks a user-provided schedule: every class priced with a non-negative safe integer. */
export function checkSchedule(schedule: GasSchedule): void {
  for (const cls of COST_CLASSES) {
    const cost = schedule.classCosts[cls];
    if (!Number.isSafeInteger(cost) || cost < 0) throw new Error(`gas schedule ${schedule.version}: cost of ${cls} must be a non-negative integer, got ${String(cost)}`);
  }
  for (const key of ["memoryGrowPerPage", "bulkMemoryPerByte", "bulkTablePerElement", "hostCallBase", "hostCallPerByte"] as const) {
    const cost = schedule[key];
    if (!Number.isSafeInteger(cost) || cost < 0) throw new Error(`gas schedule ${schedule.version}: ${key} must be a non-negative integer, got ${String(cost)}`);
  }
}
