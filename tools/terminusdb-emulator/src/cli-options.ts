import type { EmulatorOptions } from './emulator-server.js';

/** Parses `--port N --host H --user U --password P` (a leading `--` from `pnpm start --` is skipped). */
export function parseCliOptions(args: readonly string[]): EmulatorOptions {
  const options: { port?: number; host?: string; user?: string; password?: string } = { port: 6363 };
  const rest = args[0] === '--' ? args.slice(1) : [...args];
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (value === undefined) throw new Error(`Missing value for ${flag}`);
    switch (flag) {
      case '--port': {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${value}`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value;
        break;
      case '--user':
        options.user = value;
        break;
      case '--password':
        options.password = value;
        break;
      default:
        throw new Error(
          `Unknown option ${flag}. Usage: terminusdb-emulator [--port 6363] [--host 127.0.0.1] [--user admin] [--password root]`,
        );
    }
  }
  return options;
}
