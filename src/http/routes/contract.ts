import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.ts';
import { z } from '@hono/zod-openapi';
import { PERMISSION_CATALOGUE, REQUESTED_SCOPES } from '../../tokens/scopes.ts';
import { defineRoute, mount, openApiDocument, type ApiApp } from '../openapi.ts';
import { words } from '../schemas.ts';

export const contractRouteDefs = {
  openapi: defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Contract',
    summary: 'This document (OpenAPI 3.1), generated from the schemas that validate requests',
    description: 'Public: it describes shapes, never data, and the services and tools that generate clients from it need it before they hold a key.',
    access: 'public',
    responses: { 200: { description: 'The OpenAPI 3.1 document.', schema: z.record(z.string(), z.unknown()) } },
  }),
  permissions: defineRoute({
    method: 'get',
    path: '/api/permissions',
    tag: 'Contract',
    summary: 'The Meta permissions Wevion requests, in order, with what each allows and what stops without it',
    access: 'signedIn',
    responses: {
      200: {
        description: 'The catalogue.',
        schema: z.strictObject({
          permissions: z.array(z.strictObject({ scope: z.enum(REQUESTED_SCOPES), name: z.string(), allows: words, without: words }).openapi('Permission')),
        }),
      },
    },
  }),
};

const VERSION = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Mounted last: the document describes every route mounted before it, and itself. */
export function contractRoutes(app: ApiApp): void {
  const permissions = REQUESTED_SCOPES.map((scope) => ({ scope, ...PERMISSION_CATALOGUE[scope] }));
  mount(app, contractRouteDefs.permissions, () => ({ status: 200, body: { permissions } }));
  let document: string | undefined;
  mount(app, contractRouteDefs.openapi, (c) => {
    document ??= JSON.stringify(openApiDocument(app, { version: VERSION }));
    return { raw: c.body(document, 200, { 'content-type': 'application/json' }) };
  });
}
