// ArtifactError: a precompiled artifact was refused (not an artifact, truncated, tampered with, or
// built for another engine version, feature set, gas schedule or compile options). It extends
// CompileError because it takes the place of compiling: every caller that handles "these bytes do
// not make a module" (CLI exit code 3, `validate`-style checks) handles it without change.

import { CompileError } from "../core/index.ts";

export class ArtifactError extends CompileError {
  constructor(message: string) {
    super(message);
    this.name = "ArtifactError";
  }
}
