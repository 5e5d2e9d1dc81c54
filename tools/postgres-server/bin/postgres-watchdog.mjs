// Stops an embedded PostgreSQL once the process that started it is gone, however it went
// (a normal stop, a crash, or SIGKILL of a test runner): that process holds our stdin open,
// so its end, for whatever reason, closes the pipe.
// Usage: node postgres-watchdog.mjs <postgres pid> [<temporary data directory to delete>]
import { rmSync } from 'node:fs';

const pid = Number(process.argv[2]);
const directory = process.argv[3];
const SHUTDOWN_GRACE_MS = 20_000;
let stopping = false;

function alive() {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(name) {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

async function stopServer() {
  if (stopping) return;
  stopping = true;
  // SIGINT is PostgreSQL's "fast shutdown": open sessions are ended, the server exits cleanly.
  if (alive()) signal('SIGINT');
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) signal('SIGKILL');
  if (directory) rmSync(directory, { recursive: true, force: true });
  process.exit(0);
}

if (!Number.isInteger(pid) || pid <= 0) process.exit(2);
process.stdin.on('end', stopServer);
process.stdin.on('close', stopServer);
process.stdin.on('error', stopServer);
process.stdin.resume();
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(name, stopServer);
