// What a profiled call records while it runs. Profiled code (compile option `profile`) is lowered
// per instruction and charges with CHARGE_PROFILE, which the interpreter executes on its cold path:
// the normal CHARGE in the hot switch is untouched, so code lowered without profiling pays nothing.
// Each CHARGE_PROFILE names the operator about to run (its code array and the pc of the charge);
// the recorder counts how often each ran and keeps, for the operator running now, every other gas
// movement of the call: dynamic costs (per page / byte / element), host charges made during a call
// instruction, an operator un-counted because its dynamic cost could not be paid, and the remainder
// burnt by running out of gas. runtime/ turns this into per-function and per-class totals with the
// compiled functions' static side tables; by construction they add up to the store's counters.

export class ProfileRecorder {
  /** Per code array: executions of the charge at each pc. */
  readonly hits = new Map<Int32Array, Float64Array>();
  /** Per code array: gas beyond the static price, attributed to the charge at each pc. */
  readonly extraGas = new Map<Int32Array, Float64Array>();
  /** Gas charged while no wasm operator had run yet (a host function called directly). */
  unattributedGas = 0;
  #code: Int32Array | undefined = undefined;
  #pc = -1;
  #gas = 0;
  #hits: Float64Array | undefined = undefined;
  #extra: Float64Array | undefined = undefined;

  /** A CHARGE_PROFILE at `pc` of `code` for `gas` is about to be paid: it is the operator running. */
  enter(code: Int32Array, pc: number, gas: number): void {
    if (code !== this.#code) {
      let hits = this.hits.get(code);
      let extra = this.extraGas.get(code);
      if (hits === undefined || extra === undefined) {
        hits = new Float64Array(code.length);
        extra = new Float64Array(code.length);
        this.hits.set(code, hits);
        this.extraGas.set(code, extra);
      }
      this.#code = code;
      this.#hits = hits;
      this.#extra = extra;
    }
    this.#pc = pc;
    this.#gas = gas;
  }

  /** The charge entered last was paid. */
  paid(): void {
    this.#hits![this.#pc]++;
  }

  /** Gas charged on top of the static price, by the operator running (or a host it called). */
  extra(gas: number): void {
    if (this.#extra === undefined) this.unattributedGas += gas;
    else this.#extra[this.#pc] += gas;
  }

  /** The running operator's dynamic cost could not be paid: it does not count as executed, though
   *  its static price stays spent. */
  unpaid(): void {
    if (this.#hits === undefined) return;
    this.#hits[this.#pc]--;
    this.#extra![this.#pc] += this.#gas;
  }
}
