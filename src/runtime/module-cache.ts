// The module cache: a chain node runs the same contracts over and over, so each distinct module is
// decoded, validated and lowered once per process (memory) and, with a directory, once per machine.
//
// Key: SHA-256 of the wasm bytes + a hash of the artifact identity (engine version, internal-code
// format, features, gas schedule, compile-relevant options), so one wasm compiled under two
// configurations is two entries and an engine upgrade never picks up stale code. Memory: an LRU
// bounded by entry count and by bytes (an entry weighs its artifact's size, the serialized record
// plus code). Directory: one artifact file per key, written to a unique temporary name and renamed
// into place, so concurrent writers (threads, processes) never leave a torn file; a file that fails
// to load (damaged, other engine) is treated as a miss and replaced.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ArtifactError } from "./artifact-error.ts";
import { artifactIdentity, loadPrecompiled, lowerFlavorFor, serializeModule } from "./artifact.ts";
import type { ArtifactOptions } from "./artifact.ts";
import { Module, bytesOf } from "./module.ts";
import type { BufferSource } from "./module.ts";

export interface ModuleCacheOptions {
  /** Most modules kept in memory (default 256). */
  readonly maxEntries?: number;
  /** Most artifact bytes kept in memory (default 256 MiB). */
  readonly maxBytes?: number;
  /** Directory of artifacts backing the memory cache; created when missing. */
  readonly dir?: string;
  /** HMAC key for the directory's artifacts (see ArtifactOptions.artifactKey). */
  readonly artifactKey?: string | Uint8Array;
}

export interface ModuleCacheStats {
  /** Found in memory. */
  readonly hits: number;
  /** Not in memory (then loaded from the directory, or compiled). */
  readonly misses: number;
  /** Misses served by an artifact file. */
  readonly diskHits: number;
  /** Misses that compiled from wasm. */
  readonly compiles: number;
  readonly diskWrites: number;
  /** Artifact files that could not be loaded and were replaced. */
  readonly diskRejects: number;
  readonly evictions: number;
  readonly entries: number;
  readonly bytes: number;
}

interface Entry { readonly module: Module; readonly size: number }

let tempCounter = 0;

export class ModuleCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly dir: string | undefined;
  readonly #artifactKey: string | Uint8Array | undefined;
  /** Map iteration order is insertion order: re-inserting on a hit makes the first key the least recently used. */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #diskHits = 0;
  #compiles = 0;
  #diskWrites = 0;
  #diskRejects = 0;
  #evictions = 0;

  constructor(options: ModuleCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 256;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    if (!Number.isSafeInteger(this.maxEntries) || this.maxEntries < 0) throw new RangeError(`maxEntries must be a non-negative integer, got ${this.maxEntries}`);
    if (!Number.isSafeInteger(this.maxBytes) || this.maxBytes < 0) throw new RangeError(`maxBytes must be a non-negative integer, got ${this.maxBytes}`);
    this.dir = options.dir;
    this.#artifactKey = options.artifactKey;
    if (this.dir !== undefined) mkdirSync(this.dir, { recursive: true });
  }

  /** The cache key of `bytes` under `options`: wasm hash and identity hash, hex. */
  static keyOf(bytes: Uint8Array, options?: ArtifactOptions): string {
    const wasmHash = createHash("sha256").update(bytes).digest("hex");
    const identityHash = createHash("sha256").update(JSON.stringify(artifactIdentity(options))).digest("hex").slice(0, 24);
    return `${wasmHash}-${identityHash}`;
  }

  /** The Module for `bytes` under `options`: from memory, else from the directory, else compiled
   *  (CompileError for a bad module, as `new Module` throws). Modules are shared: treat as immutable. */
  get(source: BufferSource, options?: ArtifactOptions): Module {
    const bytes = bytesOf(source);
    const key = ModuleCache.keyOf(bytes, options);
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      this.#hits++;
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached.module;
    }
    this.#misses++;
    const loadOptions: ArtifactOptions | undefined = this.#artifactKey === undefined ? options : { ...options, artifactKey: this.#artifactKey };
    const fromDisk = this.#readFile(key, loadOptions);
    if (fromDisk !== undefined) {
      this.#diskHits++;
      this.#insert(key, { module: fromDisk.module, size: fromDisk.size });
      return fromDisk.module;
    }
    const module = new Module(bytes, options);
    this.#compiles++;
    lowerFlavorFor(module, options);
    const artifact = serializeModule(module, this.#artifactKey);
    if (this.dir !== undefined) this.#writeFile(key, artifact);
    this.#insert(key, { module, size: artifact.length });
    return module;
  }

  get stats(): ModuleCacheStats {
    return {
      hits: this.#hits, misses: this.#misses, diskHits: this.#diskHits, compiles: this.#compiles, diskWrites: this.#diskWrites,
      diskRejects: this.#diskRejects, evictions: this.#evictions, entries: this.#entries.size, bytes: this.#bytes,
    };
  }

  /** Empties the memory cache (the directory is left alone). Statistics are kept. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #insert(key: string, entry: Entry): void {
    // An entry bigger than the whole budget is served but not kept.
    if (entry.size > this.maxBytes || this.maxEntries === 0) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.size;
    for (const [oldKey, old] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= old.size;
      this.#evictions++;
    }
  }

  #path(key: string): string {
    return join(this.dir ?? ".", `${key}.xwart`);
  }

  #readFile(key: string, options: ArtifactOptions | undefined): { module: Module; size: number } | undefined {
    if (this.dir === undefined) return undefined;
    let artifact: Uint8Array;
    try {
      artifact = readFileSync(this.#path(key));
    } catch {
      return undefined;
    }
    try {
      return { module: loadPrecompiled(artifact, options), size: artifact.length };
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      this.#diskRejects++;
      return undefined;
    }
  }

  #writeFile(key: string, artifact: Uint8Array): void {
    const path = this.#path(key);
    const temp = `${path}.${process.pid}.${++tempCounter}.${Date.now().toString(36)}.tmp`;
    try {
      writeFileSync(temp, artifact);
      renameSync(temp, path);
      this.#diskWrites++;
    } catch {
      // A cache that cannot write (read-only or full disk) still serves from memory.
      rmSync(temp, { force: true });
    }
  }
}
