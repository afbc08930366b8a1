// cli/: the `xwasm` command. Each subcommand is a thin layer over the public runtime API; errors are
// reported with the phase (decode/validate, link, trap) and exit codes say which (see HELP).

import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { CompileError, EXTERN_FUNC, LinkError, RuntimeError, externKindName, funcTypeToString, valTypeName } from "../core/index.ts";
import type { ModuleRecord } from "../core/index.ts";
import { decodeModule } from "../binary/index.ts";
import { Engine, Instance, Module } from "../runtime/index.ts";
import { MONITOR_HELP, MONITOR_OPTIONS, budgetFlags, jsonExtras, monitorSettings, reportLines } from "./monitor-output.ts";
import type { MonitorValues, ReportLike } from "./monitor-output.ts";
import type { ExecutionProfile } from "../runtime/index.ts";
import { CONTRACT_HELP, contractMain } from "./contract-commands.ts";
import { PRECOMPILE_HELP, precompileMain } from "./precompile-command.ts";
import { formatValue, parseArg, valueToJson } from "./values.ts";
import { InputError, readModuleBytes } from "./wasm-input.ts";

const HELP = `xwasm — a deterministic, metered WebAssembly engine

Usage:
  xwasm run FILE EXPORT [ARGS...]   instantiate FILE (.wasm or .wat) and call its exported function
                                    EXPORT with ARGS (parsed by the parameter types: integers in
                                    decimal or 0x hex, floats as decimal, inf, -inf, nan); prints
                                    the results, or the trap
  xwasm validate FILE...            decode and validate each module; prints ok or the error with
                                    its byte offset
  xwasm inspect FILE                print the module's imports, exports, functions and memory
  xwasm deploy | call ...           contracts (below)
${PRECOMPILE_HELP}  xwasm help                        this text

${CONTRACT_HELP}
${MONITOR_HELP}
Options:
  --json        machine-readable output (one JSON object on stdout)
  -h, --help    this text

Exit status: 0 success; 1 a trap or failed call; 2 usage error or unreadable input;
3 the module is malformed or invalid; 4 linking failed.

The spec suite runner is 'npm run spec', the benchmarks 'npm run bench'.
`;

type Output = { json: boolean; monitor: MonitorValues };

function print(output: Output, human: string, machine: unknown): void {
  if (output.json) console.log(JSON.stringify(machine, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)));
  else console.log(human);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof InputError) return 2;
  if (error instanceof CompileError) return 3;
  if (error instanceof LinkError) return 4;
  return 1;
}

function describeError(error: unknown): { kind: string; message: string } {
  if (error instanceof CompileError) return { kind: "compile", message: error.message };
  if (error instanceof LinkError) return { kind: "link", message: error.message };
  if (error instanceof RuntimeError) return { kind: "trap", message: error.message };
  if (error instanceof Error) return { kind: error.name, message: error.message };
  return { kind: "error", message: String(error) };
}

async function runCommand(args: string[], output: Output): Promise<number> {
  const [file, exportName, ...rest] = args;
  if (file === undefined || exportName === undefined) throw new InputError("usage: xwasm run FILE EXPORT [ARGS...]");
  const bytes = await readModuleBytes(file);
  const record = decodeModule(bytes);
  const exported = record.exports.find((e) => e.name === exportName);
  if (exported === undefined || exported.kind !== EXTERN_FUNC) {
    const functions = record.exports.filter((e) => e.kind === EXTERN_FUNC).map((e) => e.name);
    throw new InputError(`${file} exports no function named "${exportName}"; exported functions: ${functions.join(", ") || "(none)"}`);
  }
  const type = record.types[record.funcTypeIndices[exported.index]];
  if (rest.length !== type.params.length) {
    throw new InputError(`${exportName} takes ${type.params.length} argument(s) ${funcTypeToString(type)}, got ${rest.length}`);
  }
  const argValues = rest.map((text, i) => {
    try {
      return parseArg(text, type.params[i]);
    } catch (error) {
      throw new InputError(`argument ${i + 1} (${valTypeName(type.params[i])}): ${(error as Error).message}`);
    }
  });
  const settings = monitorSettings(output.monitor);
  const started = performance.now();
  const module = settings.cache !== undefined ? settings.cache.get(bytes) : new Module(bytes);
  // A metered engine of its own (no gas limit): the report counts this call only.
  const engine = new Engine(settings.profile ? { profile: true } : { meter: "block" });
  const instance = new Instance(module, {}, engine.with());
  if (settings.profile) engine.beginProfile();
  let runProfile: ExecutionProfile | undefined;
  let results;
  try {
    results = instance.invoke(exportName, argValues);
  } finally {
    if (settings.profile) runProfile = engine.endProfile();
  }
  const stats = engine.stats;
  const report: ReportLike = {
    gasUsed: stats.gasUsed, instructions: stats.instructions, wallTimeMs: performance.now() - started,
    peakMemoryPages: stats.maxMemoryPages, peakCallDepth: stats.maxCallDepth, hostCalls: stats.hostCalls,
    ...(runProfile !== undefined ? { profile: runProfile } : {}),
  };
  const flags = budgetFlags(report, settings);
  // The results alone unless a report was asked for (scripts read run's output).
  const human = [results.map(formatValue).join("\n") || "(no results)", ...(settings.inJson ? [`gas used: ${report.gasUsed}`, ...reportLines(report, settings, flags)] : [])];
  print(output, human.join("\n"), { status: "ok", results: results.map(valueToJson), ...jsonExtras(report, settings, flags) });
  return 0;
}

