// Precompiled artifacts: a Module's decoded record and lowered code in a compact versioned binary,
// so a node that runs the same contract millions of times decodes, validates and lowers it once.
//
// Layout (all integers little-endian):
//   0   magic "\0xwart\r\n" (8 bytes; cannot be mistaken for wasm's "\0asm")
//   8   u32 format version (FORMAT_VERSION)
//   12  u32 header length H
//   16  header: codec object { identity fields (see ArtifactIdentity), wasmSha256, bodyLength, keyed }
//   16+H body: codec object { record: ModuleRecord, compiled: CompiledModule, flavors: [key, CompiledModule][] }
//        (`compiled` is the plain code; `flavors` the code already lowered for metered/deterministic
//        stores, keyed as module.ts keys them — a flavor not in the artifact is lowered on first use)
//   end-32  digest: SHA-256 of every byte before it (HMAC-SHA-256 when built with `artifactKey`)
//
// The original wasm bytes stay in the artifact (as record.bytes): Module.customSections, the CLI's
// inspect and the `wasmSha256` check all use them, and they cost little next to the lowered code.
//
// Loading checks, in order: magic and format version, header bounds, exact length (truncation),
// the digest (any flipped byte), then identity — engine version, internal-code format, features,
// gas schedule version and hash, compile-relevant options — against what this engine would produce
// for `options`, then decodes the body with every read bounds-checked and checks the record's shape
// and the wasm hash. Every refusal is an ArtifactError (a CompileError). The digest detects
// corruption, not forgery: anyone can recompute a plain SHA-256, so artifacts from an untrusted
// source must be built and loaded with the same secret `artifactKey` (HMAC), or compiled from wasm.

import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Features, ModuleRecord } from "../core/index.ts";
import { DEFAULT_GAS_SCHEDULE } from "../gas/index.ts";
import type { GasSchedule } from "../gas/index.ts";
import * as compileApi from "../compile/index.ts";
import type { CompiledModule } from "../compile/index.ts";
import { ArtifactError } from "./artifact-error.ts";
import { ValueReader, ValueWriter } from "./artifact-codec.ts";
import { flavorForOptions, resolveFeatures } from "./engine-options.ts";
import type { EngineOptions } from "./engine-options.ts";
import { Module, compiledFor, moduleFromCompiled, moduleParts } from "./module.ts";
import type { BufferSource } from "./module.ts";

export { ArtifactError };

export const ARTIFACT_MAGIC: Uint8Array = Uint8Array.of(0x00, 0x78, 0x77, 0x61, 0x72, 0x74, 0x0d, 0x0a);
export const ARTIFACT_FORMAT_VERSION = 1;
/** Bump by hand when lowering changes the meaning of internal code without renumbering its opcodes. */
const CODE_FORMAT_REVISION = 1;
const PREFIX_SIZE = 16;
const DIGEST_SIZE = 32;

export interface ArtifactOptions extends EngineOptions {
  /** Secret for an HMAC-SHA-256 digest: needed to trust artifacts that crossed a trust boundary. An
   *  artifact built with a key loads only with the same key, and a key refuses unkeyed artifacts. */
  readonly artifactKey?: string | Uint8Array;
}

/** Everything that must match between the engine that built an artifact and the one loading it. */
export interface ArtifactIdentity {
  readonly engineVersion: string;
  /** Fingerprint of compile/'s internal opcode numbering and record fields (currentCodeFormat). */
  readonly codeFormat: string;
  /** Enabled features, by name, comma-separated. */
  readonly features: string;
  readonly gasScheduleVersion: string;
  readonly gasScheduleHash: string;
  /** Canonical JSON of the options that change lowered code (meter mode, determinism). */
  readonly compileOptions: string;
}

export interface ArtifactInfo extends ArtifactIdentity {
  readonly formatVersion: number;
  readonly wasmSha256: string;
  readonly bodyLength: number;
  readonly keyed: boolean;
}

const IDENTITY_FIELDS = ["engineVersion", "codeFormat", "features", "gasScheduleVersion", "gasScheduleHash", "compileOptions"] as const;

function readEngineVersion(): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const version = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).version : undefined;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

export const ENGINE_VERSION: string = readEngineVersion();

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The smallest module with a function ("(module (func))"): lowering it shows the fields the
 *  current compile/ puts in its records. */
const TINY_WASM = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 0x0a, 4, 1, 2, 0, 0x0b);

let codeFormat: string | undefined;
/** Fingerprint of the internal code: compile/'s opcode numbering and the field names of its records
 *  (a field added by later work changes it), plus CODE_FORMAT_REVISION. Computed once, on first use. */
