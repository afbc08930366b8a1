// Measuring one workload on one engine: warm-up, timed repetitions, median, and (for the
// interpreter) calibration of n to a time target. Shared by run.ts (V8, main thread) and
// xwasm-worker.ts (xwasm, in a worker so a hang or a crash cannot take the harness down).

import type { Checksum, Runner, Workload } from "./workloads.ts";
import { formatChecksum, sameChecksum } from "./workloads.ts";
import { median, nowMs, timeOnce } from "./stats.ts";

export interface Settings {
  readonly quick: boolean;
  readonly v8Warmups: number;
  readonly xwasmWarmups: number;
  readonly repetitions: number;
  /** Divides each workload's V8 units (quick mode runs less). */
  readonly v8Scale: number;
  /** Time one xwasm run should take after calibration. */
  readonly xwasmTargetMs: number;
  /** Minimum time spent in warm-up runs before timing: the interpreter's own code needs a while
   *  under V8's JIT before it reaches steady state (measured: the 5th small fib run was 50× faster
   *  than the 1st), and V8 tiers wasm up from Liftoff to TurboFan in the background. */
  readonly v8WarmupMs: number;
  readonly xwasmWarmupMs: number;
  /** Wall-clock budget for all xwasm runs of one workload; past it the worker is stopped. */
  readonly xwasmTimeoutMs: number;
}

export const QUICK_SETTINGS: Settings = {
  quick: true, v8Warmups: 2, xwasmWarmups: 1, repetitions: 3, v8Scale: 4, xwasmTargetMs: 40,
  v8WarmupMs: 50, xwasmWarmupMs: 400, xwasmTimeoutMs: 30_000,
};
export const FULL_SETTINGS: Settings = {
  quick: false, v8Warmups: 3, xwasmWarmups: 1, repetitions: 5, v8Scale: 1, xwasmTargetMs: 150,
  v8WarmupMs: 250, xwasmWarmupMs: 1_500, xwasmTimeoutMs: 60_000,
};

export interface EngineMeasurement {
  readonly n: number;
  readonly medianMs: number;
  readonly perUnitNs: number;
  readonly samplesMs: readonly number[];
  readonly checksum: Checksum;
}

export function measure(runner: Runner, n: number, warmups: number, repetitions: number, warmupMs = 0): EngineMeasurement {
  let checksum: Checksum | undefined;
  const check = (value: Checksum): void => {
    // A run that returns something else the second time means the engine is not deterministic
    // (or keeps state it should not).
    if (checksum !== undefined && !sameChecksum(checksum, value)) {
      throw new Error(`checksum changed between runs: ${formatChecksum(checksum)} then ${formatChecksum(value)}`);
    }
    checksum = value;
  };
  const warmupStart = nowMs();
  for (let i = 0; i < warmups || nowMs() - warmupStart < warmupMs; i++) check(runner(n));
  const samplesMs: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const { ms, value } = timeOnce(() => runner(n));
    check(value);
    samplesMs.push(ms);
  }
  const medianMs = median(samplesMs);
  if (checksum === undefined) throw new Error("no run was made (repetitions = 0)");
  return { n, medianMs, perUnitNs: (medianMs * 1e6) / n, samplesMs, checksum };
}

/** Picks n so one run takes about `targetMs`: grow from the test size until a run is long enough
 *  to time and scale linearly; then keep running for `warmupMs` (the interpreter speeds up a lot
 *  while V8 optimizes it) and rescale from the last run. Capped at the V8 size (no point in
 *  running the interpreter longer than V8). */
export function calibrate(runner: Runner, workload: Workload, targetMs: number, warmupMs = 0): number {
  const cap = workload.v8Units;
  const scaled = (n: number, ms: number): number => rescaled(n, ms, targetMs, cap);
  const start = nowMs();
  let n = Math.min(workload.testUnits, cap);
  for (;;) {
    const { ms } = timeOnce(() => runner(n));
    if (ms >= Math.min(10, targetMs / 2) || n >= cap) {
      n = scaled(n, ms);
      break;
    }
    n = Math.min(cap, n * (ms < 1 ? 8 : 2));
  }
  // Keep rescaling until the warm-up budget is spent AND the last run was long enough to trust:
  // the first runs are cold (tsx compiling, V8 not yet optimizing the interpreter) and can be 20×
  // slower than steady state, which would leave n far too small if we stopped on the budget alone.
  // Also wait until two consecutive runs agree on time per unit (within 30%): V8 swaps in the
  // optimized interpreter whenever its background compiler gets to it, later on a loaded machine.
  let previousPerUnit = Number.NaN;
  for (let round = 0; round < 100; round++) {
    const { ms } = timeOnce(() => runner(n));
    const trustworthy = ms >= targetMs / 3 || n >= cap;
    const perUnit = ms / n;
    const stable = Math.abs(perUnit - previousPerUnit) <= 0.3 * perUnit;
    previousPerUnit = perUnit;
    n = scaled(n, ms);
    if (round >= 2 && trustworthy && stable && nowMs() - start >= warmupMs) break;
  }
  return n;
}

/** The n whose run takes about `targetMs`, from a run of `n` units that took `ms` (work is linear in
 *  n), between 1 and `cap`. */
function rescaled(n: number, ms: number, targetMs: number, cap: number): number {
  return Math.max(1, Math.min(cap, Math.round((n * targetMs) / Math.max(ms, 0.01))));
}

/** Calibrates n, then measures; if the timed runs turn out far shorter than the target (V8 swapped
 *  in an optimized interpreter after calibration — its compile of the big dispatch function can
 *  take seconds on a loaded machine), rescales n and measures again, up to three times; then
 *  measures again while that keeps getting much faster (see below). */
export function calibrateAndMeasure(runner: Runner, workload: Workload, settings: Settings): EngineMeasurement {
  let n = calibrate(runner, workload, settings.xwasmTargetMs, settings.xwasmWarmupMs);
  let measurement = measure(runner, n, settings.xwasmWarmups, settings.repetitions);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (measurement.medianMs >= settings.xwasmTargetMs / 3 || n >= workload.v8Units) break;
    n = rescaled(n, measurement.medianMs, settings.xwasmTargetMs, workload.v8Units);
    measurement = measure(runner, n, settings.xwasmWarmups, settings.repetitions);
  }
  measurement = untilSteady(runner, measurement, settings);
  // If steady code came only now (a loaded machine), n was calibrated on slow code and a run is far
  // shorter than the target: rescale once more, so that this n also gives the metered configuration
  // (timed at the same n) runs long enough to see its own steady state.
  if (measurement.medianMs < settings.xwasmTargetMs / 3 && n < workload.v8Units) {
    n = rescaled(n, measurement.medianMs, settings.xwasmTargetMs, workload.v8Units);
    measurement = untilSteady(runner, measure(runner, n, 0, settings.repetitions), settings);
  }
  return measurement;
}

/** Steady state: on a loaded machine V8 can finish optimizing the interpreter (or re-optimize it
 *  after a deopt — e.g. when a second configuration such as metering brings new type feedback) only
 *  after warm-up, and the first measurement then times slower code. Measures again at the same n
 *  while the new median comes out more than 10% below the previous one (at most four times). */
export function untilSteady(runner: Runner, first: EngineMeasurement, settings: Settings): EngineMeasurement {
  let measurement = first;
  for (let again = 0; again < 4; again++) {
    const next = measure(runner, measurement.n, 0, settings.repetitions);
    if (next.medianMs > 0.9 * measurement.medianMs) break;
    measurement = next;
  }
  return measurement;
}
