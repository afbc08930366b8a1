// `Module`: decoded and validated eagerly and completely (a bad module fails here and never at call
// time); its functions are lowered once, each at its first call unless EngineOptions.lowering is
// "eager"; instances share the ModuleRecord and the compiled code.

import { CompileError, LimitExceeded, externKindName } from "../core/index.ts";
import type { Features, ModuleRecord } from "../core/index.ts";
import { decodeAndValidateModule } from "../valid/index.ts";
import { compileModule } from "../compile/index.ts";
import type { CompiledModule } from "../compile/index.ts";
import { positiveInteger, resolveFeatures } from "./engine-options.ts";
import { registerProfiledCode } from "./profile.ts";
import type { CodeFlavor, EngineLimits, EngineOptions } from "./engine-options.ts";

export type ExternKindName = "function" | "table" | "memory" | "global";
export interface ModuleImportDescriptor { module: string; name: string; kind: ExternKindName }
export interface ModuleExportDescriptor { name: string; kind: ExternKindName }

/** What the JS API accepts as module bytes (the DOM lib's BufferSource, which this build does not load). */
export type BufferSource = ArrayBuffer | ArrayBufferView;

interface ModuleParts {
  readonly record: ModuleRecord;
  readonly compiled: CompiledModule;
  readonly features: Features;
  readonly options: EngineOptions | undefined;
  /** Lowered code per code flavor (meter kind, prices, NaN mode), made on first use. */
  readonly compiledByFlavor: Map<string, CompiledModule>;
}

const partsByModule = new WeakMap<Module, ModuleParts>();

/** Copies the bytes of a BufferSource (the JS API copies too: later changes by the caller must not
 *  affect a compiled module). */
export function bytesOf(source: unknown): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  }
  if (typeof SharedArrayBuffer !== "undefined" && source instanceof SharedArrayBuffer) return new Uint8Array(source.slice(0));
  throw new TypeError("first argument must be an ArrayBuffer or typed array object");
}

/** Decodes and validates; throws CompileError (with offset and the spec's wording). */
export function decodeAndValidate(bytes: Uint8Array, features: Features, limits?: EngineLimits): ModuleRecord {
  const maxModuleBytes = positiveInteger(limits?.maxModuleBytes, "maxModuleBytes");
  if (maxModuleBytes !== undefined && bytes.length > maxModuleBytes) {
    throw new LimitExceeded("maxModuleBytes", `module of ${bytes.length} bytes exceeds the engine limit of ${maxModuleBytes} bytes`, 0);
  }
  const maxLocals = positiveInteger(limits?.maxLocals, "maxLocals");
  // One walk over the code when the module is valid (the validator's); errors are exactly those of
  // decode-then-validate (see valid/decode-and-validate.ts).
  return decodeAndValidateModule(
    bytes,
    maxLocals === undefined ? { features } : { features, maxLocals },
    limits === undefined ? undefined : (record) => checkCounts(record, limits),
  );
}

/** The per-module engine limits that decoding leaves to count (see EngineLimits). */
function checkCounts(record: ModuleRecord, limits: EngineLimits): void {
  const counts: [keyof EngineLimits, number, string][] = [
    ["maxFunctions", record.funcTypeIndices.length, "functions"],
    ["maxGlobals", record.allGlobals.length, "globals"],
    ["maxDataSegments", record.datas.length, "data segments"],
    ["maxElemSegments", record.elements.length, "element segments"],
    ["maxExports", record.exports.length, "exports"],
  ];
  for (const [name, count, what] of counts) {
    const max = positiveInteger(limits[name], name);
    if (max !== undefined && count > max) throw new LimitExceeded(name, `module has ${count} ${what}, more than the engine limit of ${max}`);
  }
}

export class Module {
  constructor(bytes: BufferSource, options?: EngineOptions) {
    const features = resolveFeatures(options);
    const record = decodeAndValidate(bytesOf(bytes), features, options?.limits);
    const lazy = lazyLowering(options);
    let compiled: CompiledModule;
    try {
      compiled = compileModule(record, { lazy });
    } catch (error) {
      if (error instanceof CompileError) throw error;
      // Lowering a valid module must not fail; if it does, report it as a compile failure of this
      // module rather than letting an internal exception escape with no context.
      throw new CompileError(`internal error while lowering: ${error instanceof Error ? error.message : String(error)}`);
    }
    partsByModule.set(this, { record, compiled, features, options, compiledByFlavor: new Map([["plain", compiled]]) });
  }

  static imports(module: Module): ModuleImportDescriptor[] {
    return moduleParts(module).record.imports.map((i) => ({ module: i.module, name: i.name, kind: externKindName(i.desc.kind) }));
  }

  static exports(module: Module): ModuleExportDescriptor[] {
    return moduleParts(module).record.exports.map((e) => ({ name: e.name, kind: externKindName(e.kind) }));
  }

  static customSections(module: Module, sectionName: string): ArrayBuffer[] {
    const name = String(sectionName);
    return moduleParts(module)
      .record.customs.filter((c) => c.name === name)
      .map((c) => c.bytes.slice().buffer);
  }
}

/** EngineOptions.lowering: lazy unless "eager" is asked for. */
function lazyLowering(options: EngineOptions | undefined): boolean {
  const lowering = options?.lowering;
  if (lowering !== undefined && lowering !== "lazy" && lowering !== "eager") throw new RangeError(`lowering must be "lazy" or "eager", got ${String(lowering)}`);
  return lowering !== "eager";
}

export function moduleParts(module: Module): ModuleParts {
  const parts = partsByModule.get(module);
  if (parts === undefined) throw new TypeError("not a Module object");
  return parts;
}

/** The decoded record of a module, for tools (cli inspect) that want more than the JS API shows. */
export function moduleRecordOf(module: Module): ModuleRecord {
  return moduleParts(module).record;
}

/** A Module from a record and code that were decoded, validated and lowered before (precompiled
 *  artifacts, artifact.ts): the same parts the constructor builds, without redoing the work. */
export function moduleFromCompiled(
  record: ModuleRecord,
  compiled: CompiledModule,
  options: EngineOptions | undefined,
  otherFlavors: Iterable<[string, CompiledModule]> = [],
): Module {
  const module = Object.create(Module.prototype) as Module;
  const compiledByFlavor = new Map<string, CompiledModule>([["plain", compiled], ...otherFlavors]);
  // Profiled code from an artifact must be known to the profiler like code lowered here.
  for (const [key, code] of compiledByFlavor) if (key.endsWith("/profile")) registerProfiledCode(record, code);
  partsByModule.set(module, { record, compiled, features: resolveFeatures(options), options, compiledByFlavor });
  return module;
}

/** The module's code lowered for `flavor` (metered and deterministic stores need their own). */
export function compiledFor(parts: ModuleParts, flavor: CodeFlavor): CompiledModule {
  let compiled = parts.compiledByFlavor.get(flavor.key);
  if (compiled === undefined) {
    compiled = compileModule(parts.record, {
      meter: flavor.meter, opcodeCosts: flavor.opcodeCosts, canonicalNaN: flavor.canonicalNaN, profile: flavor.profile === true,
      lazy: lazyLowering(parts.options),
    });
    parts.compiledByFlavor.set(flavor.key, compiled);
    if (flavor.profile === true) registerProfiledCode(parts.record, compiled);
  }
  return compiled;
}
