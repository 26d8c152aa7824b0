/**
 * Reading the state file's JSON: each helper returns the value with its type, or throws
 * `StateFileError` naming where it is wrong, so a bad file is refused whole before anything is
 * applied.
 */
export class StateFileError extends Error {}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function bad(message: string): never {
  throw new StateFileError(message);
}

export const obj = (v: unknown, where: string): Obj => (isObj(v) ? v : bad(`${where} must be an object`));
export const arr = (v: unknown, where: string): unknown[] => (Array.isArray(v) ? v : bad(`${where} must be an array`));
export const num = (v: unknown, where: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : bad(`${where} must be a number`));
export const optNum = (v: unknown, where: string): number | undefined => (v === undefined ? undefined : num(v, where));
export const str = (v: unknown, where: string): string => (typeof v === 'string' ? v : bad(`${where} must be a string`));
export const optStr = (v: unknown, where: string): string | undefined => (v === undefined ? undefined : str(v, where));
export const bool = (v: unknown, where: string): boolean => (typeof v === 'boolean' ? v : bad(`${where} must be a boolean`));

export function strings(v: unknown, where: string): string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : bad(`${where} must be an array of strings`);
}
