// Reading a module from the command line: .wasm bytes as they are, .wat/.wast text through wabt.

import { readFileSync } from "node:fs";
import { artifactWasmBytes, isArtifact } from "../runtime/index.ts";

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

export async function readModuleBytes(path: string): Promise<Uint8Array> {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // A precompiled artifact stands for its module: its wasm, once its digest checks out (a damaged
  // artifact is a CompileError, exit status 3, like a malformed module).
  if (isArtifact(data)) return artifactWasmBytes(data);
  const isBinary = data.length >= 4 && data[0] === 0x00 && data[1] === 0x61 && data[2] === 0x73 && data[3] === 0x6d;
  if (isBinary || path.endsWith(".wasm")) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const wabt = await (await import("wabt")).default();
  try {
    const parsed = wabt.parseWat(path, data.toString("latin1"));
    try {
      parsed.resolveNames();
      return new Uint8Array(parsed.toBinary({}).buffer);
    } finally {
      parsed.destroy();
    }
  } catch (error) {
    throw new InputError(`${path}: not a valid WebAssembly text module:\n${error instanceof Error ? error.message : String(error)}`);
  }
}
