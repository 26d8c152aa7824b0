import { defineConfig } from 'vitest/config';

/**
 * The serial chaos suite: real `wevion` processes on one PostgreSQL, killed, multiplied, and the
 * database server restarted under them. It must not run beside other test files (a PostgreSQL
 * restart breaks them), so it has its own config, one file at a time, run after `npm test`:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --config vitest.chaos.config.ts
 * Without DATABASE_URL every file is skipped with a message saying so.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default'],
  },
});
