import { spawnSync } from 'node:child_process';

/** Runs a command, streaming nothing; on failure throws with the command's own output. */
export function run(command, args, { cwd, env = {}, allowFailure = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!allowFailure && result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${output.slice(-6000)}`,
    );
  }
  return { status: result.status, output };
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
