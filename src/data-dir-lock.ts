import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.ts';

/**
 * Embedded PGlite must be opened by one process at a time, or its files are corrupted. A pid file
 * in DATA_DIR makes a second process (another `npm start`, a CLI command) refuse with a clear
 * message instead. A pid file left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'wevion.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n${purpose}\n`, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8').startsWith(`${process.pid}\n`)) rmSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch {
      const [pidText, holder] = readFileSync(file, 'utf8').split('\n');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && pid !== process.pid) {
        throw new AppError(
          'data_dir_locked',
          `The embedded database in ${dir} is in use by process ${pid} (${holder ?? 'wevion'}). Stop it first, or run the command through the API, or use DATABASE_URL so several processes can share a PostgreSQL server.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new AppError('data_dir_locked', `Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
