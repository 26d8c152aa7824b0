import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { Mutex } from './mutex.ts';

/**
 * Kysely dialect for embedded PGlite. PGlite is one connection: a transaction opened by Kysely
 * must own it until COMMIT, or another code path's statement (pg-boss, a request) would land
 * inside our transaction. The mutex is shared with the raw executor pg-boss uses.
 */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.mutex);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  constructor(
    pglite: PGlite,
    private readonly mutex: Mutex,
  ) {
    this.connection = new PGliteConnection(pglite);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }
  async destroy(): Promise<void> {}
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return runOnPGlite<R>(this.pglite, compiled.sql, compiled.parameters as unknown[]);
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}

/**
 * Parameterless text may hold several statements (migrations, pg-boss's installer), which only
 * the simple-query protocol (`exec`) accepts; the result of the last statement is returned.
 */
export async function runOnPGlite<R>(pglite: PGlite, text: string, values: readonly unknown[] | undefined): Promise<QueryResult<R>> {
  if (!values || values.length === 0) {
    const results = await pglite.exec(text);
    const last = results[results.length - 1];
    return {
      rows: (last?.rows ?? []) as R[],
      numAffectedRows: last?.affectedRows === undefined ? undefined : BigInt(last.affectedRows),
    };
  }
  const result = await pglite.query<R>(text, values as unknown[]);
  return {
    rows: result.rows,
    numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
  };
}
