// Runs a parsed .wast script against an engine adapter: the current module, named modules, registered
// instances (importable by name; `spectest` always there), exact expected results. Every command gets an
// outcome — passed, failed (with a message) or pending (the engine cannot do this yet) — and nothing a
// module or an engine does can crash the run.

import { PendingError, errorMessage, type EngineAdapter, type ErrorClass, type Imports, type WasmValue } from "./engine-adapter.ts";
import { HostRefs, formatExpected, formatValue, matches, toWasmValue } from "./values.ts";
import { WastSyntaxError, parseWast, type Action, type Command, type WastModule, type WastScript } from "./wast-parser.ts";

export const KINDS = [
  "module", "register", "invoke", "get", "assert_return", "assert_trap", "assert_exhaustion", "assert_invalid",
  "assert_malformed", "assert_malformed_quote", "assert_unlinkable", "assert_uninstantiable", "script",
] as const;
/** `script` is a file the parser could not read (one failure for the whole file). */
export type Kind = (typeof KINDS)[number];
export type Status = "passed" | "failed" | "pending";

export interface Outcome {
  readonly line: number;
  readonly kind: Kind;
  readonly status: Status;
  /** Why it failed or is pending. */
  readonly message?: string;
  /** A failure of decoding/validation (what `--gate decode` looks at). */
  readonly decodeFailure?: boolean;
}

/** Text → binary (wabt). `assemble` throws when the text cannot be assembled; `rejects` says whether the text toolchain (parse + validate) refuses it. */
export interface Assembler {
  assemble(text: string): Uint8Array;
  rejects(text: string): boolean;
}

export interface RunOptions {
  readonly adapter: EngineAdapter;
  readonly assembler: Assembler;
  /** Also require compile errors' messages to contain the script's expected text. */
  readonly strictMessages?: boolean;
}

/** The wabt-backed assembler: one wabt instance for the whole run; each module is freed after use. */
export async function createWabtAssembler(): Promise<Assembler> {
  const wabt = await (await import("wabt")).default();
  const { Buffer } = await import("node:buffer");
  // Exact bytes in an ArrayBuffer of their own: wabt copies a view's whole underlying buffer (and
  // would UTF-8-encode a string, but wast strings are byte strings).
  const parse = (text: string) => wabt.parseWat("module.wat", Uint8Array.from(Buffer.from(text, "latin1")).buffer as unknown as Uint8Array);
  return {
    assemble(text: string): Uint8Array {
      const module = parse(text);
      try {
        return Uint8Array.from(module.toBinary({}).buffer);
      } finally {
        module.destroy();
      }
    },
    rejects(text: string): boolean {
      let module;
      try {
        module = parse(text);
        module.validate();
        module.toBinary({});
        return false;
      } catch {
        return true;
      } finally {
        module?.destroy();
      }
    },
  };
}

type InstanceState =
  | { readonly state: "ok"; readonly instance: unknown }
  | { readonly state: "failed"; readonly line: number }
  | { readonly state: "pending"; readonly reason: string };

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown; cls: ErrorClass };

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Runs one script. */
export function runScript(script: WastScript, options: RunOptions): Outcome[] {
  return new ScriptRun(options).run(script);
}

/** Parses and runs one .wast source; a parse error is one failed `script` outcome. */
export function runWast(source: Uint8Array | string, options: RunOptions): Outcome[] {
  let script: WastScript;
  try {
    script = parseWast(source);
  } catch (error) {
    const line = error instanceof WastSyntaxError ? error.line : 0;
    return [{ line, kind: "script", status: "failed", message: `parse error: ${errorMessage(error)}` }];
  }
  return runScript(script, options);
}

class ScriptRun {
  private readonly adapter: EngineAdapter;
  private readonly hostRefs = new HostRefs();
  private current: InstanceState | undefined;
  private readonly named = new Map<string, InstanceState>();
  private readonly registered = new Map<string, InstanceState>();
  private readonly outcomes: Outcome[] = [];
  private readonly spectest: Record<string, unknown> | undefined;

