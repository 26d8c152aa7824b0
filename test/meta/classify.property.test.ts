import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyGraphFailure, retryDelayMs } from '../../src/meta/classify.ts';
import { runClassify } from '../../src/meta/classify-command.ts';
import { readGraphError } from '../../src/meta/error-body.ts';
import { GraphError } from '../../src/meta/graph-error.ts';
import { parseUsageHeaders } from '../../src/meta/usage-headers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

const CATEGORIES = ['token_expired', 'auth_error', 'rate_limited', 'blocked', 'transient', 'server_error', 'permission_denied', 'invalid_request'];

const code = fc.oneof(fc.constantFrom(1, 2, 4, 10, 17, 32, 102, 190, 200, 299, 368, 613, 80000, 80014, 1487851), fc.integer(), fc.string(), fc.constant(null));
const errorObject = fc.record(
  {
    message: fc.oneof(fc.string(), fc.integer()),
    type: fc.oneof(fc.constant('OAuthException'), fc.string(), fc.constant(undefined)),
    code,
    error_subcode: code,
    is_transient: fc.oneof(fc.boolean(), fc.string(), fc.constant(undefined)),
    error_data: fc.oneof(fc.json(), fc.jsonValue(), fc.string()),
    fbtrace_id: fc.oneof(fc.string(), fc.integer()),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.record({ error: errorObject }),
  fc.record({ error: errorObject }).map((b) => JSON.stringify(b)),
  fc.record({ error: errorObject }).map((b) => JSON.stringify(b).slice(0, 20)),
  fc.jsonValue(),
  fc.string(),
  fc.constant('<html><body>502 Bad Gateway</body></html>'),
  fc.constant(''),
  fc.anything(),
);
const usageValue = fc.oneof(fc.json(), fc.string(), fc.dictionary(fc.string(), fc.array(fc.record({ type: fc.string(), estimated_time_to_regain_access: fc.oneof(fc.double(), fc.string()) }))).map((v) => JSON.stringify(v)));
const headers = fc.record(
  { 'x-app-usage': usageValue, 'x-business-use-case-usage': usageValue, 'x-ad-account-usage': usageValue },
  { requiredKeys: [] },
);
const input = fc.record(
  {
    status: fc.oneof(fc.integer({ min: 0, max: 599 }), fc.integer(), fc.double()),
    body,
    headers,
    networkError: fc.oneof(fc.constantFrom('ETIMEDOUT', 'ECONNRESET', 'ENOTFOUND'), fc.string()),
    usageObjectId: fc.string(),
  },
  { requiredKeys: ['status'] },
);

describe('classifier and parser properties', () => {
  it('never throw and always give a consistent decision', () => {
    fc.assert(
      fc.property(input, fc.double({ min: 0, max: 1, noNaN: true }), (i, r) => {
        readGraphError(i.body);
        parseUsageHeaders(i.headers);
        const c = classifyGraphFailure(i);
        expect(CATEGORIES).toContain(c.category);
        expect(c.retry).toBe(c.delaysMs.length > 0);
        expect(c.verifyToken).toBe(c.category === 'token_expired' || c.category === 'auth_error');
        if (['token_expired', 'auth_error', 'blocked', 'permission_denied', 'invalid_request'].includes(c.category)) expect(c.retry).toBe(false);
        c.delaysMs.forEach((ceiling, n) => {
          expect(Number.isFinite(ceiling) && ceiling >= 0).toBe(true);
          const wait = retryDelayMs(c, n, () => r);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(ceiling);
        });
        const err = new GraphError({ method: 'GET', path: `/${DEFAULT_GRAPH_VERSION}/me?access_token=EAAsecret`, status: i.status, fields: readGraphError(i.body), classification: c });
        expect(err.message).not.toContain('EAAsecret');
      }),
      { numRuns: 2000 },
    );
  });

  it('classify command exits 0 for any JSON document and 2 for any non-JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), input.map((v) => JSON.stringify(v) ?? 'null')), (text) => {
        const r = runClassify(text);
        expect(r.exitCode).toBe(0);
        expect(CATEGORIES).toContain((JSON.parse(r.stdout) as { category: string }).category);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(runClassify(text).exitCode).toBe(valid ? 0 : 2);
      }),
      { numRuns: 1000 },
    );
  });
});
