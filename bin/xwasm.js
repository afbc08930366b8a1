#!/usr/bin/env node
// The `xwasm` command: loads the TypeScript sources through tsx's ESM loader and runs the CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/index.ts");
process.exitCode = await main(process.argv.slice(2));
