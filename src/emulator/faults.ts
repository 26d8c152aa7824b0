/**
 * Fault injection for Graph and OAuth endpoints (never the control API): a canned answer, a
 * real-time delay before the normal answer, or a dropped connection. Rules are tried in the
 * order they were added; the first that matches and wins its `probability` draw applies, and
 * `times` counts only the calls it actually changed.
 */
import { randomUUID } from 'node:crypto';

export interface FaultResponse {
  status: number;
  /** An object is sent as JSON; a string is sent as it is (truncated JSON, an HTML error page…). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Fault {
  id: string;
  method?: string;
  path?: RegExp;
  userId?: string;
  respond?: FaultResponse;
  delayMs?: number;
  drop?: boolean;
  remaining?: number;
  probability: number;
}

export class FaultError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseFault(input: unknown): Fault {
  if (!isObj(input)) throw new FaultError('fault must be a JSON object');
  const match = input.match ?? {};
  if (!isObj(match)) throw new FaultError('match must be an object');
  const fault: Fault = { id: randomUUID(), probability: 1 };
  if (match.method !== undefined) {
    if (typeof match.method !== 'string') throw new FaultError('match.method must be a string');
    fault.method = match.method.toUpperCase();
  }
  if (match.path !== undefined) {
    if (typeof match.path !== 'string') throw new FaultError('match.path must be a string (a regular expression)');
    try {
      fault.path = new RegExp(match.path);
    } catch (err) {
      throw new FaultError(`match.path is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  if (match.userId !== undefined) {
    if (typeof match.userId !== 'string' && typeof match.userId !== 'number') throw new FaultError('match.userId must be a string');
    fault.userId = String(match.userId);
  }
  if (input.respond !== undefined) {
    const r = input.respond;
    if (!isObj(r)) throw new FaultError('respond must be an object');
    const status = r.status ?? 500;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) throw new FaultError('respond.status must be an HTTP status');
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (!isObj(r.headers)) throw new FaultError('respond.headers must be an object');
      for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = String(v);
    }
    fault.respond = { status, body: r.body, headers };
  }
  if (input.delayMs !== undefined) {
    if (typeof input.delayMs !== 'number' || input.delayMs < 0 || !Number.isFinite(input.delayMs)) throw new FaultError('delayMs must be a non-negative number');
    fault.delayMs = input.delayMs;
  }
  if (input.drop !== undefined) {
    if (typeof input.drop !== 'boolean') throw new FaultError('drop must be a boolean');
    fault.drop = input.drop;
  }
  if (!fault.respond && fault.delayMs === undefined && !fault.drop) throw new FaultError('a fault needs respond, delayMs or drop: true');
  if (input.times !== undefined) {
    if (typeof input.times !== 'number' || !Number.isInteger(input.times) || input.times < 1) throw new FaultError('times must be a positive integer');
    fault.remaining = input.times;
  }
  if (input.probability !== undefined) {
    if (typeof input.probability !== 'number' || input.probability < 0 || input.probability > 1) throw new FaultError('probability must be between 0 and 1');
    fault.probability = input.probability;
  }
  return fault;
}

export class Faults {
  private rules: Fault[] = [];

  get size(): number {
    return this.rules.length;
  }

  add(fault: Fault): void {
    this.rules.push(fault);
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault to apply to this call, if any (consuming one of its `times`). */
  pick(method: string, path: string, userId: string | null): Fault | undefined {
    if (this.rules.length === 0) return undefined;
    for (const f of this.rules) {
      if (f.method !== undefined && f.method !== method) continue;
      if (f.path && !f.path.test(path)) continue;
      if (f.userId !== undefined && f.userId !== userId) continue;
      if (f.probability < 1 && Math.random() >= f.probability) continue;
      if (f.remaining !== undefined) {
        f.remaining--;
        if (f.remaining <= 0) this.rules = this.rules.filter((r) => r !== f);
      }
      return f;
    }
    return undefined;
  }
}
