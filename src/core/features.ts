// Wasm 2.0 feature flags. The validator and decoder consult them; all are on by default.

export interface Features {
  readonly signExt: boolean;
  readonly satFloatToInt: boolean;
  readonly multiValue: boolean;
  readonly bulkMemory: boolean;
  readonly referenceTypes: boolean;
  readonly simd: boolean;
}

export const ALL_FEATURES: Features = Object.freeze({
  signExt: true,
  satFloatToInt: true,
  multiValue: true,
  bulkMemory: true,
  referenceTypes: true,
  simd: true,
});

/** Only the 1.0 (MVP) instruction set. */
export const MVP_FEATURES: Features = Object.freeze({
  signExt: false,
  satFloatToInt: false,
  multiValue: false,
  bulkMemory: false,
  referenceTypes: false,
  simd: false,
});

export const FEATURE_NAMES = ["mvp", "sign-ext", "sat-float-to-int", "multi-value", "bulk-memory", "reference-types", "simd"] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export function featuresFromNames(names: readonly FeatureName[]): Features {
  const set = new Set(names);
  return Object.freeze({
    signExt: set.has("sign-ext"),
    satFloatToInt: set.has("sat-float-to-int"),
    multiValue: set.has("multi-value"),
    bulkMemory: set.has("bulk-memory"),
    referenceTypes: set.has("reference-types"),
    simd: set.has("simd"),
  });
}
