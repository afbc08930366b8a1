// `Module`: decoded, validated (eagerly and completely, so a bad module fails here and never at call
// time) and lowered once; instances share the ModuleRecord and the compiled code.

import { CompileError, externKindName } from "../core/index.ts";
import type { Features, ModuleRecord } from "../core/index.ts";
import { decodeModule } from "../binary/index.ts";
import { validateModule } from "../valid/index.ts";
import { compileModule } from "../compile/index.ts";
import type { CompiledModule } from "../compile/index.ts";
import { resolveFeatures } from "./engine-options.ts";
import type { EngineOptions } from "./engine-options.ts";

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
export function decodeAndValidate(bytes: Uint8Array, features: Features): ModuleRecord {
  const record = decodeModule(bytes, { features });
  validateModule(record, features);
  return record;
}

export class Module {
  constructor(bytes: BufferSource, options?: EngineOptions) {
    const features = resolveFeatures(options);
    const record = decodeAndValidate(bytesOf(bytes), features);
    let compiled: CompiledModule;
    try {
      compiled = compileModule(record);
    } catch (error) {
      if (error instanceof CompileError) throw error;
      // Lowering a valid module must not fail; if it does, report it as a compile failure of this
      // module rather than letting an internal exception escape with no context.
      throw new CompileError(`internal error while lowering: ${error instanceof Error ? error.message : String(error)}`);
    }
    partsByModule.set(this, { record, compiled, features, options });
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

export function moduleParts(module: Module): ModuleParts {
  const parts = partsByModule.get(module);
  if (parts === undefined) throw new TypeError("not a Module object");
  return parts;
}

/** The decoded record of a module, for tools (cli inspect) that want more than the JS API shows. */
export function moduleRecordOf(module: Module): ModuleRecord {
  return moduleParts(module).record;
}
