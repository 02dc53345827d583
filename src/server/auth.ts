// Bearer-token authorisation. Each route declares the scope it needs in its config; tokens
// are compared as SHA-256 digests with timingSafeEqual against every configured token, so
// neither the match position nor the token length leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SecurityConfig } from '../config/types.js';

export type Scope = 'read' | 'ingest' | 'admin';
export type RouteScope = Scope | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Scope a token needs for this route; routes without one need `read`. */
    scope?: RouteScope;
  }
}

interface TokenEntry {
  digest: Buffer;
  scopes: ReadonlySet<Scope>;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class TokenAuth {
  private readonly entries: TokenEntry[] = [];

  constructor(sec: Pick<SecurityConfig, 'apiToken' | 'readTokens' | 'ingestTokens'>) {
    if (sec.apiToken) this.add(sec.apiToken, ['read', 'ingest', 'admin']);
    for (const t of sec.readTokens) this.add(t, ['read']);
    for (const t of sec.ingestTokens) this.add(t, ['ingest']);
  }

  /** Without any token configured the server is loopback-only and open (see listen checks). */
  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** Scopes granted to a presented token; null when it matches none. Runs over every entry. */
  scopesOf(token: string): ReadonlySet<Scope> | null {
    const d = digest(token);
    let found: Set<Scope> | null = null;
    for (const e of this.entries) {
      if (!timingSafeEqual(d, e.digest)) continue;
      found ??= new Set();
      for (const s of e.scopes) found.add(s);
    }
    return found;
  }

  private add(token: string, scopes: Scope[]): void {
    if (token.length === 0) return;
    this.entries.push({ digest: digest(token), scopes: new Set(scopes) });
  }
}

function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  // "Token" is the scheme InfluxDB 2.x clients (and Telegraf's influxdb_v2 output) send.
  const m = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

/** onRequest hook: 401 without a valid token, 403 with a token lacking the route's scope. */
export function authHook(auth: TokenAuth) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const scope = req.routeOptions.config?.scope ?? 'read';
    if (scope === 'none' || !auth.enabled) return;
    const token = bearerOf(req);
    if (token === null) {
      reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ error: 'unauthorized', detail: 'missing bearer token (Authorization: Bearer <token>)' });
      return reply;
    }
    const scopes = auth.scopesOf(token);
    if (scopes === null) {
      reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer error="invalid_token"')
        .send({ error: 'unauthorized', detail: 'invalid token' });
      return reply;
    }
    if (!scopes.has(scope)) {
      reply.code(403).send({ error: 'forbidden', detail: `token lacks the "${scope}" scope` });
      return reply;
    }
  };
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}
