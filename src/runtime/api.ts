// The WebAssembly-namespace functions: validate, compile, instantiate — same shapes as
// `WebAssembly.validate/compile/instantiate`, plus validateOrThrow for the error's offset and wording.

import { resolveFeatures } from "./engine-options.ts";
import type { EngineOptions } from "./engine-options.ts";
import { Instance } from "./instance.ts";
import type { Imports } from "./instance.ts";
import { Module, bytesOf, decodeAndValidate } from "./module.ts";
import type { BufferSource } from "./module.ts";

/** True when the bytes are a valid module; never throws for bad bytes (only for a non-buffer argument). */
export function validate(bytes: BufferSource, options?: EngineOptions): boolean {
  const copy = bytesOf(bytes);
  try {
    decodeAndValidate(copy, resolveFeatures(options), options?.limits);
    return true;
  } catch {
    // Any failure on hostile bytes means "not valid": validate must answer, not throw.
    return false;
  }
}

/** Throws the CompileError (with byte offset and the spec's wording) when the bytes are not a valid module. */
export function validateOrThrow(bytes: BufferSource, options?: EngineOptions): void {
  decodeAndValidate(bytesOf(bytes), resolveFeatures(options), options?.limits);
}

export async function compile(bytes: BufferSource, options?: EngineOptions): Promise<Module> {
  return new Module(bytes, options);
}

export function instantiate(bytes: BufferSource, imports?: Imports, options?: EngineOptions): Promise<{ module: Module; instance: Instance }>;
export function instantiate(module: Module, imports?: Imports, options?: EngineOptions): Promise<Instance>;
export async function instantiate(
  source: BufferSource | Module,
  imports?: Imports,
  options?: EngineOptions,
): Promise<{ module: Module; instance: Instance } | Instance> {
  if (source instanceof Module) return new Instance(source, imports, options);
  const module = new Module(source, options);
  return { module, instance: new Instance(module, imports, options) };
}
