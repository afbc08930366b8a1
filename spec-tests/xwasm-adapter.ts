// The xwasm adapter: our engine through its public API (src/index.ts) only. The engine is loaded
// lazily and probed for what exists, so the runner works at every stage of the engine's construction:
// decode/validate commands run as soon as `validateOrThrow` (or `Module`) exists; what needs
// `Instance` / `invoke` / `getGlobal` / `spectest` is reported pending until those exist — never passed.

import { PendingError, looksNotImplemented, type EngineAdapter, type ErrorClass, type Imports, type WasmValue } from "./engine-adapter.ts";

type Constructor = new (...args: never[]) => unknown;
type ErrorConstructor = abstract new (...args: never[]) => Error;

/** Metering / determinism / lowering pass-through (npm run spec -- --meter block|reference --gas-limit N --deterministic --lowering eager). */
export interface XwasmRunOptions {
  readonly meter?: "block" | "reference";
  readonly gasLimit?: number;
  readonly deterministic?: boolean;
  /** When Modules lower their functions (EngineOptions.lowering; the engine's default is lazy). */
  readonly lowering?: "lazy" | "eager";
  /** Called after every invoke with the store's accumulated stats and the outcome (for differential runs). */
  readonly record?: (entry: { readonly name: string; readonly gasUsed: number; readonly instructions: number; readonly outcome: string }) => void;
}

interface EngineSurface {
  /** The Engine class (a store handle), when the engine has one. */
  readonly Engine?: (new (options: Record<string, unknown>) => { with(): Record<string, unknown>; readonly stats: { gasUsed: number; instructions: number } }) | undefined;
  readonly validateOrThrow: ((bytes: Uint8Array) => void) | undefined;
  readonly Module: (new (bytes: Uint8Array, options?: Record<string, unknown>) => unknown) | undefined;
  readonly Instance: (new (module: unknown, imports?: Imports, options?: Record<string, unknown>) => unknown) | undefined;
  readonly spectest: Record<string, unknown> | undefined;
  /** A fresh spectest per script when the engine offers a factory (scripts write to its memory and table). */
  readonly createSpectest: ((options?: Record<string, unknown>) => unknown) | undefined;
  readonly CompileError: ErrorConstructor | undefined;
  readonly LinkError: ErrorConstructor | undefined;
  readonly RuntimeError: ErrorConstructor | undefined;
}

interface XwasmModule { readonly module: unknown }

function pick<T>(engine: Record<string, unknown>, name: string, check: (v: unknown) => boolean): T | undefined {
  const v = engine[name];
  return check(v) ? (v as T) : undefined;
}

const isFunction = (v: unknown): boolean => typeof v === "function";

function instanceOf(error: unknown, cls: ErrorConstructor | undefined, name: string): boolean {
  if (cls !== undefined && error instanceof cls) return true;
  return error instanceof Error && error.name === name;
}

export class XwasmAdapter implements EngineAdapter {
  readonly name = "xwasm";
  /** Options for this script's objects: one Engine (store) per script when metering or determinism is on. */
  private scriptOptions: Record<string, unknown> | undefined;
  private scriptEngine: { readonly stats: { gasUsed: number; instructions: number } } | undefined;
  constructor(private readonly engine: EngineSurface, readonly loadProblem: string | undefined, private readonly run: XwasmRunOptions = {}) {}

  private get configured(): boolean {
    return this.run.meter !== undefined || this.run.gasLimit !== undefined || this.run.deterministic === true;
  }

  /** What the loaded engine offers, for the CLI's report. */
  capabilities(): string {
    const e = this.engine;
    const has = (v: unknown, name: string): string => `${name} ${v === undefined ? "missing" : "ok"}`;
    return [has(e.validateOrThrow, "validateOrThrow"), has(e.Module, "Module"), has(e.Instance, "Instance"), has(e.spectest, "spectest")].join(", ");
  }

  compile(bytes: Uint8Array): XwasmModule {
    const { Module, validateOrThrow } = this.engine;
    if (Module !== undefined) {
      try {
        return { module: new Module(bytes, this.run.lowering === undefined ? undefined : { lowering: this.run.lowering }) };
      } catch (error) {
        if (!looksNotImplemented(error) || validateOrThrow === undefined) throw error;
      }
    }
    if (validateOrThrow === undefined) throw new PendingError(this.loadProblem ?? "engine has neither Module nor validateOrThrow");
    validateOrThrow(bytes);
    return { module: undefined };
  }

  importModules(module: unknown): string[] {
    const m = (module as XwasmModule).module;
    const Module = this.engine.Module as unknown as { imports?: (m: unknown) => { module: string }[] } | undefined;
    if (m === undefined || Module === undefined || typeof Module.imports !== "function") return [];
    return Module.imports(m).map((i) => i.module);
  }

  instantiate(module: unknown, imports: Imports): unknown {
    const m = (module as XwasmModule).module;
    const { Instance } = this.engine;
    if (m === undefined) throw new PendingError("Module not available (validated only)");
    if (Instance === undefined) throw new PendingError("Instance not available");
    return new Instance(m, imports, this.scriptOptions);
  }