function currentCodeFormat(): string {
  if (codeFormat === undefined) {
    const numbered = Object.entries(compileApi)
      .filter((entry): entry is [string, number] => typeof entry[1] === "number")
      .map(([name, value]) => `${name}=${value}`)
      .sort();
    const tiny = new Module(TINY_WASM);
    const compiled = moduleParts(tiny).compiled;
    const shape = [Object.keys(compiled).sort().join(","), Object.keys(compiled.functions[0]).sort().join(",")];
    codeFormat = `${CODE_FORMAT_REVISION}:${sha256Hex([...numbered, ...shape].join(";")).slice(0, 16)}`;
  }
  return codeFormat;
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "bigint") return `${item}n`;
    if (item instanceof Map) return Object.fromEntries([...item.entries()].map(([k, v]) => [String(k), v]));
    if (typeof item === "object" && item !== null && !Array.isArray(item) && !ArrayBuffer.isView(item)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(item).sort()) sorted[key] = (item as Record<string, unknown>)[key];
      return sorted;
    }
    return item;
  }) ?? "null";
}

function optionValue(options: EngineOptions | undefined, key: string): unknown {
  return options === undefined ? undefined : Reflect.get(options, key);
}

function isGasSchedule(value: unknown): value is GasSchedule {
  return typeof value === "object" && value !== null && typeof (value as Record<string, unknown>).version === "string";
}

function featureList(features: Features): string {
  return Object.keys(features).sort().filter((name) => (features as unknown as Record<string, unknown>)[name] === true).join(",");
}

// Per schedule object, as engine-options.ts caches its cost table: schedules are treated as immutable.
const hashBySchedule = new WeakMap<GasSchedule, string>();
function scheduleHash(schedule: GasSchedule): string {
  let hash = hashBySchedule.get(schedule);
  if (hash === undefined) {
    hash = sha256Hex(canonicalJson(schedule));
    hashBySchedule.set(schedule, hash);
  }
  return hash;
}

/** The identity an artifact must carry to be loaded under `options`. */
export function artifactIdentity(options: EngineOptions | undefined, features: Features = resolveFeatures(options)): ArtifactIdentity {
  const requestedSchedule = optionValue(options, "gasSchedule");
  const schedule = isGasSchedule(requestedSchedule) ? requestedSchedule : DEFAULT_GAS_SCHEDULE;
  // Normalized as the store will see them: any budget or meter option means metered, "block" by default.
  const metered = optionValue(options, "gasLimit") !== undefined || optionValue(options, "instructionLimit") !== undefined || optionValue(options, "meter") !== undefined;
  const compileOptions = { meter: metered ? optionValue(options, "meter") ?? "block" : "none", deterministic: optionValue(options, "deterministic") === true };
  return {
    engineVersion: ENGINE_VERSION,
    codeFormat: currentCodeFormat(),
    features: featureList(features),
    gasScheduleVersion: schedule.version,
    gasScheduleHash: scheduleHash(schedule),
    compileOptions: canonicalJson(compileOptions),
  };
}

function keyBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === "string" ? new TextEncoder().encode(key) : key;
}

function digestOf(bytes: Uint8Array, key: string | Uint8Array | undefined): Uint8Array {
  const hash = key === undefined ? createHash("sha256") : createHmac("sha256", keyBytes(key));
  return new Uint8Array(hash.update(bytes).digest());
}

/** Compiles `bytes` (decode, validate, lower — exactly as `new Module(bytes, options)`) and
 *  serializes the result. Throws CompileError for a bad module. */
export function precompile(bytes: BufferSource, options?: ArtifactOptions): Uint8Array {
  const module = new Module(bytes, options);
  lowerFlavorFor(module, options);
  return serializeModule(module, options?.artifactKey);
}

/** Lowers now the code flavor (meter mode, NaN mode) instances under `options` will need, so an
 *  artifact made afterwards carries it and loading skips lowering too. */
export function lowerFlavorFor(module: Module, options: EngineOptions | undefined): void {
  compiledFor(moduleParts(module), flavorForOptions(options));
}

/** The artifact of an already compiled Module (it was built under its own options). */
export function serializeModule(module: Module, artifactKey?: string | Uint8Array): Uint8Array {
  const parts = moduleParts(module);
  const identity = artifactIdentity(parts.options, parts.features);

  // An artifact holds lowered code: lower now whatever lazy lowering has not reached yet.
  for (const code of parts.compiledByFlavor.values()) compileApi.lowerAllPending(code);
  const body = new ValueWriter();
  const flavors = [...parts.compiledByFlavor].filter(([, code]) => code !== parts.compiled);
  body.value({ record: parts.record, compiled: parts.compiled, flavors }, "module");
  const bodyBytes = body.finish();

  const header = new ValueWriter();
  header.value({ ...identity, wasmSha256: sha256Hex(parts.record.bytes), bodyLength: bodyBytes.length, keyed: artifactKey !== undefined }, "header");
  const headerBytes = header.finish();

  const total = PREFIX_SIZE + headerBytes.length + bodyBytes.length + DIGEST_SIZE;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(ARTIFACT_MAGIC, 0);
  view.setUint32(8, ARTIFACT_FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, PREFIX_SIZE);
  out.set(bodyBytes, PREFIX_SIZE + headerBytes.length);
  out.set(digestOf(out.subarray(0, total - DIGEST_SIZE), artifactKey), total - DIGEST_SIZE);
  return out;
}

