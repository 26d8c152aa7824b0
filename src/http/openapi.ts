/**
 * Routes declared once, for both the server and the document: each declaration's zod schemas
 * validate the request (path, query, JSON body), type the handler's answer, and become the route's
 * entry in the OpenAPI 3.1 document served at /api/openapi.json (the UI's types are generated from
 * it). Who may call is part of the declaration and is checked before the input is read, so a
 * refused caller learns nothing about what a valid request looks like.
 *
 * @hono/zod-openapi turns the schemas into the document (its registry and 3.1 generator). The
 * request is validated here rather than by its `app.openapi()`: its body validator reads the body
 * through the web Request (a tenth of the Graph proxy's CPU per call, measured) and answers a body
 * of another content type with a 415 text; ours reads the Node stream, bounds its size, and
 * answers 400 `invalid_json`/`invalid_input` naming the field, as the API always has.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { Member } from '../accounts/accounts.ts';
import type { ApiKeyScope } from '../accounts/scopes.ts';
import { invalidInput } from '../errors.ts';
import { requireAdmin, requireAuth, requireMember, requireScope } from './auth.ts';
import type { AppEnv, Auth } from './context.ts';
import { type ErrorCode, statusForCode } from './errors.ts';
import { checkParams } from './input-text.ts';
import { jsonBody, queryParams } from './validate.ts';

export type ApiApp = OpenAPIHono<AppEnv>;

/**
 * public: anyone. signedIn: a session, or an API key (with `read` for GETs). member: people only.
 * admin: workspace admins. scopes: API keys with one of them, or people unless `onlyKeys`.
 */
export type Access = 'public' | 'signedIn' | 'member' | 'admin' | { scopes: readonly ApiKeyScope[]; onlyKeys?: boolean };

interface ResponseDef {
  description: string;
  /** A JSON body; omitted for an empty one (204) or a redirect. */
  schema?: z.ZodType;
  /** Another media type than JSON (e.g. Prometheus text); the handler answers with a Response. */
  contentType?: string;
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
}

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: /api/meta-users/{id}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body's media type when it is not JSON (Meta's callbacks post a form). */
  bodyMediaType?: string;
  /**
   * The handler reads the body itself (the raw bytes a signature covers, under its own size
   * limit): the declaration only documents it, and `mount` does not parse it.
   */
  rawBody?: boolean;
  responses: Record<number, ResponseDef>;
  /** Error codes this route answers besides those every route of its kind may (auth, input, 500). */
  errors?: readonly ErrorCode[];
  /**
   * Top-level body fields that carry Meta's own answer as received (the report-back's `body`):
   * text PostgreSQL cannot store is cleaned there, not refused (src/http/input-text.ts).
   */
  metaText?: readonly string[];
}

/** Keeps a declaration's literal types (statuses, schemas) for its handler. */
export const defineRoute = <const D extends RouteDef>(def: D): D => def;

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type AuthOf<A extends Access> = A extends 'public' ? Auth | undefined : A extends 'member' | 'admin' ? Member : Auth;

export interface RouteInput<D extends RouteDef> {
  auth: AuthOf<D['access']>;
  params: Out<D['params']>;
  query: Out<D['query']>;
  body: Out<D['body']>;
}

/**
 * What a handler answers: one of its declared statuses with that status's body, or `{ raw }`, a
 * Response it built (bytes from a cache, a redirect, text), still checked against the document by
 * the contract tests. (`raw` is wrapped: a bare Response's `status: number` would widen every
 * literal status of the union.)
 */
export type RouteReply<D extends RouteDef> =
  | {
      [S in keyof D['responses'] & number]: D['responses'][S]['schema'] extends z.ZodType
        ? { status: S; body: z.input<D['responses'][S]['schema']>; headers?: Record<string, string> }
        : { status: S; headers?: Record<string, string> };
    }[keyof D['responses'] & number]
  | { raw: Response };

export type RouteHandler<D extends RouteDef> = (c: Context<AppEnv>, input: RouteInput<D>) => RouteReply<D> | Promise<RouteReply<D>>;

function authorize(c: Context<AppEnv>, access: Access): Auth | Member | undefined {
  if (access === 'public') return c.get('auth');
  if (access === 'signedIn') return requireAuth(c);
  if (access === 'member') return requireMember(c);
  if (access === 'admin') return requireAdmin(c);
  return requireScope(c, access.scopes, { onlyKeys: access.onlyKeys });
}

/** The error codes a route may answer whatever it does: authentication, authorization, input, CSRF, bugs. */
function implicitErrors(def: RouteDef): ErrorCode[] {
  // A malformed bearer key is refused on every route, public ones too.
  const codes: ErrorCode[] = ['unauthenticated', 'internal_error'];
  if (def.method !== 'get') codes.push('csrf_rejected');
  if (def.access === 'member' || def.access === 'admin') codes.push('forbidden');
  if (def.access === 'signedIn' || typeof def.access === 'object') codes.push('scope_missing');
  if (typeof def.access === 'object' && !def.access.onlyKeys) codes.push('forbidden');
  if (def.params || def.query || def.body) codes.push('invalid_input');
  if (def.body) codes.push(...(def.rawBody ? [] : (['invalid_json'] as const)), 'payload_too_large');
  return codes;
}

