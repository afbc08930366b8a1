// Reading the descriptor objects of `new Memory/Table/Global(...)` the way WebIDL does, so bad
// descriptors fail with the same error classes as V8's WebAssembly (TypeError for a missing or
// non-integral property, RangeError for a value outside the engine's bounds).

/** A WebIDL `[EnforceRange] unsigned long` property: undefined when absent and not required. */
export function enforceRangeU32(descriptor: object, property: string, context: string, required: boolean): number | undefined {
  const raw: unknown = (descriptor as Record<string, unknown>)[property];
  if (raw === undefined) {
    if (required) throw new TypeError(`${context}: property '${property}' is required`);
    return undefined;
  }
  const number = +(raw as number);
  if (!Number.isFinite(number)) throw new TypeError(`${context}: property '${property}' must be convertible to a valid number`);
  const integer = Math.trunc(number);
  if (integer < 0 || integer > 0xffffffff) throw new TypeError(`${context}: property '${property}' must be in the unsigned long range`);
  return integer;
}

export function requireObject(value: unknown, context: string): object {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    throw new TypeError(`${context}: argument 0 must be a descriptor object`);
  }
  return value;
}
