import { describe, expect, it } from 'vitest';
import { classifyGraphFailure, retryDelayMs, type Category, type ClassifyInput } from '../../src/meta/classify.ts';

const STD = [1000, 2000, 4000, 8000];
const RATE = [5000, 15000, 45000];

function graph(code: number, extra: Record<string, unknown> = {}): { error: Record<string, unknown> } {
  return { error: { message: `(#${code}) something`, type: 'OAuthException', code, fbtrace_id: 'AbC123', ...extra } };
}
const buc = (id: string, minutes: number, type = 'ads_management') =>
  JSON.stringify({ [id]: [{ type, call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: minutes }] });

interface Row {
  name: string;
  input: ClassifyInput;
  category: Category;
  delaysMs?: number[];
  verifyToken?: boolean;
  code?: number;
  subcode?: number;
}

const rows: Row[] = [
  // token_expired: code 190 with every documented subcode, 400 and 401, with and without type
  { name: '190 no subcode', input: { status: 400, body: graph(190) }, category: 'token_expired', verifyToken: true, code: 190 },
  ...[458, 459, 460, 463, 464, 467, 492, 493].map((subcode): Row => ({
    name: `190/${subcode}`,
    input: { status: 400, body: graph(190, { error_subcode: subcode }) },
    category: 'token_expired',
    verifyToken: true,
    code: 190,
    subcode,
  })),
  { name: '190/463 on 401 without type', input: { status: 401, body: { error: { message: 'Session has expired', code: 190, error_subcode: 463 } } }, category: 'token_expired', verifyToken: true, code: 190, subcode: 463 },
  { name: '190 with is_transient still token', input: { status: 400, body: graph(190, { is_transient: true }) }, category: 'token_expired', verifyToken: true },
  { name: '190 body as raw JSON text', input: { status: 400, body: JSON.stringify(graph(190, { error_subcode: 460 })) }, category: 'token_expired', verifyToken: true, code: 190, subcode: 460 },
  { name: '190 code as a string', input: { status: 400, body: { error: { code: '190', error_subcode: '467' } } }, category: 'token_expired', code: 190, subcode: 467 },
  { name: '190 on HTTP 500', input: { status: 500, body: graph(190) }, category: 'token_expired', verifyToken: true },
  // auth_error
  { name: '102', input: { status: 400, body: graph(102) }, category: 'auth_error', verifyToken: true, code: 102 },
  { name: '102 on 401 without type', input: { status: 401, body: { error: { message: 'Session key invalid', code: 102 } } }, category: 'auth_error', verifyToken: true },
  // rate_limited: every throttling code
  ...[4, 17, 32, 341, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014].map((code): Row => ({
    name: `throttling code ${code}`,
    input: { status: 400, body: graph(code, { is_transient: true, error_subcode: code >= 80000 ? 2446079 : undefined }) },
    category: 'rate_limited',
    delaysMs: RATE,
    code,
  })),
  { name: 'code 4 on 429', input: { status: 429, body: graph(4) }, category: 'rate_limited', delaysMs: RATE },
  { name: 'code 17 on 403 without type', input: { status: 403, body: { error: { code: 17, message: 'User request limit reached' } } }, category: 'rate_limited', delaysMs: RATE },
  {
    name: '80004 with a 3-minute estimate for the called object',
    input: { status: 400, body: graph(80004), headers: { 'x-business-use-case-usage': buc('123', 3) }, usageObjectId: 'act_123' },
    category: 'rate_limited',
    delaysMs: [180000, 180000, 180000],
  },
  {
    name: '80000 with a 0.1-minute estimate: never below the table',
    input: { status: 400, body: graph(80000), headers: { 'X-Business-Use-Case-Usage': buc('55', 0.1, 'ads_insights') }, usageObjectId: '55' },
    category: 'rate_limited',
    delaysMs: [6000, 15000, 45000],
  },
  {
    name: '80004 with an estimate for another object only',
    input: { status: 400, body: graph(80004), headers: { 'x-business-use-case-usage': buc('999', 10) }, usageObjectId: '123' },
    category: 'rate_limited',
    delaysMs: RATE,
  },
  {
    name: 'code 4 with no object named: the largest estimate counts',
    input: { status: 400, body: graph(4), headers: { 'x-business-use-case-usage': JSON.stringify({ a: [{ type: 'x', estimated_time_to_regain_access: 1 }], b: [{ type: 'y', estimated_time_to_regain_access: 20 }] }) } },
    category: 'rate_limited',
    delaysMs: [1200000, 1200000, 1200000],
  },
  { name: '80004 with malformed usage header', input: { status: 400, body: graph(80004), headers: { 'x-business-use-case-usage': '{"123":[{' } }, category: 'rate_limited', delaysMs: RATE },
  { name: '80015 is not a throttling code', input: { status: 400, body: graph(80015) }, category: 'invalid_request' },
  // blocked
  { name: '368', input: { status: 400, body: graph(368) }, category: 'blocked', code: 368 },
  { name: '368 on 500 with is_transient', input: { status: 500, body: graph(368, { is_transient: true }) }, category: 'blocked' },
  { name: '1487851 as code', input: { status: 400, body: graph(1487851) }, category: 'blocked', code: 1487851 },
  { name: '1487851 as subcode', input: { status: 400, body: graph(100, { error_subcode: 1487851 }) }, category: 'blocked', code: 100, subcode: 1487851 },
  // transient
  { name: 'is_transient on an unknown code', input: { status: 400, body: graph(100, { is_transient: true }) }, category: 'transient', delaysMs: STD },
  { name: 'code 1 on 500', input: { status: 500, body: graph(1) }, category: 'transient', delaysMs: STD, code: 1 },
  { name: 'code 2 on 503', input: { status: 503, body: graph(2, { is_transient: true }) }, category: 'transient', delaysMs: STD, code: 2 },
  { name: 'code 2 on 400 without type', input: { status: 400, body: { error: { code: 2, message: 'Service temporarily unavailable' } } }, category: 'transient', delaysMs: STD },
  { name: 'is_transient on code 10 beats permission', input: { status: 403, body: graph(10, { is_transient: true }) }, category: 'transient', delaysMs: STD },
  ...['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_SOCKET', 'EPIPE'].map((networkError): Row => ({
    name: `network ${networkError}`,
    input: { status: 0, networkError },
    category: 'transient',
    delaysMs: STD,
  })),
  { name: 'network ENOTFOUND is configuration', input: { status: 0, networkError: 'ENOTFOUND' }, category: 'invalid_request' },
  // server_error
  { name: '500 empty', input: { status: 500, body: '' }, category: 'server_error', delaysMs: STD },
  { name: '503 HTML', input: { status: 503, body: '<html><body>Service Unavailable</body></html>' }, category: 'server_error', delaysMs: STD },
  { name: '502 truncated JSON', input: { status: 502, body: '{"error":{"message":"Bad gat' }, category: 'server_error', delaysMs: STD },
  { name: '429 empty', input: { status: 429 }, category: 'server_error', delaysMs: STD },
  { name: '500 with code 100', input: { status: 500, body: graph(100) }, category: 'server_error', delaysMs: STD, code: 100 },
  { name: '500 with code 10 (server beats permission)', input: { status: 500, body: graph(10) }, category: 'server_error', delaysMs: STD },
  { name: '500 unknown error, type only', input: { status: 500, body: { error: { message: 'An unknown error has occurred.', type: 'OAuthException' } } }, category: 'server_error', delaysMs: STD },
  // permission_denied
  { name: '10 on 403', input: { status: 403, body: graph(10) }, category: 'permission_denied', code: 10 },
  { name: '200 on 400', input: { status: 400, body: graph(200) }, category: 'permission_denied', code: 200 },
  { name: '294 on 403 without type', input: { status: 403, body: { error: { code: 294, message: 'Managing advertisements requires ads_management' } } }, category: 'permission_denied' },
  { name: '299 on 400', input: { status: 400, body: graph(299) }, category: 'permission_denied' },
  { name: '3 capability', input: { status: 400, body: graph(3) }, category: 'permission_denied' },
  { name: '200 with error_data as a JSON string', input: { status: 400, body: graph(200, { error_data: '{"blame_field_specs":[["status"]]}' }) }, category: 'permission_denied' },
  // invalid_request
  { name: '100/33 unsupported get', input: { status: 400, body: graph(100, { error_subcode: 33, type: 'GraphMethodException' }) }, category: 'invalid_request', code: 100, subcode: 33 },
  { name: '2500 unknown path', input: { status: 400, body: graph(2500) }, category: 'invalid_request' },
  { name: '199 below the permission range', input: { status: 400, body: graph(199) }, category: 'invalid_request' },
  { name: '300 above the permission range', input: { status: 400, body: graph(300) }, category: 'invalid_request' },
  { name: '400 HTML', input: { status: 400, body: '<!DOCTYPE html><html>Bad Request</html>' }, category: 'invalid_request' },
  { name: '400 empty body', input: { status: 400, body: '' }, category: 'invalid_request' },
  { name: '404 truncated JSON', input: { status: 404, body: '{"error":{"code":190,' }, category: 'invalid_request' },
  { name: '401 no body', input: { status: 401 }, category: 'invalid_request' },
  { name: '200 garbage', input: { status: 200, body: 'garbage' }, category: 'invalid_request' },
  { name: 'error as an array', input: { status: 400, body: { error: [190] } }, category: 'invalid_request' },
  { name: 'OAuth-style string error', input: { status: 400, body: { error: 'invalid_grant', error_description: 'Code was already redeemed' } }, category: 'invalid_request' },
  { name: 'legacy error_code shape 190', input: { status: 400, body: { error_code: 190, error_msg: 'Invalid OAuth 2.0 Access Token' } }, category: 'token_expired', code: 190 },
];