  exportsOf(instance: unknown): Record<string, unknown> {
    const exports = (instance as { exports?: unknown }).exports;
    if (typeof exports !== "object" || exports === null) throw new PendingError("Instance.exports not available");
    return exports as Record<string, unknown>;
  }

  invoke(instance: unknown, name: string, args: readonly WasmValue[]): WasmValue[] {
    const invoke = (instance as { invoke?: unknown }).invoke;
    if (typeof invoke !== "function") throw new PendingError("Instance.invoke not available");
    const record = this.run.record;
    if (record === undefined) return invoke.call(instance, name, args) as WasmValue[];
    let outcome = "";
    try {
      const results = invoke.call(instance, name, args) as WasmValue[];
      outcome = JSON.stringify(results, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v] : v));
      return results;
    } catch (error) {
      outcome = `${error instanceof Error ? error.name : "?"}: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      const stats = this.scriptEngine?.stats ?? (instance as { stats?: { gasUsed: number; instructions: number } }).stats;
      record({ name, gasUsed: stats?.gasUsed ?? 0, instructions: stats?.instructions ?? 0, outcome });
    }
  }

  getGlobal(instance: unknown, name: string): WasmValue {
    const getGlobal = (instance as { getGlobal?: unknown }).getGlobal;
    if (typeof getGlobal !== "function") throw new PendingError("Instance.getGlobal not available");
    return getGlobal.call(instance, name) as WasmValue;
  }

  spectest(): Record<string, unknown> | undefined {
    // The contract types it as Imports; accept both `{ print, … }` and `{ spectest: { print, … } }`.
    // A script starts here: with metering on, give it one Engine (one store: its modules link with
    // each other and with spectest's table and globals, and share one gas budget).
    this.scriptOptions = undefined;
    this.scriptEngine = undefined;
    if (this.configured && this.engine.Engine !== undefined) {
      const engine = new this.engine.Engine({
        ...(this.run.meter !== undefined || this.run.gasLimit !== undefined ? { meter: this.run.meter ?? "block", gasLimit: this.run.gasLimit ?? Number.MAX_SAFE_INTEGER } : {}),
        ...(this.run.deterministic === true ? { deterministic: true } : {}),
      });
      this.scriptEngine = engine;
      this.scriptOptions = engine.with();
    }
    const fresh = this.engine.createSpectest?.(this.scriptOptions);
    const s = typeof fresh === "object" && fresh !== null ? (fresh as Record<string, unknown>) : this.engine.spectest;
    const inner = s?.["spectest"];
    if (s !== undefined && !("print" in s) && typeof inner === "object" && inner !== null) return inner as Record<string, unknown>;
    return s;
  }

  classify(error: unknown): ErrorClass {
    if (looksNotImplemented(error)) return "pending";
    const e = this.engine;
    if (instanceOf(error, e.CompileError, "CompileError") || (error instanceof Error && error.name === "LimitExceeded")) return "compile";
    if (instanceOf(error, e.LinkError, "LinkError")) return "link";
    if (instanceOf(error, e.RuntimeError, "RuntimeError")) {
      return trapText(error).includes("call stack exhausted") ? "exhaustion" : "trap";
    }
    return "other";
  }

  trapMatches(error: unknown, expected: string): boolean {
    const trap = (error as { trap?: unknown }).trap;
    return trapText(error).includes(expected) || (typeof trap === "string" && trap.length > 0 && expected.startsWith(trap));
  }

  compileMessageMatches(error: unknown, expected: string): boolean {
    const reason = (error as { reason?: unknown }).reason;
    const message = error instanceof Error ? error.message : String(error);
    return message.includes(expected) || (typeof reason === "string" && reason.includes(expected));
  }
}

function trapText(error: unknown): string {
  const trap = (error as { trap?: unknown }).trap;
  const message = error instanceof Error ? error.message : String(error);
  return typeof trap === "string" ? `${trap} ${message}` : message;
}

/** Loads src/index.ts if it exists and probes it; a missing or broken engine gives an adapter whose every command is pending. */
export async function createXwasmAdapter(run: XwasmRunOptions = {}): Promise<XwasmAdapter> {
  // A computed specifier: the engine may not exist yet, and the type checker must not require it.
  const specifier = new URL("../src/index.ts", import.meta.url).href;
  let engine: Record<string, unknown> = {};
  let loadProblem: string | undefined;
  try {
    engine = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    loadProblem = `src/index.ts could not be loaded: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
  const surface: EngineSurface = {
    Engine: pick<Constructor>(engine, "Engine", isFunction) as EngineSurface["Engine"],
    validateOrThrow: pick(engine, "validateOrThrow", isFunction),
    Module: pick<Constructor>(engine, "Module", isFunction) as EngineSurface["Module"],
    Instance: pick<Constructor>(engine, "Instance", isFunction) as EngineSurface["Instance"],
    spectest: pick(engine, "spectest", (v) => typeof v === "object" && v !== null),
    createSpectest: pick(engine, "createSpectest", isFunction),
    CompileError: pick(engine, "CompileError", isFunction),
    LinkError: pick(engine, "LinkError", isFunction),
    RuntimeError: pick(engine, "RuntimeError", isFunction),
  };
  return new XwasmAdapter(surface, loadProblem, run);
}