  constructor(private readonly options: RunOptions) {
    this.adapter = options.adapter;
    this.spectest = this.adapter.spectest();
  }

  run(script: WastScript): Outcome[] {
    for (const command of script.commands) {
      try {
        this.command(command);
      } catch (error) {
        // A bug in the runner or an adapter must not end the run: it becomes this command's failure.
        this.outcomes.push({ line: command.line, kind: kindOf(command), status: "failed", message: `runner error: ${errorMessage(error)}` });
      }
    }
    return this.outcomes;
  }

  private record(command: Command, status: Status, message?: string, decodeFailure?: boolean): void {
    const outcome: Outcome = { line: command.line, kind: kindOf(command), status, ...(message === undefined ? {} : { message }), ...(decodeFailure ? { decodeFailure } : {}) };
    this.outcomes.push(outcome);
  }

  private attempt<T>(fn: () => T): Attempt<T> {
    try {
      return { ok: true, value: fn() };
    } catch (error) {
      return { ok: false, error, cls: error instanceof PendingError ? "pending" : this.adapter.classify(error) };
    }
  }

  /** Module bytes: binary as is, text through the assembler (which may refuse it). */
  private bytesOf(module: WastModule): { bytes: Uint8Array } | { notAssemblable: string } {
    if (module.source.type === "binary") return { bytes: module.source.bytes };
    try {
      return { bytes: this.options.assembler.assemble(module.source.text) };
    } catch (error) {
      return { notAssemblable: `text not assemblable (wabt): ${firstLine(errorMessage(error).replace(/^Error: parseWat failed:\s*/, ""))}` };
    }
  }

  private importsFor(compiled: unknown): Imports | { pending: string } | { failed: string } {
    const imports: Imports = {};
    const spectest = this.spectest;
    if (spectest !== undefined) imports["spectest"] = spectest;
    for (const [name, state] of this.registered) if (state.state === "ok") imports[name] = this.adapter.exportsOf(state.instance);
    for (const name of this.adapter.importModules(compiled)) {
      if (name === "spectest" && spectest === undefined) return { pending: "spectest host module not available" };
      const state = this.registered.get(name);
      if (state?.state === "pending") return { pending: state.reason };
      if (state?.state === "failed") return { failed: `imports from module "${name}" which failed at line ${state.line}` };
      // An unknown module name gets an empty object, so the engine reports the missing import as a LinkError.
      imports[name] ??= {};
    }
    return imports;
  }

  /**
   * Compiles and instantiates. `stage` says how far it got: "bytes" (not assemblable), "compile",
   * "imports" or "instantiate" (the error is in `error`/`cls`), or "done".
   */
  private load(module: WastModule):
    | { stage: "bytes"; reason: string }
    | { stage: "compile" | "instantiate"; error: unknown; cls: ErrorClass }
    | { stage: "imports"; pending?: string; failed?: string }
    | { stage: "done"; instance: unknown } {
    const bytes = this.bytesOf(module);
    if ("notAssemblable" in bytes) return { stage: "bytes", reason: bytes.notAssemblable };
    const compiled = this.attempt(() => this.adapter.compile(bytes.bytes));
    if (!compiled.ok) return { stage: "compile", error: compiled.error, cls: compiled.cls };
    const imports = this.attempt(() => this.importsFor(compiled.value));
    if (!imports.ok) {
      if (imports.cls === "pending") return { stage: "imports", pending: errorMessage(imports.error) };
      throw imports.error;
    }
    if ("pending" in imports.value) return { stage: "imports", pending: imports.value.pending as string };
    if ("failed" in imports.value) return { stage: "imports", failed: imports.value.failed as string };
    const importObject = imports.value as Imports;
    const instance = this.attempt(() => this.adapter.instantiate(compiled.value, importObject));
    if (!instance.ok) return { stage: "instantiate", error: instance.error, cls: instance.cls };
    return { stage: "done", instance: instance.value };
  }

