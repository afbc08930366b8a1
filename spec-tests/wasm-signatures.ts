// Reads just enough of a (valid) binary module to know each export's type: V8's JS API does not
// reflect function or global types on Node 20, and the V8 adapter needs them to reinterpret
// floats and v128 through a wrapper module (JS numbers lose NaN payloads; v128 cannot cross to JS).

export type ValTypeName = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";
export interface FuncSig { readonly params: ValTypeName[]; readonly results: ValTypeName[] }
export type ExportSig =
  | { kind: "func"; sig: FuncSig }
  | { kind: "global"; type: ValTypeName; mutable: boolean }
  | { kind: "other" };

const VALTYPES: Record<number, ValTypeName> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error("unexpected end of module");
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  skip(n: number): void { this.pos += n; }
  valType(): ValTypeName {
    const b = this.byte();
    const t = VALTYPES[b];
    if (t === undefined) throw new Error(`unknown value type 0x${b.toString(16)}`);
    return t;
  }
  name(): string {
    const len = this.u32();
    const s = utf8.decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

/** Export name → its type, for a module V8 has already accepted. */
export function readExportSignatures(bytes: Uint8Array): Map<string, ExportSig> {
  const r = new Reader(bytes);
  r.skip(8);
  const types: FuncSig[] = [];
  const funcs: FuncSig[] = [];
  const globals: { type: ValTypeName; mutable: boolean }[] = [];
  const exports = new Map<string, ExportSig>();
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    switch (id) {
      case 1: { // type
        for (let n = r.u32(); n > 0; n--) {
          r.byte(); // 0x60
          const params: ValTypeName[] = [];
          for (let k = r.u32(); k > 0; k--) params.push(r.valType());
          const results: ValTypeName[] = [];
          for (let k = r.u32(); k > 0; k--) results.push(r.valType());
          types.push({ params, results });
        }
        break;
      }
      case 2: { // import
        for (let n = r.u32(); n > 0; n--) {
          r.name(); r.name();
          const kind = r.byte();
          if (kind === 0) funcs.push(types[r.u32()]!);
          else if (kind === 1) { r.byte(); r.limits(); }
          else if (kind === 2) r.limits();
          else if (kind === 3) { const type = r.valType(); globals.push({ type, mutable: r.byte() === 1 }); }
        }
        break;
      }
      case 3: // function
        for (let n = r.u32(); n > 0; n--) funcs.push(types[r.u32()]!);
        break;
      case 6: { // global: the type comes first; the init expression is skipped to its `end`
        for (let n = r.u32(); n > 0; n--) {
          const type = r.valType();
          globals.push({ type, mutable: r.byte() === 1 });
          skipConstExpr(r);
        }
        break;
      }
      case 7: { // export
        for (let n = r.u32(); n > 0; n--) {
          const name = r.name();
          const kind = r.byte();
          const index = r.u32();
          if (kind === 0) exports.set(name, { kind: "func", sig: funcs[index]! });
          else if (kind === 3) exports.set(name, { kind: "global", ...globals[index]! });
          else exports.set(name, { kind: "other" });
        }
        break;
      }
      default:
        break;
    }
    r.pos = end;
    if (id === 7) break;
  }
  return exports;
}

function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.byte();
    switch (op) {
      case 0x0b: return; // end
      case 0x41: case 0x42: // i32.const / i64.const: signed LEB
        while (r.byte() & 0x80) { /* continue */ }
        break;
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0x23: case 0xd2: r.u32(); break; // global.get, ref.func
      case 0xd0: r.byte(); break; // ref.null t
      case 0xfd: r.u32(); r.skip(16); break; // v128.const
      default: // extended-const arithmetic (i32.add, …) has no immediates
        break;
    }
  }
}
