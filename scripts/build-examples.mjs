// Compiles the AssemblyScript example contracts (examples/<name>/<name>.ts) into
// examples/<name>/build/<name>.wasm with the SDK's settings (sdk/assemblyscript/asconfig.json:
// stub runtime, aborts routed to the SDK's handler, so the only imports are from `xq`).
// The .wasm files are build outputs (git-ignored); run `npm run build:examples`.
//   node scripts/build-examples.mjs [name ...] [--wat]
import asc from "assemblyscript/asc";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplesDir = join(repoRoot, "examples");
const configPath = relative(repoRoot, join(repoRoot, "sdk", "assemblyscript", "asconfig.json"));

/** Every examples/<name>/ that holds an AssemblyScript entry file named <name>.ts. */
export function listExamples() {
  return readdirSync(examplesDir)
    .filter((name) => statSync(join(examplesDir, name)).isDirectory() && existsSync(join(examplesDir, name, `${name}.ts`)))
    .sort();
}

export function wasmPathOf(name) {
  return join(examplesDir, name, "build", `${name}.wasm`);
}

/** Builds the named examples (all by default); throws if any fails to compile. */
export async function buildExamples(names = listExamples(), { wat = false, quiet = false } = {}) {
  for (const name of names) {
    const entry = join("examples", name, `${name}.ts`);
    if (!existsSync(join(repoRoot, entry))) throw new Error(`no example source ${entry}`);
    mkdirSync(join(examplesDir, name, "build"), { recursive: true });
    const out = relative(repoRoot, wasmPathOf(name));
    // Paths are relative to the repository root, which is also the compiler's base directory:
    // the SDK's `--use abort=sdk/assemblyscript/xq/xqAbort` names the SDK by that internal path.
    const argv = [entry, "--baseDir", repoRoot, "--config", configPath, "--outFile", out];
    if (wat) argv.push("--textFile", out.replace(/\.wasm$/, ".wat"));
    let diagnostics = "";
    const sink = { write(chunk) { diagnostics += String(chunk); return true; } };
    const { error } = await asc.main(argv, { stdout: sink, stderr: sink });
    if (error) throw new Error(`asc failed for ${entry}:\n${diagnostics}${error.message}`);
    if (!quiet) console.log(`built ${out}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const names = args.filter((arg) => !arg.startsWith("--"));
  try {
    await buildExamples(names.length > 0 ? names : undefined, { wat: args.includes("--wat") });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
