// `xwasm deploy` and `xwasm call`: contract deployment and execution against a persistent state
// directory (LevelDB through LevelStateStore), or a one-off `call --code` on an in-memory state.
// Exit status: 0 success, 1 the call or deploy was rejected, 2 usage error or unreadable input.

import { parseArgs } from "node:util";
import { LevelStateStore, deploy, execute, returnDataText, toResultJson } from "../contract/index.ts";
import type { CallReport, StateStore, WasmResult } from "../contract/index.ts";
import { MONITOR_OPTIONS, budgetFlags, jsonExtras, monitorSettings, reportLines } from "./monitor-output.ts";
import type { MonitorSettings } from "./monitor-output.ts";
import { InputError, readModuleBytes } from "./wasm-input.ts";

export const CONTRACT_HELP = `Contracts:
  xwasm deploy WASM --address A [--owner O] [--balance N] [--state DIR]
                                    check WASM (.wasm or .wat) and store it at address A (40 hex
                                    digits) with owner O (default zero address) and balance N,
                                    together with its precompiled artifact (calls load it
                                    instead of compiling; a refused artifact falls back to the code)
  xwasm call ADDRESS FUNC [--param TEXT] [--invoker A] [--amount N] [--gas-limit N]
             [--block-height N] [--block-time N] [--block-hash HEX] [--metering M] [--state DIR]
             [--profile] [--monitor] [--warn-gas N] [--warn-memory-pages N] [--warn-time-ms N]
             [--cache DIR] [--verbose]
                                    run exported FUNC (amount: i64) -> i32 of the contract at
                                    ADDRESS with parameter TEXT (JSON by convention); the writes
                                    are committed to the state only if it returns 1
  xwasm call --code WASM FUNC [--param TEXT] [--address A] [--owner O] [--balance N] ...
                                    one-off run on a fresh in-memory state (nothing persists)
  --state DIR defaults to ./.xwasm-state. Output: status, return data, events, gas used; with
  --json one object {status, code, codeName, reason, usedGas, events, data}. Contract Debug
  messages go to stderr. Gas is exact: every wasm instruction at its price in the gas schedule
  (xwasm-gas-v1), host calls at 200 + 1 per byte, gas.gas charges; nested calls share the limit
  (default 10000000). Out of gas spends the whole limit and changes nothing. --metering host-only
  counts only host calls and gas.gas, for contracts instrumented elsewhere.
`;

const DEFAULT_STATE_DIR = "./.xwasm-state";

const OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  state: { type: "string" },
  address: { type: "string" },
  owner: { type: "string" },
  balance: { type: "string" },
  code: { type: "string" },
  param: { type: "string" },
  invoker: { type: "string" },
  amount: { type: "string" },
  "gas-limit": { type: "string" },
  "block-height": { type: "string" },
  "block-time": { type: "string" },
  "block-hash": { type: "string" },
  metering: { type: "string" },
  ...MONITOR_OPTIONS,
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

function unsigned(text: string | undefined, what: string, max: bigint): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text.trim())) throw new InputError(`--${what} must be a non-negative integer, got ${JSON.stringify(text)}`);
  const value = BigInt(text.trim());
  if (value > max) throw new InputError(`--${what} must be at most ${max}, got ${text}`);
  return value;
}

const U64_MAX = (1n << 64n) - 1n;

function address(text: string | undefined, what: string): string | undefined {
  if (text === undefined) return undefined;
  const digits = text.startsWith("0x") || text.startsWith("0X") ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{40}$/.test(digits)) throw new InputError(`--${what} must be a 20-byte address (40 hex digits), got ${JSON.stringify(text)}`);
  return digits.toLowerCase();
}

/** Runs `deploy` or `call` with the full argv (the command word included). */
export async function contractMain(argv: string[]): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
    values = parsed.values as Values;
    positionals = parsed.positionals;
  } catch (error) {
    console.error(`xwasm: ${(error as Error).message}\n\n${CONTRACT_HELP}`);
    return 2;
  }
  const [command, ...rest] = positionals;
  if (values.help === true) {
    console.log(CONTRACT_HELP);
    return 0;
  }
  const json = values.json === true;
  try {
    if (command === "deploy") return await deployCommand(rest, values, json);
    return await callCommand(rest, values, json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (json) console.log(JSON.stringify({ status: "error", error: { kind: error instanceof Error ? error.name : "error", message } }));
    else console.error(`xwasm: ${message}`);
    return error instanceof InputError || error instanceof RangeError ? 2 : 1;
  }
}

async function openState(dir: string | undefined): Promise<LevelStateStore> {
  const location = dir ?? DEFAULT_STATE_DIR;
  try {
    return await LevelStateStore.open(location);
  } catch (error) {
    throw new InputError(`cannot open state directory ${location}: ${(error as Error).message}`);
  }
}

