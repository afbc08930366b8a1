// The V8 adapter: Node's own WebAssembly behind the runner's interface. It checks the runner itself
// and serves differential testing. Exact bits: floats and v128 cross through a small generated wasm
// wrapper that reinterprets them as integers (wasm-to-wasm calls keep NaN payloads; JS numbers do not,
// and v128 cannot reach JS at all). Known limits: V8's trap messages differ from the spec's, so any
// RuntimeError counts as the expected trap, and stack exhaustion is a RangeError.

import type { EngineAdapter, ErrorClass, Imports, WasmValue } from "./engine-adapter.ts";
import { readExportSignatures, type ExportSig, type FuncSig, type ValTypeName } from "./wasm-signatures.ts";

interface V8Module { readonly module: WebAssembly.Module; readonly bytes: Uint8Array }
interface V8Instance { readonly instance: WebAssembly.Instance; readonly signatures: Map<string, ExportSig> }

const TYPE_CODE: Record<ValTypeName, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f };

/** The integer type(s) a value crosses the JS boundary as, inside the wrapper. */
function carrierTypes(t: ValTypeName): ValTypeName[] {
  if (t === "f32") return ["i32"];
  if (t === "f64") return ["i64"];
  if (t === "v128") return ["i64", "i64"];
  return [t];
}

const needsWrapper = (t: ValTypeName): boolean => t === "f32" || t === "f64" || t === "v128";

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function funcType(params: ValTypeName[], results: ValTypeName[]): number[] {
  return [0x60, ...uleb(params.length), ...params.map((t) => TYPE_CODE[t]), ...uleb(results.length), ...results.map((t) => TYPE_CODE[t])];
}

const nameBytes = (s: string): number[] => [...uleb(s.length), ...new TextEncoder().encode(s)];

/** Converts the values on top of the stack (stored in locals first) to their integer carriers. */
function emitResultConversion(results: ValTypeName[], firstLocal: number, body: number[]): void {
  for (let j = results.length - 1; j >= 0; j--) body.push(0x21, ...uleb(firstLocal + j)); // local.set
  results.forEach((t, j) => {
    const local = [0x20, ...uleb(firstLocal + j)];
    body.push(...local);
    if (t === "f32") body.push(0xbc); // i32.reinterpret_f32
    else if (t === "f64") body.push(0xbd); // i64.reinterpret_f64
    else if (t === "v128") body.push(0xfd, 0x1d, 0, ...local, 0xfd, 0x1d, 1); // i64x2.extract_lane 0, 1
  });
}

function codeSection(locals: ValTypeName[], body: number[]): number[] {
  const localDecls = vec(locals.map((t) => [1, TYPE_CODE[t]]));
  const func = [...localDecls, ...body, 0x0b];
  return section(10, vec([[...uleb(func.length), ...func]]));
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module importing `m.f` of type `sig` and exporting `w`, the same call with floats/v128 as integers. */
function functionWrapper(sig: FuncSig): Uint8Array {
  const carrierParams = sig.params.flatMap(carrierTypes);
  const carrierResults = sig.results.flatMap(carrierTypes);
  const body: number[] = [];
  let k = 0;
  for (const t of sig.params) {
    if (t === "v128") {
      body.push(0xfd, 0x0c, ...new Array<number>(16).fill(0)); // v128.const 0
      body.push(0x20, ...uleb(k), 0xfd, 0x1e, 0, 0x20, ...uleb(k + 1), 0xfd, 0x1e, 1); // i64x2.replace_lane 0, 1
      k += 2;
      continue;
    }
    body.push(0x20, ...uleb(k));
    if (t === "f32") body.push(0xbe); // f32.reinterpret_i32
    else if (t === "f64") body.push(0xbf); // f64.reinterpret_i64
    k += 1;
  }
  body.push(0x10, 0); // call 0
  emitResultConversion(sig.results, carrierParams.length, body);
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vec([funcType(sig.params, sig.results), funcType(carrierParams, carrierResults)])),
    ...section(2, vec([[...nameBytes("m"), ...nameBytes("f"), 0x00, 0]])),
    ...section(3, vec([[1]])),
    ...section(7, vec([[...nameBytes("w"), 0x00, 1]])),
    ...codeSection(sig.results, body),
  ]);
}

