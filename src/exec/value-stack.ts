// The value stack: one ArrayBuffer of 8-byte slots seen through typed views. Locals and operands of
// every active wasm frame live here; values move as raw 32-bit words so NaN payloads survive.

export class ValueStack {
  readonly buffer: ArrayBuffer;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** Next free slot. */
  sp: number;
  readonly capacitySlots: number;

  constructor(capacitySlots: number) {
    this.capacitySlots = capacitySlots;
    this.buffer = new ArrayBuffer(capacitySlots * 8);
    this.i32 = new Int32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.sp = 0;
  }
}
