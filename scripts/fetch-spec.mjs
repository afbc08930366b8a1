// `npm run spec:fetch [-- --force]`: downloads the pinned WebAssembly spec test suite into .spec-suite/
// (git-ignored), laid out like the shared copy: wasm-2.0/ = every top-level *.wast of the commit
// (148 files), wasm-3.0/ = proposals/wasm-3.0/ (a delta over 2.0, with legacy/).
// Source: the WebAssembly/testsuite repository at a fixed commit, as a GitHub tarball, unpacked with `tar`.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const REPOSITORY = "WebAssembly/testsuite";
const COMMIT = "a8101597d3c3c660086c3cd1eedee608ff18d3c3";
const EXPECTED_2_0_FILES = 148;
// SPEC_SUITE_URL overrides the download address (a mirror of the same tarball).
const URL_TARBALL = process.env.SPEC_SUITE_URL ?? `https://codeload.github.com/${REPOSITORY}/tar.gz/${COMMIT}`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, ".spec-suite");
const marker = join(target, "COMMIT");

function die(message) {
  process.stderr.write(`spec:fetch: ${message}\n`);
  process.exit(1);
}

if (!process.argv.includes("--force") && existsSync(marker) && readFileSync(marker, "utf8").trim() === COMMIT) {
  process.stdout.write(`.spec-suite/ already holds ${REPOSITORY}@${COMMIT} (use --force to fetch again)\n`);
  process.exit(0);
}

process.stdout.write(`fetching ${URL_TARBALL}\n`);
let response;
try {
  response = await fetch(URL_TARBALL, { redirect: "follow", signal: AbortSignal.timeout(120_000) });
} catch (error) {
  die(`cannot download the spec suite (${error?.cause?.code ?? error?.message ?? error}).\n` +
    `  This needs network access to codeload.github.com. Alternatively, put the suite's 148 top-level .wast files\n` +
    `  of ${REPOSITORY} at commit ${COMMIT} into .spec-suite/wasm-2.0/ by hand.`);
}
if (!response.ok || response.body === null) die(`download failed: HTTP ${response.status} ${response.statusText} for ${URL_TARBALL}`);

const staging = join(target, `.staging-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
try {
  // The tarball's single top folder is "testsuite-<commit>"; strip it.
  await new Promise((resolvePromise, reject) => {
    const tar = spawn("tar", ["-xzf", "-", "--strip-components=1", "-C", staging], { stdio: ["pipe", "inherit", "inherit"] });
    tar.on("error", (error) => reject(new Error(`cannot run tar: ${error.message}`)));
    tar.on("close", (code) => (code === 0 ? resolvePromise() : reject(new Error(`tar exited with code ${code}`))));
    Readable.fromWeb(response.body).on("error", reject).pipe(tar.stdin);
  });

  const wast20 = readdirSync(staging).filter((name) => name.endsWith(".wast") && statSync(join(staging, name)).isFile());
  if (wast20.length !== EXPECTED_2_0_FILES) throw new Error(`expected ${EXPECTED_2_0_FILES} top-level .wast files, found ${wast20.length}`);
  const out20 = join(target, "wasm-2.0");
  const out30 = join(target, "wasm-3.0");
  rmSync(out20, { recursive: true, force: true });
  rmSync(out30, { recursive: true, force: true });
  mkdirSync(out20, { recursive: true });
  for (const name of wast20) renameSync(join(staging, name), join(out20, name));
  const proposal30 = join(staging, "proposals", "wasm-3.0");
  if (existsSync(proposal30)) cpSync(proposal30, out30, { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith(".wast") });
  if (existsSync(join(staging, "LICENSE"))) renameSync(join(staging, "LICENSE"), join(target, "LICENSE"));
  writeFileSync(marker, `${COMMIT}\n`);
  process.stdout.write(`.spec-suite/wasm-2.0: ${wast20.length} files from ${REPOSITORY}@${COMMIT}\n`);
} catch (error) {
  die(`unpacking failed: ${error.message}`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
