// Test support only: V8's own WebAssembly object as an oracle. The project's TypeScript lib
// settings (ES2022, no DOM) do not declare it, so it is typed here with just what tests use.

export interface V8Module { readonly __brand?: "V8Module" }
export interface V8WebAssembly {
  validate(bytes: Uint8Array): boolean;
  Module: {
    new (bytes: Uint8Array): V8Module;
    imports(m: V8Module): { module: string; name: string; kind: string }[];
    exports(m: V8Module): { name: string; kind: string }[];
  };
}

export const V8: V8WebAssembly = (globalThis as unknown as { WebAssembly: V8WebAssembly }).WebAssembly;