async function deployCommand(args: string[], values: Values, json: boolean): Promise<number> {
  const [file] = args;
  if (file === undefined || args.length > 1) throw new InputError("usage: xwasm deploy WASM --address A [--owner O --balance N] [--state DIR]");
  const contract = address(values.address, "address");
  if (contract === undefined) throw new InputError("xwasm deploy needs --address A (40 hex digits)");
  const owner = address(values.owner, "owner");
  const balance = unsigned(values.balance, "balance", U64_MAX);
  const code = await readModuleBytes(file);
  const state = await openState(values.state);
  try {
    const outcome = await deploy({ code, address: contract, owner, balance, state });
    if (outcome.status === "reject") {
      printResult(outcome, json);
      return 1;
    }
    if (json) console.log(JSON.stringify(outcome));
    else {
      console.log(`deployed ${file} at ${outcome.address}`);
      console.log(`owner:     ${outcome.owner}`);
      console.log(`code:      ${outcome.codeSize} bytes, sha256 ${outcome.codeHash}`);
      if (balance !== undefined) console.log(`balance:   ${balance}`);
      console.log(`state:     ${state.location}`);
    }
    return 0;
  } finally {
    await state.close();
  }
}

async function callCommand(args: string[], values: Values, json: boolean): Promise<number> {
  const oneOff = values.code !== undefined;
  let contract: string | undefined;
  let funcName: string | undefined;
  if (oneOff) {
    if (args.length !== 1) throw new InputError("usage: xwasm call --code WASM FUNC [--param TEXT] ...");
    [funcName] = args;
    contract = address(values.address, "address");
    if (values.state !== undefined) throw new InputError("--state does not apply to call --code (a one-off run on an in-memory state)");
  } else {
    if (args.length !== 2) throw new InputError("usage: xwasm call ADDRESS FUNC [--param TEXT] ... (or xwasm call --code WASM FUNC)");
    contract = address(args[0], "address (ADDRESS)");
    funcName = args[1];
    if (values.owner !== undefined || values.balance !== undefined) throw new InputError("--owner and --balance apply to deploy and call --code; a deployed contract has its own");
  }
  const context = {
    parameter: values.param ?? "",
    invoker: address(values.invoker, "invoker"),
    owner: address(values.owner, "owner"),
    contractAddress: contract,
    balance: unsigned(values.balance, "balance", U64_MAX),
    blockTime: unsigned(values["block-time"], "block-time", U64_MAX),
    blockHeight: unsigned(values["block-height"], "block-height", U64_MAX),
    blockHash: values["block-hash"],
  };
  if (context.blockHash !== undefined && !/^(0x)?([0-9a-fA-F]{2})*$/.test(context.blockHash)) throw new InputError("--block-hash must be hex bytes");
  const amount = unsigned(values.amount, "amount", U64_MAX) ?? 0n;
  const gasLimitBig = unsigned(values["gas-limit"], "gas-limit", BigInt(Number.MAX_SAFE_INTEGER));
  const gasLimit = gasLimitBig === undefined ? undefined : Number(gasLimitBig);
  const metering = values.metering ?? "engine";
  if (metering !== "engine" && metering !== "host-only") throw new InputError(`--metering must be "engine" or "host-only", got ${JSON.stringify(metering)}`);
  const debug = (message: string): void => console.error(`[debug] ${message}`);
  const settings = monitorSettings(values);
  let report: CallReport | undefined;
  const monitoring = {
    onReport: (r: CallReport): void => {
      report = r;
    },
    profile: settings.profile,
    ...(settings.cache !== undefined ? { moduleCache: settings.cache } : {}),
  };

  let result: WasmResult;
  if (oneOff) {
    const code = await readModuleBytes(values.code!);
    result = await execute({ code, funcName: funcName!, context, amount, gasLimit, metering, debug, ...monitoring });
  } else {
    const state: StateStore & { close(): Promise<void> } = await openState(values.state);
    try {
      result = await execute({ funcName: funcName!, context, amount, gasLimit, metering, state, debug, ...monitoring });
    } finally {
      await state.close();
    }
  }
  printResult(result, json, report, settings);
  return result.status === "success" ? 0 : 1;
}

function printResult(result: WasmResult, json: boolean, report?: CallReport, settings?: MonitorSettings): void {
  const flags = report !== undefined && settings !== undefined ? budgetFlags(report, settings) : [];
  if (json) {
    console.log(JSON.stringify({ ...toResultJson(result), ...(settings !== undefined ? jsonExtras(report, settings, flags) : {}) }));
    return;
  }
  printHumanResult(result);
  if (report !== undefined && settings !== undefined) for (const line of reportLines(report, settings, flags)) console.log(line);
}

function printHumanResult(result: WasmResult): void {
  if (result.status === "success") {
    console.log(`result:   success`);
    console.log(`return:   ${returnDataText(result.data)}`);
    console.log(`events:   ${result.events.length}`);
    for (const event of result.events) console.log(`  ${event}`);
    console.log(`writes:   ${result.writes.length}`);
  } else {
    console.log(`result:   reject ${result.codeName} (${result.code})`);
    console.log(`reason:   ${result.reason}`);
  }
  console.log(`gas used: ${result.usedGas}`);
}
