// Decode + validate with a single walk over the code on the success path. decodeModule alone walks
// every body to reject malformed operators, and the validator then walks every body again with the
// same OperatorReader; when validation follows, the validator's walk alone is enough to accept a
// module. Only when something fails is the module decoded again in full, so that errors are exactly
// those of decodeModule followed by validateModule: a malformed body is still reported as malformed
// (with the decoder's wording and offset) even when the validator stumbled on it first, or on an
// invalid instruction before it.

import { decodeModule, type DecodeOptions } from "../binary/index.ts";
import { ALL_FEATURES, type ModuleRecord } from "../core/index.ts";
import { validateModule } from "./validate-module.ts";

/**
 * Same result and same errors as `decodeModule(bytes, options)`, then `afterDecode(record)`, then
 * `validateModule(record, options.features)`, only faster when the module is valid.
 * @param afterDecode checks to run between decoding and validation (e.g. engine count limits).
 */
export function decodeAndValidateModule(bytes: Uint8Array, options?: DecodeOptions, afterDecode?: (record: ModuleRecord) => void): ModuleRecord {
  const features = options?.features ?? ALL_FEATURES;
  try {
    const record = decodeModule(bytes, { ...options, skipBodyWalk: true });
    if (afterDecode !== undefined) afterDecode(record);
    validateModule(record, features);
    return record;
  } catch (error) {
    // The skipped walk may have had something to say first: a full decode throws it if so.
    const record = decodeModule(bytes, { ...options, skipBodyWalk: false });
    if (afterDecode !== undefined) afterDecode(record);
    throw error;
  }
}
