/**
 * Every answer the integration suites get is checked against the OpenAPI document the app
 * serves: the route (method and path) must be in it, the status must be one it declares, and a
 * JSON body must match that status's schema (JSON Schema 2020-12, as OpenAPI 3.1 says). The check
 * is openapi-backend's (routing and response validation) with an Ajv 2020 instance; a mismatch
 * fails the test that made the call, naming the route, the status and what did not match.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';

// ajv-formats is CommonJS: its default export arrives as the module object under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

type AppLike = { request: (url: string, init: RequestInit) => Response | Promise<Response> };

/** Routes that are not part of the API: the UI's own pages and files. */
const isUi = (path: string) => !path.startsWith('/api/') && !path.startsWith('/connect/') && !['/healthz', '/readyz', '/metrics'].includes(path);

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

export interface ContractChecker {
  check(method: string, url: URL, response: Response): Promise<void>;
}

/** A checker for one app, reading its document once (from the app itself). */
export function contractChecker(app: AppLike, origin: string): ContractChecker {
  let backend: Promise<OpenAPIBackend> | undefined;
  const load = () =>
    (backend ??= (async () => {
      const document = (await (await app.request(`${origin}/api/openapi.json`, {})).json()) as Record<string, unknown>;
      const api = new OpenAPIBackend({
        definition: document as never,
        quick: true,
        validate: true,
        customizeAjv: (_original: unknown, options: unknown) => {
          const ajv = new Ajv2020({ ...(options as object), strict: false, allErrors: true });
          addFormats(ajv);
          return ajv as never;
        },
      });
      await api.init();
      return api;
    })());

  return {
    async check(method, url, response) {
      if (isUi(url.pathname)) return;
      const api = await load();
      const operation = api.router.matchOperation({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: {} });
      const route = `${method} ${url.pathname}`;
      if (!operation) {
        // An unknown path is the app's 404 for no route, which no document lists.
        if (response.status === 404) return;
        throw new ContractViolation(`${route} → ${response.status}: the route is not in /api/openapi.json`);
      }
      // The app's own "no route" 404 (e.g. a trailing slash, which the router matches leniently).
      if (response.status === 404 && (await response.clone().text()).includes('"No route for ')) return;
      const declared = Object.keys(operation.responses ?? {});
      if (!declared.includes(String(response.status))) throw new ContractViolation(`${route} → ${response.status}: status not declared (declared: ${declared.join(', ')})`);
      const type = response.headers.get('content-type') ?? '';
      const text = await response.clone().text();
      if (!type.includes('application/json')) {
        if (response.status === 204 && text !== '') throw new ContractViolation(`${route} → 204 with a body`);
        return;
      }
      const result = api.validator.validateResponse(JSON.parse(text), operation, response.status);
      if (result.errors?.length) {
        throw new ContractViolation(`${route} → ${response.status} does not match the document: ${JSON.stringify(result.errors.slice(0, 3))} in ${text.slice(0, 300)}`);
      }
    },
  };
}