  private command(command: Command): void {
    switch (command.kind) {
      case "module": return this.moduleCommand(command);
      case "register": {
        const state = command.module === undefined ? this.current : this.named.get(command.module);
        if (state === undefined) return this.record(command, "failed", `no module ${command.module ?? "(current)"} to register`);
        this.registered.set(command.as, state);
        if (state.state === "ok") return this.record(command, "passed");
        if (state.state === "pending") return this.record(command, "pending", state.reason);
        return this.record(command, "failed", `module failed at line ${state.line}`);
      }
      case "action": {
        const result = this.perform(command.action);
        if ("values" in result) return this.record(command, "passed");
        if ("error" in result) return this.record(command, "failed", errorMessage(result.error));
        return this.record(command, result.status, result.message);
      }
      case "assert_return": {
        const result = this.perform(command.action);
        if ("error" in result) return this.record(command, "failed", errorMessage(result.error));
        if (!("values" in result)) return this.record(command, result.status, result.message);
        const { values } = result;
        const ok = values.length === command.expected.length && values.every((v, k) => matches(v, command.expected[k]!, this.hostRefs));
        if (ok) return this.record(command, "passed");
        return this.record(command, "failed", `result mismatch: got [${values.map((v) => formatValue(v, this.hostRefs)).join(", ")}], expected [${command.expected.map(formatExpected).join(", ")}]`);
      }
      case "assert_trap":
      case "assert_exhaustion": {
        const result = this.perform(command.action, true);
        if ("values" in result) {
          return this.record(command, "failed", `expected "${command.message}", got results [${result.values.map((v) => formatValue(v, this.hostRefs)).join(", ")}]`);
        }
        if (!("error" in result)) return this.record(command, result.status, result.message);
        const wanted: ErrorClass = command.kind === "assert_trap" ? "trap" : "exhaustion";
        // Stack exhaustion is a trap too: an assert_trap may name it, and then the message decides.
        const classOk = result.cls === wanted || (wanted === "trap" && result.cls === "exhaustion");
        if (classOk && (wanted === "exhaustion" || this.adapter.trapMatches(result.error, command.message))) return this.record(command, "passed");
        return this.record(command, "failed", `expected ${wanted} "${command.message}", got ${result.cls}: ${errorMessage(result.error)}`);
      }
      case "assert_invalid":
      case "assert_malformed":
        return this.assertRejected(command);
      case "assert_unlinkable":
      case "assert_uninstantiable":
      case "assert_trap_module":
        return this.assertNotInstantiable(command);
    }
  }

  private moduleCommand(command: Extract<Command, { kind: "module" }>): void {
    const loaded = this.load(command.module);
    let state: InstanceState;
    switch (loaded.stage) {
      case "bytes":
        state = { state: "pending", reason: loaded.reason };
        this.record(command, "pending", loaded.reason);
        break;
      case "compile":
        if (loaded.cls === "pending") {
          state = { state: "pending", reason: errorMessage(loaded.error) };
          this.record(command, "pending", state.reason);
        } else {
          state = { state: "failed", line: command.line };
          this.record(command, "failed", `module did not compile: ${errorMessage(loaded.error)}`, true);
        }
        break;
      case "imports":
        if (loaded.pending !== undefined) {
          state = { state: "pending", reason: loaded.pending };
          this.record(command, "pending", loaded.pending);
        } else {
          state = { state: "failed", line: command.line };
          this.record(command, "failed", loaded.failed);
        }
        break;
      case "instantiate":
        if (loaded.cls === "pending") {
          state = { state: "pending", reason: errorMessage(loaded.error) };
          this.record(command, "pending", state.reason);
        } else {
          state = { state: "failed", line: command.line };
          this.record(command, "failed", `instantiation failed: ${errorMessage(loaded.error)}`);
        }
        break;
      case "done":
        state = { state: "ok", instance: loaded.instance };
        this.record(command, "passed");
        break;
    }
    this.current = state;
    if (command.module.name !== undefined) this.named.set(command.module.name, state);
  }

