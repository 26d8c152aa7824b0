/**
 * Hostile values for the OpenAPI-driven property test (hostile-inputs.test.ts): text PostgreSQL
 * refuses (NUL) or JSON it refuses (lone UTF-16 surrogates), dates and times no calendar has,
 * cursors that decode to such keysets, very long text, numbers past any range (as JSON literals:
 * `1e400` parses to Infinity), nesting deep enough to overflow a recursive walk, wrong types and
 * empty values. `valueFor` builds them from a parameter's or a body's JSON Schema, mixed with
 * values that pass validation (enums, the fixture's real ids), so hostile leaves also reach the
 * code behind the schema.
 */
import fc from 'fast-check';

export const NUL_TEXT = ['\u0000', 'a\u0000', '\u0000b', 'giulia@example.it\u0000', '10001\u0000', 'act_40001\u0000', 'Rossi\u0000Shop'];
export const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b', 'Rossi \ud800 Shop', '\udbff\udbff'];
export const IMPOSSIBLE_DATES = ['2024-02-30', '2023-02-29', '1900-02-29', '0000-01-01', '2024-13-01', '2024-00-01', '2024-01-00', '2024-01-32', '2024-04-31', '9999-99-99', '0001-01-01', '9999-12-31'];
export const IMPOSSIBLE_TIMES = [
  '2024-02-30T00:00:00Z',
  '2023-02-29T12:00:00Z',
  '2024-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T23:60:00Z',
  '2024-01-01T23:59:60Z',
  '2024-04-31T00:00:00.123456Z',
  '2024-00-10T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
];

/** A JSON literal written as is (JSON.stringify cannot write `1e400` or 5,000 nested arrays). */
export class RawJson {
  constructor(readonly text: string) {}
}

const deep = (depth: number, open: string, close: string, inner = '1') => new RawJson(open.repeat(depth) + inner + close.repeat(depth));
export const RAW_HOSTILE = [
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1e-400'),
  deep(5_000, '[', ']'),
  deep(60_000, '[', ']'),
  deep(5_000, '{"a":', '}'),
  deep(200, '{"error":', '}'),
];

/** JSON text of a value that may hold RawJson leaves. */
export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return 'null';
  // The marker is a JSON string ("\u0001raw0\u0001", escaped by JSON.stringify): replaced, quotes and all.
  return raws.length === 0 ? text : text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

const withInside = (inside: string) => fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })).map(([a, b]) => `${a}${inside}${b}`);

/** Text no column should ever hold, and text at the edges of every rule. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NUL_TEXT, ...LONE_SURROGATES), weight: 4 },
  { arbitrary: withInside('\u0000'), weight: 2 },
  { arbitrary: withInside('\ud800'), weight: 1 },
  { arbitrary: fc.constantFrom(...IMPOSSIBLE_DATES, ...IMPOSSIBLE_TIMES), weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', '   ', '\t', '\n'), weight: 1 },
  { arbitrary: fc.constantFrom('x'.repeat(5_000), 'é'.repeat(20_000), '🙂'.repeat(3_000), '\u0000'.repeat(1_000), '9'.repeat(400), 'x'.repeat(200_000)), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
  { arbitrary: fc.constantFrom("' or 1=1 --", '%00', '\\u0000', '../../etc/passwd', '{{7*7}}', '00000000-0000-0000-0000-000000000000', '-1', '1e400', 'NaN', 'null', 'undefined'), weight: 1 },
);

/** Keyset values: what a cursor of ours holds (a time, text, a UUID, an int), and what none does. */
const keysetValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...IMPOSSIBLE_TIMES), weight: 4 },
  { arbitrary: fc.constantFrom('2024-05-01T10:00:00.123456Z', 'ad_account', 'Rossi', '2024-05-01T10:00:00Z'), weight: 1 },
  { arbitrary: fc.uuid(), weight: 2 },
  { arbitrary: hostileString, weight: 2 },
  { arbitrary: fc.constantFrom(2 ** 53 + 2, -1, 1.5, 1e308, 0), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(...RAW_HOSTILE, null, true, [], {}, ['2024-02-30T00:00:00Z']), weight: 1 },
);

/** `after` values: cursors that decode to hostile keysets, and what is no cursor at all. */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.array(keysetValue, { minLength: 1, maxLength: 4 }).map((values) => Buffer.from(jsonText(values)).toString('base64url')), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom(...IMPOSSIBLE_TIMES), fc.uuid()).map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')), weight: 4 },
  { arbitrary: fc.constantFrom(...RAW_HOSTILE).map((raw) => Buffer.from(raw.text).toString('base64url')), weight: 1 },
  { arbitrary: hostileString, weight: 1 },
);

