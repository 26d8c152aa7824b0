/**
 * The UI's request and response types are generated from the live document
 * (src/web/src/api.gen.ts, committed). This test regenerates them from what the composed
 * application serves and fails when they differ: a server change that the UI has not taken in
 * fails here, and the UI's own use of the types fails the type check. `npm run api:types`
 * rewrites the file.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.ts';

const HEADER = '// Generated from GET /api/openapi.json by openapi-typescript: do not edit. `npm run api:types` rewrites it;\n// test/web/api-types.test.ts fails while it differs from what the server serves.\n';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(() => s?.close());

it('the committed UI types are generated from the document the server serves', async () => {
  const document = (await (await s.request('/api/openapi.json')).json()) as Record<string, unknown>;
  const generated = HEADER + astToString(await openapiTS(document as never, { alphabetize: true }));
  await expect(generated).toMatchFileSnapshot('../../src/web/src/api.gen.ts');
});