  private perform(action: Action, expectError = false):
    | { values: WasmValue[] }
    | { error: unknown; cls: ErrorClass }
    | { status: "failed" | "pending"; message: string } {
    const state = action.module === undefined ? this.current : this.named.get(action.module);
    if (state === undefined) return { status: "failed", message: `no module ${action.module ?? "(current)"}` };
    if (state.state === "pending") return { status: "pending", message: state.reason };
    if (state.state === "failed") return { status: "failed", message: `module failed at line ${state.line}` };
    const attempt = this.attempt(() =>
      action.type === "invoke"
        ? this.adapter.invoke(state.instance, action.name, action.args.map((a) => toWasmValue(a, this.hostRefs)))
        : [this.adapter.getGlobal(state.instance, action.name)],
    );
    if (attempt.ok) return { values: attempt.value };
    if (attempt.cls === "pending") return { status: "pending", message: errorMessage(attempt.error) };
    if (expectError) return { error: attempt.error, cls: attempt.cls };
    return { status: "failed", message: `${action.type} "${action.name}" threw ${errorMessage(attempt.error)}` };
  }

  private assertRejected(command: Extract<Command, { kind: "assert_invalid" | "assert_malformed" }>): void {
    const source = command.module.source;
    if (command.kind === "assert_malformed" && source.type !== "binary") {
      // Malformed *text* tests the text parser (wabt here), not the engine: counted as assert_malformed_quote.
      if (this.options.assembler.rejects(source.text)) return this.record(command, "passed");
      return this.record(command, "failed", `wabt accepted malformed text (expected "${command.message}")`);
    }
    const bytes = this.bytesOf(command.module);
    if ("notAssemblable" in bytes) return this.record(command, "pending", bytes.notAssemblable);
    const compiled = this.attempt(() => this.adapter.compile(bytes.bytes));
    if (compiled.ok) return this.record(command, "failed", `module compiled, expected CompileError "${command.message}"`, true);
    if (compiled.cls === "pending") return this.record(command, "pending", errorMessage(compiled.error));
    if (compiled.cls !== "compile") return this.record(command, "failed", `expected CompileError "${command.message}", got ${errorMessage(compiled.error)}`, true);
    if (this.options.strictMessages && !this.adapter.compileMessageMatches(compiled.error, command.message)) {
      return this.record(command, "failed", `expected message "${command.message}", got ${errorMessage(compiled.error)}`, true);
    }
    return this.record(command, "passed");
  }

  private assertNotInstantiable(command: Extract<Command, { kind: "assert_unlinkable" | "assert_uninstantiable" } | { kind: "assert_trap_module" }>): void {
    const wanted: ErrorClass = command.kind === "assert_unlinkable" ? "link" : "trap";
    const loaded = this.load(command.module);
    switch (loaded.stage) {
      case "bytes": return this.record(command, "pending", loaded.reason);
      case "compile":
        if (loaded.cls === "pending") return this.record(command, "pending", errorMessage(loaded.error));
        return this.record(command, "failed", `module did not compile: ${errorMessage(loaded.error)}`);
      case "imports":
        if (loaded.pending !== undefined) return this.record(command, "pending", loaded.pending);
        return this.record(command, "failed", loaded.failed);
      case "done": return this.record(command, "failed", `module instantiated, expected ${wanted} error "${command.message}"`);
      case "instantiate": {
        if (loaded.cls === "pending") return this.record(command, "pending", errorMessage(loaded.error));
        const messageOk = wanted === "link" || this.adapter.trapMatches(loaded.error, command.message);
        if (loaded.cls === wanted && messageOk) return this.record(command, "passed");
        return this.record(command, "failed", `expected ${wanted} error "${command.message}", got ${loaded.cls}: ${errorMessage(loaded.error)}`);
      }
    }
  }
}

export function kindOf(command: Command): Kind {
  switch (command.kind) {
    case "action": return command.action.type === "invoke" ? "invoke" : "get";
    case "assert_trap_module": return "assert_trap";
    case "assert_malformed": return command.module.source.type === "binary" ? "assert_malformed" : "assert_malformed_quote";
    default: return command.kind;
  }
}
