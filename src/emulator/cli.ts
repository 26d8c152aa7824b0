/**
 * `wevion emulator [--port 4100] [--world FILE] [--host 127.0.0.1] [--state FILE]`: runs the
 * emulator in the foreground with the default demo world (or a world file), prints one line with
 * its URL, and closes cleanly (exit 0) on SIGTERM or SIGINT. With `--state`, it restores what it
 * knew from that file (when it exists) and saves it after changes and on close.
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { World } from './world.ts';

interface EmulatorCliOptions {
  port: string;
  host: string;
  world?: string;
  state?: string;
  exitWithStdin?: boolean;
}

export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run the local Meta emulator (Graph API, OAuth dialog, control API)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4100')
    .option('--world <file>', 'world JSON file (default: the demo world)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--state <file>', 'keep tokens, grants, security events, world changes and the clock in this file across restarts')
    // `wevion serve` in demo mode: the emulator goes when the service's end of the pipe closes.
    .addOption(new Option('--exit-with-stdin', 'close and exit when stdin closes (the process that started it is gone)').hideHelp())
    .action(async (opts: EmulatorCliOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`emulator: --port must be a port number, got ${opts.port}`);
        process.exitCode = 1;
        return;
      }
      // Loaded when the command runs, not when the CLI registers it.
      const [{ defaultWorld }, { startEmulator }] = await Promise.all([import('./default-world.ts'), import('./server.ts')]);
      let world: World;
      try {
        world = opts.world ? (JSON.parse(await readFile(opts.world, 'utf8')) as World) : defaultWorld();
      } catch (err) {
        console.error(`emulator: cannot read world file ${opts.world ?? ''}: ${(err as Error).message}`);
        process.exitCode = 1;
        return;
      }
      let emulator;
      try {
        emulator = await startEmulator({ port, host: opts.host, world, ...(opts.state ? { statePath: opts.state } : {}) });
      } catch (err) {
        console.error(`emulator: ${(err as Error).message}`);
        process.exitCode = 1;
        return;
      }
      console.log(`Meta emulator listening on ${emulator.url}`);
      const running = emulator;
      let stopping = false;
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        running.close().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error('emulator: error while closing', err);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      if (opts.exitWithStdin) {
        process.stdin.once('end', stop).once('close', stop).once('error', stop);
        process.stdin.resume();
      }
    });
}
