// A sample of bench/meter-diff.ts for `npm test`: three workloads, block vs reference meter, with a
// few dozen gas limits each (the full sweep: `node --import tsx bench/meter-diff.ts`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadXwasm } from "./engines.ts";
import { diffWorkload } from "./meter-diff.ts";
import { WORKLOADS } from "./workloads.ts";

const load = await loadXwasm();

for (const name of ["fib", "i64-divrem", "bulk-memory", "contract"]) {
  const workload = WORKLOADS.find((w) => w.name === name)!;
  const skip = !load.ok ? "xwasm not loadable" : workload.unavailable?.();
  test(`meters agree on ${name} (unlimited and swept gas limits)`, { skip }, () => {
    if (!load.ok) return;
    const diff = diffWorkload(load.api, workload, 25, 12);
    assert.ok(diff.fullCost > 0);
    assert.deepEqual(diff.mismatches, []);
  });
}
