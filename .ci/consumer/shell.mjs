import { spawn } from 'node:child_process';

/**
 * Runs a command without blocking this process (the TerminusDB emulator it may host
 * keeps serving); on failure throws with the command's own output.
 */
export function run(command, args, { cwd, env = {}, allowFailure = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      if (!allowFailure && status !== 0) {
        reject(
          new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${status}:\n${output.slice(-6000)}`),
        );
      } else {
        resolvePromise({ status, output });
      }
    });
  });
}

/** Times one step and prints it as `ok   12.3s  what`. */
export async function step(what, body) {
  const started = performance.now();
  try {
    const result = await body();
    console.log(`ok   ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s  ${what}`);
    return result;
  } catch (error) {
    console.log(`FAIL ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s  ${what}`);
    throw error;
  }
}