/** A module importing global `m.g` and exporting `w`, a function returning its value as integers. */
function globalWrapper(type: ValTypeName, mutable: boolean): Uint8Array {
  const body = [0x23, 0]; // global.get 0
  emitResultConversion([type], 0, body);
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vec([funcType([], carrierTypes(type))])),
    ...section(2, vec([[...nameBytes("m"), ...nameBytes("g"), 0x03, TYPE_CODE[type], mutable ? 1 : 0]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...nameBytes("w"), 0x00, 1]])),
    ...codeSection([type], body),
  ]);
}

const SPECTEST_WAT = `(module
  (import "js" "print" (func $print))
  (func (export "print") call $print)
  (func (export "print_i32") (param i32) call $print)
  (func (export "print_i64") (param i64) call $print)
  (func (export "print_f32") (param f32) call $print)
  (func (export "print_f64") (param f64) call $print)
  (func (export "print_i32_f32") (param i32 f32) call $print)
  (func (export "print_f64_f64") (param f64 f64) call $print)
  (global (export "global_i32") i32 (i32.const 666))
  (global (export "global_i64") i64 (i64.const 666))
  (global (export "global_f32") f32 (f32.const 666.6))
  (global (export "global_f64") f64 (f64.const 666.6))
  (table (export "table") 10 20 funcref)
  (memory (export "memory") 1 2))`;

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

function bytesToI64Pair(bytes: Uint8Array): [bigint, bigint] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return [view.getBigInt64(0, true), view.getBigInt64(8, true)];
}

function i64PairToBytes(lo: bigint, hi: bigint): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, BigInt.asIntN(64, lo), true);
  view.setBigInt64(8, BigInt.asIntN(64, hi), true);
  return bytes;
}

const scratch = new DataView(new ArrayBuffer(8));
function f32Bits(x: number): number { scratch.setFloat32(0, x, true); return scratch.getUint32(0, true); }
function f64Bits(x: number): bigint { scratch.setFloat64(0, x, true); return scratch.getBigUint64(0, true); }

/** A JS-API value (from a direct call or a wrapper) to an exact WasmValue of type `t`, consuming carriers. */
function fromCarriers(t: ValTypeName, next: () => unknown): WasmValue {
  switch (t) {
    case "i32": return { type: "i32", value: Number(next()) | 0 };
    case "i64": return { type: "i64", value: BigInt.asIntN(64, BigInt(next() as bigint)) };
    case "f32": return { type: "f32", bits: Number(next()) >>> 0 };
    case "f64": return { type: "f64", bits: u64(BigInt(next() as bigint)) };
    case "v128": { const lo = next() as bigint; const hi = next() as bigint; return { type: "v128", bytes: i64PairToBytes(lo, hi) }; }
    case "funcref": return { type: "funcref", value: next() ?? null };
    case "externref": return { type: "externref", value: next() };
  }
}

function toCarriers(v: WasmValue, out: unknown[]): void {
  switch (v.type) {
    case "i32": out.push(v.value | 0); break;
    case "i64": out.push(BigInt.asIntN(64, v.value)); break;
    case "f32": out.push(v.bits | 0); break;
    case "f64": out.push(BigInt.asIntN(64, v.bits)); break;
    case "v128": out.push(...bytesToI64Pair(v.bytes)); break;
    case "funcref": case "externref": out.push(v.value); break;
  }
}

function resultList(raw: unknown, count: number): unknown[] {
  if (count === 0) return [];
  if (count === 1) return [raw];
  return Array.from(raw as Iterable<unknown>);
}

export class V8Adapter implements EngineAdapter {
  readonly name = "v8";
  private readonly spectestModule: WebAssembly.Module;
  private readonly wrapperModules = new Map<string, WebAssembly.Module>();
  private readonly wrappers = new WeakMap<object, Function>();

  /** `spectestBytes`: the binary of SPECTEST_WAT (see createV8Adapter), built with wabt once. */
  constructor(spectestBytes: Uint8Array) {
    this.spectestModule = new WebAssembly.Module(spectestBytes as Uint8Array<ArrayBuffer>);
  }

