/**
 * The control API's plain errors (`{"error":{"message"}}` with 400 or 404: it is not Meta) and the
 * small readers its handlers share.
 */
import type { Reply } from './http.ts';

export class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type Obj = Record<string, unknown>;

export const json = (body: unknown, status = 200): Reply => ({ status, body });

export const fail = (status: number, message: string): never => {
  throw new ControlError(status, message);
};

export function idField(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') return fail(400, `${key} must be a string`);
  return String(v);
}

export function stringList(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return fail(400, `${name} must be an array of strings`);
  return v as string[];
}