/** `{"error":{"code","message",…}}` with the codes of one status; details (reason, scope…) may follow. */
const errorBody = (codes: [string, ...string[]]) =>
  z.object({ error: z.looseObject({ code: z.enum(codes), message: z.string() }) }).openapi({ description: 'An error with a stable code.' });

const SECURITY: Record<'public' | 'session' | 'key' | 'both', Array<Record<string, string[]>>> = {
  public: [],
  session: [{ session: [] }],
  key: [{ apiKey: [] }],
  both: [{ session: [] }, { apiKey: [] }],
};

function securityOf(access: Access) {
  if (access === 'public') return SECURITY.public;
  if (access === 'member' || access === 'admin') return SECURITY.session;
  if (access === 'signedIn' || !access.onlyKeys) return SECURITY.both;
  return SECURITY.key;
}

function accessInWords(access: Access): string {
  if (access === 'public') return 'Anyone.';
  if (access === 'signedIn') return 'A signed-in person, or an API key (`read` for GETs).';
  if (access === 'member') return 'Signed-in people only (not API keys).';
  if (access === 'admin') return 'Workspace admins only.';
  return `${access.onlyKeys ? 'API keys' : 'Signed-in people, or API keys'} with ${access.scopes.map((s) => `\`${s}\``).join(' or ')}.`;
}

/** `GET /api/meta-users/{id}/events` → `getMetaUsersByIdEvents`: stable, unique, a valid identifier for generated clients. */
function operationIdOf(def: RouteDef): string {
  const words = def.path
    .replace(/^\/api\//, '/')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith('{') ? `By${part.slice(1, -1)}` : part))
    .map((part) => part[0]!.toUpperCase() + part.slice(1));
  return def.method + words.join('');
}

/** The route's entry in the document: its own responses, then every error status with its codes. */
export function toRouteConfig(def: RouteDef) {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(def.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(response.schema || response.contentType ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema ?? z.string() } } } : {}),
    };
  }
  const byStatus = new Map<number, Set<string>>();
  for (const code of [...implicitErrors(def), ...(def.errors ?? [])]) {
    const status = statusForCode(code);
    if (def.responses[status]) continue; // declared by the route itself (the proxy's graph_error)
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const list = [...codes].sort() as [string, ...string[]];
    responses[String(status)] = {
      description: `Error: ${list.map((code) => `\`${code}\``).join(', ')}.`,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: errorBody(list) } },
    };
  }
  return createRoute({
    method: def.method,
    path: def.path,
    operationId: operationIdOf(def),
    summary: def.summary,
    description: [def.description, `**Who:** ${accessInWords(def.access)}`].filter(Boolean).join('\n\n'),
    tags: [def.tag],
    security: securityOf(def.access),
    request: {
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { query: def.query } : {}),
      ...(def.body ? { body: { required: true, content: { [def.bodyMediaType ?? 'application/json']: { schema: def.body } } } } : {}),
    },
    responses: responses as never,
  });
}

/** Path params as declared; a value the schema refuses is 400 naming it. */
function pathParams<T>(c: Context, schema: z.ZodType<T>): T {
  const params = c.req.param() as Record<string, string>;
  checkParams(params, 'path');
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalidInput(`${issue?.path.join('.') || 'path'}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Registers the route in the document and mounts it: access, then input, then the handler. A
 * plain Hono app (a worker's metrics port) gets the same route without a document.
 */
export function mount<const D extends RouteDef>(app: ApiApp | Hono<AppEnv>, def: D, handler: NoInfer<RouteHandler<D>>): void {
  if (app instanceof OpenAPIHono) app.openAPIRegistry.registerPath(toRouteConfig(def));
  const honoPath = def.path.replace(/\{([^}]+)\}/g, ':$1');
  (app as Hono<AppEnv>).on(def.method.toUpperCase(), honoPath, async (c: Context<AppEnv>) => {
    const auth = authorize(c, def.access);
    const input = {
      auth,
      params: def.params ? pathParams(c, def.params) : {},
      query: def.query ? queryParams(c, def.query) : {},
      body: def.body && !def.rawBody ? await jsonBody(c, def.body, def.metaText) : {},
    } as RouteInput<D>;
    const reply = (await handler(c, input)) as { raw: Response } | { status: number; body?: unknown; headers?: Record<string, string> };
    if ('raw' in reply) return reply.raw;
    for (const [name, value] of Object.entries(reply.headers ?? {})) c.header(name, value);
    if (!('body' in reply)) return c.body(null, reply.status as 204);
    return c.json(reply.body, reply.status as 200);
  });
}

/** The whole document, as mounted. Built once, on the first request, when every area has mounted. */
export function openApiDocument(app: ApiApp, info: { version: string }) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'wevion_session', description: 'Set by `POST /api/session`. State changes must also carry `Origin: <PUBLIC_URL>` (CSRF).' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'An API key (`wevion api-keys create`), acting for its workspace within its scopes.' });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Wevion Token Health',
      version: info.version,
      description: 'Keeps Meta access tokens healthy. Every object carries our id (`id`) and Meta’s (`metaId`); a path or body that names an ad account, page, pixel, catalog, campaign or profile takes either. Lists are paged (`limit`, `after`, `nextCursor`). See docs/api.md.',
    },
  });
}
