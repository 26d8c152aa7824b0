/**
 * The pure parts of "no input becomes a 500": text PostgreSQL can store (src/text.ts), the
 * request boundary's check (src/http/input-text.ts), Meta's answers cleaned where they are read
 * (tryParseJson), and dates and times the calendar has (src/http/calendar.ts).
 */
import { describe, expect, it } from 'vitest';
import { isCalendarDate, isCalendarTime } from '../../src/http/calendar.ts';
import { checkBody, checkParams, MAX_BODY_DEPTH } from '../../src/http/input-text.ts';
import { readGraphError, tryParseJson } from '../../src/meta/error-body.ts';
import { cleanJson, cleanText, mayHoldUnstorableText, textProblem } from '../../src/text.ts';

describe('text PostgreSQL can store', () => {
  it('names NUL and lone surrogates, and passes pairs, emoji and every other character', () => {
    expect(textProblem('a\u0000b')).toBe('NUL');
    expect(textProblem('\ud800')).toBe('lone surrogate');
    expect(textProblem('x\udfffy')).toBe('lone surrogate');
    expect(textProblem('\ud83d\ude00')).toBeUndefined();
    expect(textProblem('Città — ✓ 🙂 \u0001\u001f\ufffd')).toBeUndefined();
  });

  it('cleans: NUL removed, a lone surrogate replaced by U+FFFD, the rest kept', () => {
    expect(cleanText('Ab\u0000Cd')).toBe('AbCd');
    expect(cleanText('Rossi \ud800 Shop')).toBe('Rossi \ufffd Shop');
    const clean = 'Città 🙂';
    expect(cleanText(clean)).toBe(clean);
  });

  it('cleans every string and key of parsed JSON, deep and wide, never through __proto__', () => {
    const value = JSON.parse('{"a\\u0000":"x\\u0000","list":["\\ud800",{"b":"ok"}],"__proto__":"p","__pro\\u0000to__":{"polluted":true}}') as Record<string, unknown>;
    const cleaned = cleanJson(value) as Record<string, unknown>;
    expect(cleaned).toBe(value);
    expect(Object.keys(cleaned).sort()).toEqual(['__proto__', 'a', 'list']);
    expect(cleaned['a']).toBe('x');
    expect(cleaned['list']).toEqual(['\ufffd', { b: 'ok' }]);
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // 100,000 levels: iterative, no stack overflow.
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`) as unknown;
    expect(() => cleanJson(deep)).not.toThrow();
  });

  it('spots the JSON text that may hold such text by its escapes alone', () => {
    expect(mayHoldUnstorableText('{"a":"\\u0000"}')).toBe(true);
    expect(mayHoldUnstorableText('{"a":"\\uD800"}')).toBe(true);
    expect(mayHoldUnstorableText('{"a":"\\u00e0 Citt\\u00e0"}')).toBe(false);
    expect(mayHoldUnstorableText('{"id":"10001","name":"Giulia"}')).toBe(false);
  });
});

describe('Meta’s answers, as read', () => {
  it('are cleaned where they are parsed: the rest of the answer kept', () => {
    const text = '{"error":{"message":"Bad\\u0000 token \\ud800","type":"OAuthException","code":190,"error_subcode":460,"fbtrace_id":"AbC\\u0000dE"}}';
    expect(tryParseJson(text)).toEqual({ value: { error: { message: 'Bad token \ufffd', type: 'OAuthException', code: 190, error_subcode: 460, fbtrace_id: 'AbCdE' } } });
    expect(readGraphError(text)).toMatchObject({ code: 190, subcode: 460, message: 'Bad token \ufffd', fbtraceId: 'AbCdE' });
    // A pair is an emoji: kept.
    expect(tryParseJson('{"name":"\\ud83d\\ude00"}')).toEqual({ value: { name: '😀' } });
  });
});

describe('the request boundary', () => {
  it('refuses NUL and lone surrogates in parameters, naming the parameter', () => {
    expect(() => checkParams({ q: 'ok', after: 'a\u0000' }, 'query')).toThrow(/^after: must not contain NUL/);
    expect(() => checkParams({ id: '\ud800' }, 'path')).toThrow(/^id: must not contain a lone UTF-16 surrogate/);
    expect(() => checkParams({ 'x\u0000': '1' }, 'query')).toThrow(/^query: a parameter name must not contain NUL/);
    expect(() => checkParams({ q: 'Città 🙂' }, 'query')).not.toThrow();
  });

  it('refuses them anywhere in a body, naming the field by its path; the first in the body', () => {
    expect(() => checkBody({ email: 'a\u0000b', password: '\ud800' })).toThrow(/^email: must not contain NUL/);
    expect(() => checkBody({ preferences: [{ type: 'ok' }, { type: 'x\udfff' }] })).toThrow(/^preferences\.1\.type: must not contain a lone UTF-16 surrogate/);
    expect(() => checkBody({ params: { 'k\u0000': 'v' } })).toThrow(/^params: a key must not contain NUL/);
    expect(() => checkBody('\u0000')).toThrow(/^body: must not contain NUL/);
    let refused: unknown;
    try {
      checkBody({ name: 'x\u0000' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'invalid_input', message: 'name: must not contain NUL (U+0000)' });
  });

  it(`refuses a body nested deeper than ${MAX_BODY_DEPTH} levels, and takes one at the limit`, () => {
    const nest = (levels: number) => JSON.parse(`${'['.repeat(levels)}1${']'.repeat(levels)}`) as unknown;
    expect(() => checkBody(nest(MAX_BODY_DEPTH))).not.toThrow();
    expect(() => checkBody(nest(MAX_BODY_DEPTH + 1))).toThrow(/nested deeper than 64 levels/);
    expect(() => checkBody({ body: nest(100_000) }, ['body'])).toThrow(/^body\.0\.0.*: nested deeper/);
  });

  it('cleans the fields a route declares as Meta’s text, and still refuses the caller’s own fields', () => {
    const report = { profileId: '10001', status: 400, body: { error: { code: 190, fbtrace_id: 'Ab\u0000C', message: 'x\ud800' } }, headers: { 'x-fb-trace-id': 'T\u0000' } };
    expect(checkBody(report, ['body', 'headers'])).toEqual({ profileId: '10001', status: 400, body: { error: { code: 190, fbtrace_id: 'AbC', message: 'x\ufffd' } }, headers: { 'x-fb-trace-id': 'T' } });
    expect(() => checkBody({ ...report, profileId: '10001\u0000' }, ['body', 'headers'])).toThrow(/^profileId: must not contain NUL/);
  });
});

describe('dates and times the calendar has', () => {
  it('dates: leap days only in leap years, no month 13, no day 0, no year 0', () => {
    for (const good of ['2024-02-29', '2000-02-29', '2023-02-28', '2024-12-31', '0001-01-01', '9999-12-31', '1970-01-01']) expect(isCalendarDate(good), good).toBe(true);
    for (const bad of ['2024-02-30', '2023-02-29', '1900-02-29', '2100-02-29', '0000-01-01', '2024-13-01', '2024-00-10', '2024-01-00', '2024-01-32', '2024-04-31', '2024-4-01', '20240101', ' 2024-01-01', '2024-01-01T00:00:00Z']) expect(isCalendarDate(bad), bad).toBe(false);
  });

  it('times: hours 0–23, minutes and seconds 0–59, to the microsecond, UTC', () => {
    for (const good of ['2024-02-29T23:59:59.999999Z', '2024-05-01T10:00:00Z', '2024-05-01T00:00:00.1Z', '0001-01-01T00:00:00Z']) expect(isCalendarTime(good), good).toBe(true);
    for (const bad of ['2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '0000-01-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00:00.1234567Z', '2024-01-01T00:00:00+01:00', '2024-01-01 00:00:00Z'])
      expect(isCalendarTime(bad), bad).toBe(false);
  });
});