  compile(bytes: Uint8Array): V8Module {
    return { module: new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), bytes };
  }

  importModules(module: unknown): string[] {
    return WebAssembly.Module.imports((module as V8Module).module).map((i) => i.module);
  }

  instantiate(module: unknown, imports: Imports): V8Instance {
    const m = module as V8Module;
    const instance = new WebAssembly.Instance(m.module, imports as WebAssembly.Imports);
    return { instance, signatures: readExportSignatures(m.bytes) };
  }

  exportsOf(instance: unknown): Record<string, unknown> {
    return (instance as V8Instance).instance.exports;
  }

  private wrapperFor(key: string, target: object, build: () => Uint8Array, importName: string): Function {
    const cached = this.wrappers.get(target);
    if (cached !== undefined) return cached;
    let module = this.wrapperModules.get(key);
    if (module === undefined) {
      module = new WebAssembly.Module(build() as Uint8Array<ArrayBuffer>);
      this.wrapperModules.set(key, module);
    }
    const instance = new WebAssembly.Instance(module, { m: { [importName]: target } } as WebAssembly.Imports);
    const wrapper = instance.exports["w"] as Function;
    this.wrappers.set(target, wrapper);
    return wrapper;
  }

  invoke(instance: unknown, name: string, args: readonly WasmValue[]): WasmValue[] {
    const inst = instance as V8Instance;
    const fn = inst.instance.exports[name];
    const sig = inst.signatures.get(name);
    if (typeof fn !== "function" || sig === undefined || sig.kind !== "func") throw new Error(`no exported function "${name}"`);
    const { params, results } = sig.sig;
    const wrapped = params.some(needsWrapper) || results.some(needsWrapper);
    const target = wrapped ? this.wrapperFor(`f:${params.join(",")}:${results.join(",")}`, fn, () => functionWrapper(sig.sig), "f") : fn;
    const jsArgs: unknown[] = [];
    for (const a of args) toCarriers(a, jsArgs);
    const carrierCount = wrapped ? results.flatMap(carrierTypes).length : results.length;
    const raw = resultList(target(...jsArgs), carrierCount);
    let k = 0;
    const next = (): unknown => raw[k++];
    return results.map((t) => fromCarriers(t, next));
  }

  getGlobal(instance: unknown, name: string): WasmValue {
    const inst = instance as V8Instance;
    const global = inst.instance.exports[name];
    const sig = inst.signatures.get(name);
    if (!(global instanceof WebAssembly.Global) || sig === undefined || sig.kind !== "global") throw new Error(`no exported global "${name}"`);
    if (!needsWrapper(sig.type)) {
      const value: unknown = global.value;
      return fromCarriers(sig.type, () => value);
    }
    const wrapper = this.wrapperFor(`g:${sig.type}:${sig.mutable}`, global, () => globalWrapper(sig.type, sig.mutable), "g");
    const raw = resultList(wrapper(), carrierTypes(sig.type).length);
    let k = 0;
    return fromCarriers(sig.type, () => raw[k++]);
  }

  spectest(): Record<string, unknown> {
    // Fresh per script: scripts write to spectest's memory and table (imports.wast expects them clean).
    return new WebAssembly.Instance(this.spectestModule, { js: { print: () => undefined } }).exports;
  }

  classify(error: unknown): ErrorClass {
    if (error instanceof WebAssembly.CompileError) return "compile";
    if (error instanceof WebAssembly.LinkError) return "link";
    if (error instanceof WebAssembly.RuntimeError) return "trap";
    if (error instanceof RangeError && /call stack/i.test(error.message)) return "exhaustion";
    return "other";
  }

  trapMatches(): boolean {
    return true;
  }

  compileMessageMatches(): boolean {
    return true;
  }
}

/** Builds the V8 adapter; `assemble` turns WAT into bytes (wabt, shared with the runner). */
export function createV8Adapter(assemble: (text: string) => Uint8Array): V8Adapter {
  return new V8Adapter(assemble(SPECTEST_WAT));
}

export { f32Bits, f64Bits };
