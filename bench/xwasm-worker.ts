// Runs xwasm in a worker thread. An interpreter under development can loop forever or blow the
// JS stack; in a worker the harness (and the test runner) can stop it after a time budget and
// report "timeout" instead of hanging. V8 runs stay on the main thread.
//
// Protocol: the parent posts one XwasmRequest; the worker posts one XwasmReply and exits.

import { parentPort, Worker } from "node:worker_threads";
import { describeError, loadXwasm, xwasmEngine } from "./engines.ts";
import type { XwasmOptions } from "./engines.ts";
import { WORKLOADS, hashWithWorkload } from "./workloads.ts";
import type { Checksum } from "./workloads.ts";
import { calibrateAndMeasure, measure, untilSteady } from "./harness.ts";
import type { EngineMeasurement, Settings } from "./harness.ts";

export type XwasmRequest =
  /** Calibrate n, then time; with `meteredOptions`, also time the same n with those options. */
  | { readonly mode: "measure"; readonly workload: string; readonly settings: Settings; readonly meteredOptions?: XwasmOptions }
  /** One run of each listed workload at a fixed n, for correctness checks. */
  | { readonly mode: "check"; readonly runs: readonly { readonly workload: string; readonly n: number }[] }
  | HashRequest;

/** Hashes each message with the sha256/keccak workload's `hash` export. */
export type HashRequest = { readonly mode: "hash"; readonly algorithm: "sha256" | "keccak"; readonly messages: readonly Uint8Array[] };

export type CheckOutcome = { readonly ok: true; readonly checksum: Checksum } | { readonly ok: false; readonly error: string };

export type XwasmReply =
  | { readonly ok: true; readonly measurement?: EngineMeasurement; readonly metered?: EngineMeasurement; readonly checks?: readonly CheckOutcome[]; readonly digests?: readonly Uint8Array[] }
  | { readonly ok: false; readonly error: string };

async function serve(request: XwasmRequest): Promise<XwasmReply> {
  const load = await loadXwasm();
  if (!load.ok) return { ok: false, error: load.reason };
  if (request.mode === "hash") {
    try {
      const engine = xwasmEngine(load.api);
      return { ok: true, digests: request.messages.map((message) => hashWithWorkload(engine, request.algorithm, message)) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  }
  if (request.mode === "check") {
    const engine = xwasmEngine(load.api);
    const checks = request.runs.map(({ workload: name, n }): CheckOutcome => {
      const workload = WORKLOADS.find((candidate) => candidate.name === name);
      if (workload === undefined) return { ok: false, error: `unknown workload ${name}` };
      try {
        return { ok: true, checksum: workload.prepare(engine, workload.bytes())(n) };
      } catch (error) {
        return { ok: false, error: describeError(error) };
      }
    });
    return { ok: true, checks };
  }
  const workload = WORKLOADS.find((candidate) => candidate.name === request.workload);
  if (workload === undefined) return { ok: false, error: `unknown workload ${request.workload}` };
  try {
    const bytes = workload.bytes();
    const runner = workload.prepare(xwasmEngine(load.api), bytes);
    const { settings } = request;
    const measurement = calibrateAndMeasure(runner, workload, settings);
    const n = measurement.n;
    if (request.meteredOptions === undefined) return { ok: true, measurement };
    const meteredRunner = workload.prepare(xwasmEngine(load.api, request.meteredOptions), bytes);
    const metered = untilSteady(meteredRunner, measure(meteredRunner, n, settings.xwasmWarmups, settings.repetitions, settings.xwasmWarmupMs), settings);
    return { ok: true, measurement, metered };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

if (parentPort !== null) {
  const port = parentPort;
  port.once("message", (request: XwasmRequest) => {
    void serve(request).then((reply) => port.postMessage(reply));
  });
}

/** Runs `request` in a fresh worker; resolves with its reply, or an error reply after `timeoutMs`. */
export function runXwasmInWorker(request: XwasmRequest, timeoutMs: number): Promise<XwasmReply> {
  return new Promise((resolve) => {
    // On Node 20 a worker does not inherit the loader hooks that tsx registered with --import, so
    // the worker registers tsx itself before importing this file.
    const tsxApi = import.meta.resolve("tsx/esm/api");
    const self = new URL("./xwasm-worker.ts", import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(self)}); });`;
    const worker = new Worker(bootstrap, { eval: true });
    let settled = false;
    const finish = (reply: XwasmReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `timeout: no answer within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
    worker.once("message", (reply: XwasmReply) => finish(reply));
    worker.once("error", (error) => finish({ ok: false, error: `worker crashed: ${describeError(error)}` }));
    worker.once("exit", (code) => finish({ ok: false, error: `worker exited with code ${code} before answering` }));
    worker.postMessage(request);
  });
}
