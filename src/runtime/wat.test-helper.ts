// WAT text → wasm bytes for the runtime tests (wabt, Wasm 2.0 features), instantiated once.
const wabt = await (await import("wabt")).default();

export function wat(text: string): Uint8Array {
  const parsed = wabt.parseWat("test.wat", text);
  try {
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}