async function validateCommand(files: string[], output: Output): Promise<number> {
  if (files.length === 0) throw new InputError("usage: xwasm validate FILE...");
  let failures = 0;
  const reports: { file: string; ok: boolean; error?: string; offset?: number }[] = [];
  for (const file of files) {
    try {
      new Module(await readModuleBytes(file));
      reports.push({ file, ok: true });
      if (!output.json) console.log(`${file}: ok`);
    } catch (error) {
      if (!(error instanceof CompileError) && !(error instanceof InputError)) throw error;
      failures++;
      reports.push({ file, ok: false, error: error.message, offset: error instanceof CompileError ? error.offset : undefined });
      if (!output.json) console.log(`${file}: ${error.message}`);
    }
  }
  if (output.json) print(output, "", { files: reports });
  return failures === 0 ? 0 : 3;
}

function describeModule(record: ModuleRecord): string[] {
  const lines: string[] = [];
  const funcName = (index: number) => record.names?.functionNames.get(index);
  lines.push(`types: ${record.types.length}, functions: ${record.functions.length} defined + ${record.numImportedFuncs} imported`);
  for (const imp of record.imports) {
    const detail = imp.desc.kind === 0 ? funcTypeToString(record.types[imp.desc.typeIndex]) : "";
    lines.push(`import ${externKindName(imp.desc.kind)} "${imp.module}"."${imp.name}" ${detail}`.trimEnd());
  }
  for (const exp of record.exports) {
    const detail = exp.kind === EXTERN_FUNC ? ` ${funcTypeToString(record.types[record.funcTypeIndices[exp.index]])}` : "";
    lines.push(`export ${externKindName(exp.kind)} "${exp.name}" (index ${exp.index}${funcName(exp.index) ? `, $${funcName(exp.index)}` : ""})${detail}`);
  }
  record.allMemories.forEach((m, i) => lines.push(`memory ${i}: ${m.limits.min}..${m.limits.max ?? "∞"} pages`));
  record.allTables.forEach((t, i) => lines.push(`table ${i}: ${valTypeName(t.elemType)} ${t.limits.min}..${t.limits.max ?? "∞"}`));
  lines.push(`globals: ${record.allGlobals.length}, element segments: ${record.elements.length}, data segments: ${record.datas.length}`);
  if (record.start !== undefined) lines.push(`start: function ${record.start}`);
  for (const custom of record.customs) lines.push(`custom section "${custom.name}" (${custom.bytes.length} bytes)`);
  return lines;
}

async function inspectCommand(args: string[], output: Output): Promise<number> {
  const [file] = args;
  if (file === undefined) throw new InputError("usage: xwasm inspect FILE");
  const bytes = await readModuleBytes(file);
  const record = decodeModule(bytes);
  print(output, describeModule(record).join("\n"), {
    size: bytes.length,
    types: record.types.map(funcTypeToString),
    imports: record.imports.map((i) => ({ module: i.module, name: i.name, kind: externKindName(i.desc.kind) })),
    exports: record.exports.map((e) => ({ name: e.name, kind: externKindName(e.kind), index: e.index })),
    functions: record.functions.length,
    memories: record.allMemories.map((m) => m.limits),
    customSections: record.customs.map((c) => c.name),
  });
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  // The contract commands take options of their own; the command word is the first positional.
  const commandWord = argv.find((arg) => !arg.startsWith("-"));
  if (commandWord === "deploy" || commandWord === "call") return contractMain(argv);
  if (commandWord === "precompile") return precompileMain(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" }, ...MONITOR_OPTIONS } });
  } catch (error) {
    console.error(`xwasm: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const output: Output = { json: parsed.values.json === true, monitor: parsed.values };
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help === true || command === undefined || command === "help") {
    console.log(HELP);
    return command === undefined && parsed.values.help !== true ? 2 : 0;
  }
  try {
    switch (command) {
      case "run": return await runCommand(rest, output);
      case "validate": return await validateCommand(rest, output);
      case "inspect": return await inspectCommand(rest, output);
      default:
        console.error(`xwasm: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    const described = describeError(error);
    if (output.json) print(output, "", { status: "error", error: described });
    else console.error(`xwasm: ${described.kind === "trap" ? "trap: " : ""}${described.message}`);
    return exitCodeFor(error);
  }
}
