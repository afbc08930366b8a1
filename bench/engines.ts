// The two engines the benchmarks compare, behind one small interface: V8's own WebAssembly and
// xwasm's public API (`src/index.ts`). Both are driven the same way (instantiate, then call
// exports with JS values), so a workload is written once and a result mismatch means an engine bug.
//
// xwasm is loaded with a dynamic import and checked structurally rather than with a static
// `import * as xwasm from "../src/index.ts"`: the harness must still run (V8 only) and type-check
// while `src/index.ts` is missing or broken, and the structural check doubles as a check that the
// public API has the shape documented in notes/public-api.md.

export type Imports = Record<string, Record<string, unknown>>;
export type Exports = Record<string, unknown>;

/** Options passed through to xwasm's Module/Instance (EngineOptions in the public API). */
export type XwasmOptions = Record<string, unknown>;

export interface EngineAdapter {
  readonly name: "v8" | "xwasm";
  /** Compiles and instantiates synchronously, like `new WebAssembly.Instance(new WebAssembly.Module(bytes), imports)`. */
  instantiate(bytes: Uint8Array, imports?: Imports): Exports;
}

/** The subset of xwasm's public API that bench/ uses. */
export interface XwasmApi {
  Module: new (bytes: Uint8Array, options?: XwasmOptions) => object;
  Instance: new (module: object, imports?: Imports, options?: XwasmOptions) => { readonly exports: Exports };
  validate?: (bytes: Uint8Array, options?: XwasmOptions) => boolean;
  validateOrThrow?: (bytes: Uint8Array, options?: XwasmOptions) => void;
}

export const v8Engine: EngineAdapter = {
  name: "v8",
  instantiate(bytes, imports) {
    // Our bytes never live in a SharedArrayBuffer; TS 5.9's BufferSource wants that spelled out.
    const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    // WebAssembly.Imports is a record of records of unknown-ish values; ours is structurally the same.
    const instance = new WebAssembly.Instance(module, imports as WebAssembly.Imports | undefined);
    return instance.exports as Exports;
  },
};

export function xwasmEngine(api: XwasmApi, options?: XwasmOptions): EngineAdapter {
  return {
    name: "xwasm",
    instantiate(bytes, imports) {
      const module = new api.Module(bytes, options);
      return new api.Instance(module, imports, options).exports;
    },
  };
}

export type XwasmLoad = { ok: true; api: XwasmApi } | { ok: false; reason: string };

let cachedLoad: Promise<XwasmLoad> | undefined;

/** Imports `src/index.ts` once; never throws — a failure becomes `{ ok: false, reason }`. */
export function loadXwasm(): Promise<XwasmLoad> {
  cachedLoad ??= importXwasm();
  return cachedLoad;
}

async function importXwasm(): Promise<XwasmLoad> {
  const specifier = new URL("../src/index.ts", import.meta.url);
  let loaded: unknown;
  try {
    loaded = await import(specifier.href);
  } catch (error) {
    return { ok: false, reason: `cannot import src/index.ts: ${describeError(error)}` };
  }
  if (typeof loaded !== "object" || loaded === null) return { ok: false, reason: "src/index.ts has no exports" };
  const candidate = loaded as Record<string, unknown>;
  const missing = ["Module", "Instance"].filter((name) => typeof candidate[name] !== "function");
  if (missing.length > 0) return { ok: false, reason: `src/index.ts does not export ${missing.join(", ")} yet` };
  return { ok: true, api: candidate as unknown as XwasmApi };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const firstLine = (error.message.split("\n")[0] ?? "").slice(0, 200);
    return `${error.constructor.name}: ${firstLine}`;
  }
  return String(error);
}