describe('classifyGraphFailure table', () => {
  it('has at least 40 rows', () => expect(rows.length).toBeGreaterThanOrEqual(40));

  it.each(rows)('$name → $category', (row) => {
    const c = classifyGraphFailure(row.input);
    expect(c.category).toBe(row.category);
    expect(c.delaysMs).toEqual(row.delaysMs ?? []);
    expect(c.retry).toBe((row.delaysMs ?? []).length > 0);
    expect(c.verifyToken).toBe(row.category === 'token_expired' || row.category === 'auth_error');
    if (row.verifyToken !== undefined) expect(c.verifyToken).toBe(row.verifyToken);
    if (row.code !== undefined) expect(c.code).toBe(row.code);
    if (row.subcode !== undefined) expect(c.subcode).toBe(row.subcode);
    expect(c.reason.length).toBeGreaterThan(0);
  });

  it('decides by code, not by message text', () => {
    const misleading = { error: { message: 'Error validating access token: Session has expired', code: 100 } };
    expect(classifyGraphFailure({ status: 400, body: misleading }).category).toBe('invalid_request');
    const quiet = { error: { message: 'Something happened', code: 190 } };
    expect(classifyGraphFailure({ status: 400, body: quiet }).category).toBe('token_expired');
  });

  it('names the 190 subcode in the reason', () => {
    expect(classifyGraphFailure({ status: 400, body: graph(190, { error_subcode: 460 }) }).reason).toMatch(/password changed/);
  });
});

describe('retryDelayMs', () => {
  const std = classifyGraphFailure({ status: 503 });
  const rate = classifyGraphFailure({ status: 400, body: graph(17) });

  it('standard backoff with random fixed at 1 waits the ceilings', () => {
    expect([0, 1, 2, 3].map((i) => retryDelayMs(std, i, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });
  it('applies full jitter within [0, ceiling]', () => {
    expect([0, 1, 2, 3].map((i) => retryDelayMs(std, i, () => 0.5))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(std, 3, () => 0)).toBe(0);
    expect(retryDelayMs(std, 0, () => 7)).toBe(1000);
    expect(retryDelayMs(std, 0, () => Number.NaN)).toBe(1000);
  });
  it('rate-limit waits are exact, not jittered', () => {
    expect([0, 1, 2].map((i) => retryDelayMs(rate, i, () => 0.1))).toEqual(RATE);
  });
  it('is undefined past the schedule', () => {
    expect(retryDelayMs(std, 4, () => 1)).toBeUndefined();
    expect(retryDelayMs(rate, 3, () => 1)).toBeUndefined();
    expect(retryDelayMs(classifyGraphFailure({ status: 400, body: graph(190) }), 0, () => 1)).toBeUndefined();
  });
});
