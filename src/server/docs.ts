// /docs (Swagger UI) and /docs/json (the OpenAPI document), built on first use.
//
// @fastify/swagger and @fastify/swagger-ui with what they load (yaml, the UI's static files) cost
// ~5 MiB resident for the agent's whole life, for a page most installs never open. So the main app
// only remembers each route's method, URL and schema; the first /docs request builds a separate
// Fastify instance with the two plugins and stub routes carrying the same schemas, and /docs/*
// requests are answered from it through inject().
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify';

export interface DocsInfo {
  title: string;
  version: string;
  description: string;
}

interface RouteDoc {
  method: HTTPMethods[];
  url: string;
  schema: FastifySchema | undefined;
}

/** Response headers of the docs instance that the main reply passes on. */
const PASSED_HEADERS = ['content-type', 'location', 'cache-control', 'etag', 'last-modified'] as const;

const PREFIX = '/docs';

/**
 * Registers /docs and /docs/* on `app` and starts collecting route schemas: call it before the
 * other routes are added (their onRoute hooks fire at registration).
 */
export function registerLazyDocs(app: FastifyInstance, info: DocsInfo): void {
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url === PREFIX || route.url.startsWith(`${PREFIX}/`)) return;
    // Fastify adds a HEAD route beside each GET; the docs instance does the same by itself.
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length > 0) routes.push({ method: methods, url: route.url, schema: route.schema });
  });

  let docs: Promise<FastifyInstance> | null = null;
  const build = async (): Promise<FastifyInstance> => {
    const [{ default: Fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
      import('fastify'),
      import('@fastify/swagger'),
      import('@fastify/swagger-ui'),
    ]);
    const inner = Fastify();
    await inner.register(swagger, {
      openapi: {
        info,
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
    });
    await inner.register(swaggerUi, { routePrefix: PREFIX, uiConfig: { docExpansion: 'list' } });
    await inner.register(async (scope) => {
      for (const r of routes)
        scope.route({ method: r.method, url: r.url, schema: r.schema, handler: async () => null });
    });
    await inner.ready();
    return inner;
  };

  const answer = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    docs ??= build().catch((err: unknown) => {
      docs = null; // the next request tries again
      throw err;
    });
    const inner = await docs;
    const res = await inner.inject({
      method: req.method === 'HEAD' ? 'HEAD' : 'GET',
      url: req.url,
      headers: typeof req.headers.accept === 'string' ? { accept: req.headers.accept } : {},
    });
    reply.code(res.statusCode);
    for (const h of PASSED_HEADERS) {
      const v = res.headers[h];
      if (typeof v === 'string') reply.header(h, v);
    }
    return reply.send(res.rawPayload);
  };
  // The docs are public, like /health (the auth hook reads config.scope).
  const config = { scope: 'none' as const };
  app.get(PREFIX, { config }, answer);
  app.get(`${PREFIX}/*`, { config }, answer);
}
