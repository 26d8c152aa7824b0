/**
 * The OpenAPI document is the contract, not decoration: it is valid OpenAPI 3.1 (checked by a
 * validator of the specification's own schema), it lists every route the composed application
 * mounts and nothing it does not, every error status carries its codes, and the response checker
 * every integration suite runs through (helpers/contract.ts) really refuses what the document
 * does not describe.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_BY_CODE } from '../../src/http/errors.ts';
import { contractChecker, ContractViolation } from '../helpers/contract.ts';
import { PUBLIC_URL } from '../helpers/app.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, { schema: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } }> }> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** What the UI serves (its pages and built files) is not the API. */
const isUi = (path: string) => !path.startsWith('/api/') && !path.startsWith('/connect/') && !['/healthz', '/readyz', '/metrics'].includes(path);

describe('the OpenAPI document', () => {
  let s: TestService;
  let doc: Document;

  beforeAll(async () => {
    s = await startTestService();
    const response = await s.request('/api/openapi.json');
    expect(response.status).toBe(200);
    doc = (await response.json()) as Document;
  });
  afterAll(() => s?.close());

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists exactly the routes the application mounts', () => {
    const mounted = new Set(
      s.app.routes
        .filter((route) => route.method !== 'ALL' && !isUi(route.path))
        .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`)));
    expect([...mounted].filter((route) => !documented.has(route)), 'mounted but missing from /api/openapi.json').toEqual([]);
    expect([...documented].filter((route) => !mounted.has(route)), 'documented but not mounted').toEqual([]);
    expect(mounted.size).toBeGreaterThan(50);
    expect(mounted.has('GET /api/openapi.json')).toBe(true);
  });

  it('gives every error status of every route its codes, each mapped to that status', () => {
    const operationIds = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(operationIds.has(op.operationId!), `duplicate operationId ${op.operationId}`).toBe(false);
        operationIds.add(op.operationId!);
        expect(Object.keys(op.responses), `${method} ${path} documents 500`).toContain('500');
        for (const [status, response] of Object.entries(op.responses)) {
          // Two answers of their own shape: the proxy's classified Graph error, and readiness.
          if (Number(status) < 400 || (path === '/api/graph/proxy' && status === '502') || (path === '/readyz' && status === '503')) continue;
          const codes = response.content?.['application/json']?.schema.properties?.error?.properties?.code?.enum;
          expect(codes?.length, `${method} ${path} ${status} lists its codes`).toBeGreaterThan(0);
          for (const code of codes!) expect((STATUS_BY_CODE as Record<string, number>)[code], `${code} on ${method} ${path}`).toBe(Number(status));
        }
      }
    }
  });

  it('the response checker refuses what the document does not describe', async () => {
    const checker = contractChecker(s.app, PUBLIC_URL);
    const url = (path: string) => new URL(`${PUBLIC_URL}${path}`);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    // A real answer passes…
    await checker.check('GET', url('/api/meta-users'), json(200, { metaUsers: [], nextCursor: null }));
    // …a field of the wrong type, an undeclared field, an undeclared status or error code do not.
    await expect(checker.check('GET', url('/api/meta-users'), json(200, { metaUsers: [], nextCursor: 5 }))).rejects.toThrow(ContractViolation);
    await expect(checker.check('GET', url('/api/meta-users'), json(200, { metaUsers: [], nextCursor: null, total: 3 }))).rejects.toThrow(ContractViolation);
    await expect(checker.check('GET', url('/api/meta-users'), json(409, { error: { code: 'conflict', message: 'x' } }))).rejects.toThrow(ContractViolation);
    await expect(checker.check('GET', url('/api/meta-users/act_1'), json(404, { error: { code: 'checkout_not_found', message: 'x' } }))).rejects.toThrow(ContractViolation);
    await checker.check('GET', url('/api/meta-users/act_1'), json(404, { error: { code: 'not_found', message: 'x' } }));
  });
});
