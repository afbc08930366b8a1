// The `name` custom section (module, function and local names). Custom sections do not affect a
// module's meaning, so a malformed name section is dropped rather than failing the module: whatever
// was read before the fault is kept.

import type { NameSection } from "../core/index.ts";
import { ByteReader } from "./byte-reader.ts";

const SUBSECTION_MODULE = 0;
const SUBSECTION_FUNCTIONS = 1;
const SUBSECTION_LOCALS = 2;

export function decodeNameSection(bytes: Uint8Array, start: number, end: number): NameSection {
  let moduleName: string | undefined;
  const functionNames = new Map<number, string>();
  const localNames = new Map<number, Map<number, string>>();
  const reader = new ByteReader(bytes, start, end);
  try {
    while (reader.pos < reader.end) {
      const id = reader.readByte();
      const size = reader.readU32();
      if (size > reader.remaining()) break;
      const sub = new ByteReader(bytes, reader.pos, reader.pos + size);
      reader.pos += size;
      if (id === SUBSECTION_MODULE) {
        moduleName = sub.readName();
      } else if (id === SUBSECTION_FUNCTIONS) {
        readNameMap(sub, functionNames);
      } else if (id === SUBSECTION_LOCALS) {
        const count = sub.readCount();
        for (let i = 0; i < count; i++) {
          const funcIndex = sub.readU32();
          const names = new Map<number, string>();
          readNameMap(sub, names);
          localNames.set(funcIndex, names);
        }
      }
      // Other subsections (labels, types, …, from later proposals) are skipped by size.
    }
  } catch {
    // Malformed name section: keep what was decoded so far.
  }
  return moduleName === undefined ? { functionNames, localNames } : { moduleName, functionNames, localNames };
}

function readNameMap(reader: ByteReader, into: Map<number, string>): void {
  const count = reader.readCount();
  for (let i = 0; i < count; i++) {
    const index = reader.readU32();
    into.set(index, reader.readName());
  }
}
