// Test-only: instantiates a module that has no imports directly on the exec/ structures (decode →
// validate → compile → ModuleInstance), so exec/ and compile/ can be tested without runtime/.
// Values cross as bigint raw bits (i32/f32: low 32 bits; i64/f64: 64 bits) so NaN payloads are exact.

import { decodeModule } from "../binary/index.ts";
import { validateModule } from "../valid/index.ts";
import { compileModule } from "../compile/index.ts";
import type { ConstExpr, ModuleRecord } from "../core/index.ts";
import type { CompileOptions } from "../compile/index.ts";
import { SEGMENT_ACTIVE, SEGMENT_PASSIVE } from "../core/index.ts";
import {
  GlobalInstance, MemoryInstance, Store, TableInstance, invoke,
} from "./index.ts";
import type { FuncInstance, HostFuncInstance, ModuleInstance, WasmFuncInstance } from "./index.ts";

export async function watToBytes(text: string): Promise<Uint8Array> {
  const wabt = await (await import("wabt")).default();
  const m = wabt.parseWat("test.wat", text, { simd: true });
  return new Uint8Array(m.toBinary({}).buffer);
}

export interface TestInstance {
  readonly store: Store;
  readonly module: ModuleRecord;
  readonly instance: ModuleInstance;
  /** Calls an exported function with raw-bit arguments; returns raw-bit results. */
  call(name: string, ...args: bigint[]): bigint[];
}

function evalConst(expr: ConstExpr, inst: ModuleInstance, cell: Int32Array): void {
  const ins = expr.instrs[0];
  switch (ins.op) {
    case 0x41: cell[0] = Number(ins.imm); break;
    case 0x42: case 0x44: { const v = BigInt.asUintN(64, ins.imm as bigint); cell[0] = Number(v & 0xffffffffn) | 0; cell[1] = Number(v >> 32n) | 0; break; }
    case 0x43: cell[0] = Number(ins.imm) | 0; break;
    case 0x23: cell.set(inst.globals[Number(ins.imm)].cell); break;
    case 0xd0: cell[0] = 0; break;
    case 0xd2: { const f = inst.funcs[Number(ins.imm)]; cell[0] = inst.store.registerFunc(f); break; }
    default: throw new Error(`const op 0x${ins.op.toString(16)}`);
  }
}

/** `hostFuncs` supplies the module's function imports in order (no other imports are supported). */
export function instantiateBytes(bytes: Uint8Array, store: Store = new Store(), hostFuncs: readonly HostFuncInstance[] = [], compileOptions?: CompileOptions): TestInstance {
  const module = decodeModule(bytes);
  validateModule(module);
  if (module.imports.some((imp) => imp.desc.kind !== 0)) throw new Error("test harness: only function imports are supported");
  const compiled = compileModule(module, compileOptions);
  const funcs: FuncInstance[] = [...hostFuncs];
  const instance: ModuleInstance = {
    store,
    types: module.types,
    typeIds: module.types.map((t) => store.typeId(t)),
    funcs,
    tables: module.tables.map((t) => new TableInstance(t.elemType, t.limits.min, t.limits.max)),
    memories: module.memories.map((m) => new MemoryInstance(m.limits.min, m.limits.max)),
    globals: [],
    elemSegments: [],
    dataSegments: [],
  };
  module.functions.forEach((typeIndex, i) => {
    const f: WasmFuncInstance = {
      kind: 0, type: module.types[typeIndex], typeId: instance.typeIds[typeIndex], refId: 0, module: instance,
      funcIndex: module.numImportedFuncs + i, code: compiled.functions[i],
    };
    funcs.push(f);
  });
  for (const g of module.globals) {
    const gi = new GlobalInstance(g.type);
    evalConst(g.init, instance, gi.cell);
    instance.globals.push(gi);
  }
  const scratch = new Int32Array(4);
  for (const seg of module.elements) {
    const refs = seg.init.map((e) => { evalConst(e, instance, scratch); return scratch[0]; });
    instance.elemSegments.push(seg.mode === SEGMENT_PASSIVE ? refs : null);
    if (seg.mode === SEGMENT_ACTIVE) {
      evalConst(seg.offsetExpr!, instance, scratch);
      const at = scratch[0] >>> 0;
      const table = instance.tables[seg.tableIndex];
      if (at + refs.length > table.elements.length) throw new Error("elem out of bounds");
      refs.forEach((r, k) => { table.elements[at + k] = r; });
    }
  }
  for (const seg of module.datas) {
    instance.dataSegments.push(seg.mode === SEGMENT_PASSIVE ? seg.bytes : null);
    if (seg.mode === SEGMENT_ACTIVE) {
      evalConst(seg.offsetExpr!, instance, scratch);
      const at = scratch[0] >>> 0;
      const mem = instance.memories[0];
      if (at + seg.bytes.length > mem.u8.length) throw new Error("data out of bounds");
      mem.u8.set(seg.bytes, at);
    }
  }
  if (module.start !== undefined) invoke(store, funcs[module.start]);
  return {
    store, module, instance,
    call(name: string, ...args: bigint[]): bigint[] {
      const exp = module.exports.find((e) => e.name === name && e.kind === 0);
      if (exp === undefined) throw new Error(`no export ${name}`);
      const f = funcs[exp.index];
      const stack = store.stack;
      let slot = stack.sp;
      for (let i = 0; i < f.type.params.length; i++) {
        const v = BigInt.asUintN(64, args[i]);
        stack.i32[slot * 2] = Number(v & 0xffffffffn) | 0;
        stack.i32[slot * 2 + 1] = Number(v >> 32n) | 0;
        slot++;
      }
      invoke(store, f);
      const out: bigint[] = [];
      slot = stack.sp;
      for (const t of f.type.results) {
        const lo = BigInt(stack.i32[slot * 2] >>> 0);
        const hi = BigInt(stack.i32[slot * 2 + 1] >>> 0);
        out.push(t === 0x7f || t === 0x7d || t === 0x70 || t === 0x6f ? lo : (hi << 32n) | lo);
        slot++;
      }
      return out;
    },
  };
}

export async function instantiateWat(text: string, store?: Store, hostFuncs?: readonly HostFuncInstance[]): Promise<TestInstance> {
  return instantiateBytes(await watToBytes(text), store, hostFuncs);
}