/** True when `bytes` start with the artifact magic (it says nothing about validity). */
export function isArtifact(bytes: Uint8Array): boolean {
  if (bytes.length < ARTIFACT_MAGIC.length) return false;
  for (let i = 0; i < ARTIFACT_MAGIC.length; i++) if (bytes[i] !== ARTIFACT_MAGIC[i]) return false;
  return true;
}

function asBytes(source: unknown): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new TypeError("artifact must be an ArrayBuffer or typed array");
}

function field(header: Record<string, unknown>, name: string, type: "string" | "number" | "boolean"): unknown {
  const value = header[name];
  if (typeof value !== type) throw new ArtifactError(`corrupt artifact header: field ${name} is missing or not a ${type}`);
  return value;
}

/** Reads and checks an artifact's framing, header and digest; returns the header and the body range. */
export function readArtifactHeader(source: BufferSource, artifactKey?: string | Uint8Array): { info: ArtifactInfo; bodyStart: number; bodyEnd: number } {
  const bytes = asBytes(source);
  if (!isArtifact(bytes)) {
    const magicPrefix = bytes.length < ARTIFACT_MAGIC.length && bytes.every((b, i) => b === ARTIFACT_MAGIC[i]);
    throw new ArtifactError(magicPrefix ? `truncated artifact: ${bytes.length} bytes` : "not an xwasm artifact (bad magic)");
  }
  if (bytes.length < PREFIX_SIZE + DIGEST_SIZE) throw new ArtifactError(`truncated artifact: ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const formatVersion = view.getUint32(8, true);
  if (formatVersion !== ARTIFACT_FORMAT_VERSION) {
    throw new ArtifactError(`unsupported artifact format version ${formatVersion} (this engine reads version ${ARTIFACT_FORMAT_VERSION})`);
  }
  const headerLength = view.getUint32(12, true);
  if (headerLength > bytes.length - PREFIX_SIZE - DIGEST_SIZE) throw new ArtifactError("truncated artifact: header runs past the end");
  const reader = new ValueReader(bytes, PREFIX_SIZE, PREFIX_SIZE + headerLength);
  const decoded = reader.value();
  if (reader.position !== PREFIX_SIZE + headerLength) throw new ArtifactError("corrupt artifact header: trailing bytes");
  if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded) || decoded instanceof Map || ArrayBuffer.isView(decoded)) {
    throw new ArtifactError("corrupt artifact header: not a record");
  }
  const header = decoded as Record<string, unknown>;
  const bodyLength = field(header, "bodyLength", "number") as number;
  const bodyStart = PREFIX_SIZE + headerLength;
  const expectedTotal = bodyStart + bodyLength + DIGEST_SIZE;
  if (bytes.length < expectedTotal) throw new ArtifactError(`truncated artifact: ${bytes.length} of ${expectedTotal} bytes`);
  if (bytes.length > expectedTotal) throw new ArtifactError(`corrupt artifact: ${bytes.length - expectedTotal} bytes after the end`);

  const keyed = field(header, "keyed", "boolean") as boolean;
  if (keyed && artifactKey === undefined) throw new ArtifactError("artifact is keyed (HMAC): pass the artifactKey it was built with");
  if (!keyed && artifactKey !== undefined) throw new ArtifactError("artifact is not keyed but an artifactKey was given: refusing an unauthenticated artifact");
  const digest = digestOf(bytes.subarray(0, expectedTotal - DIGEST_SIZE), artifactKey);
  const stored = bytes.subarray(expectedTotal - DIGEST_SIZE, expectedTotal);
  let same = 0;
  for (let i = 0; i < DIGEST_SIZE; i++) same |= digest[i] ^ stored[i];
  if (same !== 0) throw new ArtifactError(keyed ? "artifact digest mismatch: corrupted, tampered with, or a different artifactKey" : "artifact digest mismatch: corrupted or tampered with");

  const info: ArtifactInfo = {
    formatVersion,
    engineVersion: field(header, "engineVersion", "string") as string,
    codeFormat: field(header, "codeFormat", "string") as string,
    features: field(header, "features", "string") as string,
    gasScheduleVersion: field(header, "gasScheduleVersion", "string") as string,
    gasScheduleHash: field(header, "gasScheduleHash", "string") as string,
    compileOptions: field(header, "compileOptions", "string") as string,
    wasmSha256: field(header, "wasmSha256", "string") as string,
    bodyLength,
    keyed,
  };
  return { info, bodyStart, bodyEnd: bodyStart + bodyLength };
}

const FIELD_LABEL: Record<(typeof IDENTITY_FIELDS)[number], string> = {
  engineVersion: "engine version",
  codeFormat: "internal code format",
  features: "features",
  gasScheduleVersion: "gas schedule version",
  gasScheduleHash: "gas schedule hash",
  compileOptions: "compile options",
};

function checkIdentity(found: ArtifactIdentity, expected: ArtifactIdentity): void {
  for (const name of IDENTITY_FIELDS) {
    if (found[name] !== expected[name]) {
      throw new ArtifactError(`artifact was built for ${FIELD_LABEL[name]} ${JSON.stringify(found[name])}, this engine expects ${JSON.stringify(expected[name])}`);
    }
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Map) && !ArrayBuffer.isView(value);
}

/** The shape checks that make a decoded body safe to hand to Instance: the fields instantiation
 *  walks are of the right kinds and the code arrays line up with the declared functions. */
function checkShape(body: unknown): { record: ModuleRecord; compiled: CompiledModule; flavors: [string, CompiledModule][] } {
  const bad = (what: string): never => {
    throw new ArtifactError(`corrupt artifact body: ${what}`);
  };
  if (!isPlainRecord(body) || !isPlainRecord(body.record) || !isPlainRecord(body.compiled)) return bad("not a module");
  const record = body.record;
  if (!(record.bytes instanceof Uint8Array)) bad("record.bytes");
  for (const name of ["types", "imports", "functions", "tables", "memories", "globals", "exports", "elements", "datas", "codes", "customs", "funcTypeIndices", "allTables", "allMemories", "allGlobals"]) {
    if (!Array.isArray(record[name])) bad(`record.${name} is not an array`);
  }
  for (const name of ["numImportedFuncs", "numImportedTables", "numImportedMemories", "numImportedGlobals"]) {
    if (typeof record[name] !== "number") bad(`record.${name} is not a number`);
  }
  const checkCode = (code: unknown): CompiledModule => {
    if (!isPlainRecord(code)) return bad("compiled code is not a record");
    const functions = code.functions;
    if (!Array.isArray(functions) || functions.length !== (record.functions as unknown[]).length) bad("compiled functions do not match the declared functions");
    for (const compiled of functions as unknown[]) {
      if (!isPlainRecord(compiled) || !(compiled.code instanceof Int32Array)) bad("a compiled function has no code");
    }
    return code as unknown as CompiledModule;
  };
  const compiled = checkCode(body.compiled);
  if (!Array.isArray(body.flavors)) return bad("flavors is not an array");
  const flavors = (body.flavors as unknown[]).map((entry): [string, CompiledModule] => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string") return bad("malformed flavor entry");
    return [entry[0], checkCode(entry[1])];
  });
  return { record: record as unknown as ModuleRecord, compiled, flavors };
}

/** Reads the info of an artifact after checking its framing and digest (for tools: `inspect`, caches). */
export function artifactInfo(artifact: BufferSource, artifactKey?: string | Uint8Array): ArtifactInfo {
  return readArtifactHeader(artifact, artifactKey).info;
}

/** A Module from an artifact, without decoding, validating or lowering the wasm again. The options
 *  must give the same identity (features, gas schedule, compile options) the artifact was built
 *  under; they also become the module's default options for `new Instance`. */
export function loadPrecompiled(artifact: BufferSource, options?: ArtifactOptions): Module {
  const bytes = asBytes(artifact);
  const { info, bodyStart, bodyEnd } = readArtifactHeader(bytes, options?.artifactKey);
  checkIdentity(info, artifactIdentity(options));
  const reader = new ValueReader(bytes, bodyStart, bodyEnd);
  const body = reader.value();
  if (reader.position !== bodyEnd) throw new ArtifactError("corrupt artifact body: trailing bytes");
  const { record, compiled, flavors } = checkShape(body);
  if (sha256Hex(record.bytes) !== info.wasmSha256) throw new ArtifactError("artifact's wasm bytes do not match its recorded hash");
  return moduleFromCompiled(record, compiled, options, flavors);
}

/** The original wasm bytes held in an artifact (after the framing and digest checks). */
export function artifactWasmBytes(artifact: BufferSource, artifactKey?: string | Uint8Array): Uint8Array {
  const bytes = asBytes(artifact);
  const { bodyStart, bodyEnd } = readArtifactHeader(bytes, artifactKey);
  const body = new ValueReader(bytes, bodyStart, bodyEnd).value();
  if (!isPlainRecord(body) || !isPlainRecord(body.record) || !(body.record.bytes instanceof Uint8Array)) throw new ArtifactError("corrupt artifact body: no wasm bytes");
  return body.record.bytes;
}
