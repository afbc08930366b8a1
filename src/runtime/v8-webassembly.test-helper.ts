// V8's own WebAssembly, the oracle of the runtime tests, typed for what the tests use. The DOM
// lib's declarations want ArrayBuffer-backed views and would need a cast at every call with wabt's bytes.

export interface V8Memory { readonly buffer: ArrayBuffer; grow(delta: number): number }
export interface V8Table { readonly length: number; get(index: number): unknown; set(index: number, value?: unknown): void; grow(delta: number, value?: unknown): number }
export interface V8Global { value: unknown; valueOf(): unknown }
export interface V8Module { readonly __v8Module?: never }
export interface V8Instance { readonly exports: Record<string, unknown> }

export interface V8WebAssembly {
  Module: (new (bytes: Uint8Array) => V8Module) & {
    imports(module: V8Module): { module: string; name: string; kind: string }[];
    exports(module: V8Module): { name: string; kind: string }[];
    customSections(module: V8Module, name: string): ArrayBuffer[];
  };
  Instance: new (module: V8Module, imports?: Record<string, Record<string, unknown>>) => V8Instance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => V8Memory;
  Table: new (descriptor: { element: string; initial: number; maximum?: number }, value?: unknown) => V8Table;
  Global: new (descriptor: { value: string; mutable?: boolean }, value?: unknown) => V8Global;
  CompileError: new () => Error;
  LinkError: new () => Error;
  RuntimeError: new () => Error;
}

export const V8 = (globalThis as unknown as { WebAssembly: V8WebAssembly }).WebAssembly;
