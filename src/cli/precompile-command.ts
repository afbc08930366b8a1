// `xwasm precompile IN -o OUT`: decode, validate and lower once, write the artifact (see
// runtime/artifact.ts for the format). Every command that reads a module accepts the artifact in
// place of the .wasm (wasm-input.ts takes the wasm back out after checking the artifact's digest).

import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CompileError } from "../core/index.ts";
import { artifactInfo, precompile } from "../runtime/index.ts";
import type { ArtifactOptions } from "../runtime/index.ts";
import { InputError, readModuleBytes } from "./wasm-input.ts";

export const PRECOMPILE_HELP = `  xwasm precompile IN -o OUT        decode, validate and lower IN (.wasm/.wat) once and write the
                                    artifact OUT, loadable without compiling again; --deterministic
                                    and --metered choose the code flavor (loading must use the same);
                                    every command accepts an artifact wherever it accepts .wasm
`;

const USAGE = "usage: xwasm precompile IN -o OUT [--deterministic] [--metered] [--json]";

export async function precompileMain(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: "string", short: "o" },
        deterministic: { type: "boolean" },
        metered: { type: "boolean" },
        json: { type: "boolean" },
      },
    });
  } catch (error) {
    console.error(`xwasm: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [, input, ...extra] = parsed.positionals;
  const output = parsed.values.output;
  if (input === undefined || output === undefined || extra.length > 0) {
    console.error(`xwasm: ${USAGE}`);
    return 2;
  }
  const options: ArtifactOptions = {
    ...(parsed.values.deterministic === true ? { deterministic: true } : {}),
    ...(parsed.values.metered === true ? { meter: "block" as const } : {}),
  };
  try {
    const bytes = await readModuleBytes(input);
    const started = performance.now();
    const artifact = precompile(bytes, options);
    const millis = performance.now() - started;
    writeFileSync(output, artifact);
    const info = artifactInfo(artifact);
    if (parsed.values.json === true) {
      console.log(JSON.stringify({ status: "ok", input, output, wasmBytes: bytes.length, artifactBytes: artifact.length, ...info }));
    } else {
      console.log(`${output}: ${artifact.length} bytes from ${bytes.length} bytes of wasm in ${millis.toFixed(1)} ms (sha256 ${info.wasmSha256.slice(0, 16)}…, engine ${info.engineVersion}, ${info.gasScheduleVersion}, options ${info.compileOptions})`);
    }
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      console.error(`xwasm: ${error.message}`);
      return 2;
    }
    if (error instanceof CompileError) {
      console.error(`xwasm: ${error.message}`);
      return 3;
    }
    throw error;
  }
}