/** Anything of the wrong type, empty ones included. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, '', [], {}, [null], { '': null }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(...RAW_HOSTILE),
);

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

export interface SchemaContext {
  /** A `$ref` of the document to its schema. */
  resolve(ref: string): JsonSchema;
  /** Values that pass validation for a field of this name (the fixture's ids, tokens, job names…). */
  real(name: string): readonly unknown[] | undefined;
}

const isDate = (schema: JsonSchema) => schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$' || schema.format === 'date';

function stringFor(schema: JsonSchema, name: string, ctx: SchemaContext): fc.Arbitrary<unknown> {
  const options: Array<{ arbitrary: fc.Arbitrary<unknown>; weight: number }> = [{ arbitrary: hostileString, weight: 3 }];
  const real = ctx.real(name);
  if (real?.length) options.push({ arbitrary: fc.constantFrom(...real), weight: 4 });
  if (schema.enum?.length) options.push({ arbitrary: fc.constantFrom(...schema.enum), weight: 4 });
  if (name === 'after') options.push({ arbitrary: hostileCursor, weight: 8 });
  if (isDate(schema)) options.push({ arbitrary: fc.constantFrom(...IMPOSSIBLE_DATES, '2024-02-28', '2024-02-29', '2024-06-30'), weight: 8 });
  if (schema.format === 'date-time') options.push({ arbitrary: fc.constantFrom(...IMPOSSIBLE_TIMES), weight: 4 });
  if (schema.format === 'uuid') options.push({ arbitrary: fc.uuid(), weight: 2 });
  return fc.oneof(...options);
}

function numberFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const min = schema.minimum ?? -1_000;
  const max = schema.maximum ?? 1_000;
  return fc.oneof(
    { arbitrary: fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }), weight: 3 },
    { arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, min - 1, max + 1), weight: 2 },
    { arbitrary: fc.constantFrom(new RawJson('1e400'), new RawJson('-1e400'), new RawJson('123456789012345678901234567890')), weight: 1 },
  );
}

/**
 * A value for `schema` (a field named `name`): mostly the right shape with hostile leaves, at
 * times the wrong type altogether. `depth` bounds the recursion of the document's own schemas.
 */
export function valueFor(schema: JsonSchema, name: string, ctx: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valueFor(ctx.resolve(schema.$ref), name, ctx, depth);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueFor(s, name, ctx, depth)));
  if (schema.allOf?.length) return valueFor(Object.assign({}, ...schema.allOf) as JsonSchema, name, ctx, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  let shaped: fc.Arbitrary<unknown>;
  if (schema.const !== undefined) shaped = fc.constant(schema.const);
  else if (type === 'string') shaped = stringFor(schema, name, ctx);
  else if (type === 'integer' || type === 'number') shaped = numberFor(schema);
  else if (type === 'boolean') shaped = fc.boolean();
  else if (type === 'array') shaped = fc.array(schema.items && depth < 4 ? valueFor(schema.items, name, ctx, depth + 1) : wrongType, { maxLength: 4 });
  else if (type === 'object' || schema.properties || schema.additionalProperties) shaped = objectFor(schema, ctx, depth);
  else {
    // No type (`z.unknown()`): Meta's body of a report, say. Real ones with hostile leaves, or anything.
    const real = ctx.real(name);
    shaped = fc.oneof(...(real?.length ? [{ arbitrary: fc.constantFrom(...real), weight: 2 }] : []), { arbitrary: wrongType, weight: 1 }, { arbitrary: hostileString, weight: 1 });
  }
  return fc.oneof({ arbitrary: shaped, weight: 8 }, { arbitrary: wrongType, weight: 1 });
}

function objectFor(schema: JsonSchema, ctx: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const record =
    properties.length > 0 && depth < 4
      ? fc.record(Object.fromEntries(properties.map(([key, s]) => [key, valueFor(s, key, ctx, depth + 1)])), { requiredKeys: [] })
      : fc.constant({});
  const extra =
    schema.additionalProperties && depth < 4
      ? fc.dictionary(fc.oneof(hostileString, fc.string({ maxLength: 8 })), typeof schema.additionalProperties === 'object' ? valueFor(schema.additionalProperties, '', ctx, depth + 1) : wrongType, { maxKeys: 3 })
      : fc.constant({});
  return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }));
}

/** How a lone surrogate goes into a URL: its bytes as a careless client would write them (WTF-8). */
export function encodeSegment(raw: string): string {
  try {
    return encodeURIComponent(raw);
  } catch {
    return [...raw].map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}
