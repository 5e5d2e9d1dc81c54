#!/usr/bin/env node
import { runInitializeCommand } from '../initialize-command.js';

process.exitCode = await runInitializeCommand(process.argv.slice(2), {
  env: process.env,
  write: (line) => console.log(line),
});
