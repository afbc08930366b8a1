// Snapshots of a contract execution's mutable state: the instance (memories, globals, tables,
// dropped segments, meter counters — see runtime/snapshot.ts) together with the contract layer's
// journal (pending storage/balance/code writes and events). Restoring both returns execution to
// exactly the captured point, so a retried or forked call gives the same results, gas and writes.

import { restoreInstance, snapshotInstance } from "../runtime/index.ts";
import type { Instance, InstanceSnapshot } from "../runtime/index.ts";
import type { Journal, JournalSnapshot } from "./state.ts";

export interface ContractSnapshot {
  readonly instance: InstanceSnapshot;
  readonly journal: JournalSnapshot;
}

export function snapshotContract(instance: Instance, journal: Journal): ContractSnapshot {
  return { instance: snapshotInstance(instance), journal: journal.snapshot() };
}

export function restoreContract(instance: Instance, journal: Journal, snapshot: ContractSnapshot): void {
  // Check what can be checked up front so that a refused restore changes nothing: the instance
  // restore refuses (without effect) a foreign snapshot or a running call; the journal's checks
  // are done here before the instance is touched.
  if (snapshot.journal.owner !== journal) throw new TypeError("restoreContract: the journal snapshot was taken from another journal");
  if (journal.isFinished) throw new TypeError("restoreContract: the journal is already committed or rolled back");
  restoreInstance(instance, snapshot.instance);
  journal.restore(snapshot.journal);
}
