// The auth matrix over real HTTP: no token, wrong token, and each scope, on every route.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveListenHost } from '../../src/agent.js';
import { TokenAuth } from '../../src/server/auth.js';
import { startTestAgent, type TestAgent, testConfig, waitForSample } from '../helpers/agent.js';

const ADMIN = 'admin-token-0123456789';
const READ = 'read-token-abcdef';
const INGEST = 'ingest-token-xyz';

// route → scope it needs ('none' = open)
const ROUTES: [string, 'none' | 'read'][] = [
  ['/health', 'none'],
  ['/api/health', 'read'],
  ['/inventory', 'read'],
  ['/metrics/latest', 'read'],
  ['/metrics/range?seconds=5', 'read'],
  ['/system', 'read'],
];

describe('auth matrix', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({
      'agent.collect_interval_sec': '0.2',
      'security.api_token': ADMIN,
      'security.read_tokens': `${READ}, other-read`,
      'security.ingest_tokens': INGEST,
    });
    await waitForSample(a, READ);
  });
  after(() => a.close());

  for (const [route, scope] of ROUTES) {
    test(`${route}: none/wrong → ${scope === 'none' ? 200 : 401}, read → 200, ingest → ${scope === 'none' ? 200 : 403}, admin → 200`, async () => {
      const none = await a.get(route);
      const wrong = await a.get(route, 'not-a-token');
      const prefix = await a.get(route, READ.slice(0, -1));
      const read = await a.get(route, READ);
      const ingest = await a.get(route, INGEST);
      const admin = await a.get(route, ADMIN);
      if (scope === 'none') {
        for (const r of [none, wrong, prefix, read, ingest, admin]) assert.equal(r.status, 200);
        return;
      }
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      assert.match(((await none.json()) as { detail: string }).detail, /bearer token/);
      assert.equal(wrong.status, 401);
      assert.equal(prefix.status, 401, 'a token prefix must not match');
      assert.equal(read.status, 200);
      assert.equal(ingest.status, 403);
      assert.match(((await ingest.json()) as { detail: string }).detail, /"read" scope/);
      assert.equal(admin.status, 200);
    });
  }

  test('a second read token works and a non-Bearer scheme is refused', async () => {
    assert.equal((await a.get('/inventory', 'other-read')).status, 200);
    const basic = await fetch(`${a.url}/inventory`, { headers: { authorization: `Basic ${READ}` } });
    assert.equal(basic.status, 401);
  });
});

describe('token scopes', () => {
  test('api_token grants read, ingest and admin; others only their own', () => {
    const auth = new TokenAuth({ apiToken: 'A', readTokens: ['R'], ingestTokens: ['I', ''] });
    assert.deepEqual([...(auth.scopesOf('A') ?? [])].sort(), ['admin', 'ingest', 'read']);
    assert.deepEqual([...(auth.scopesOf('R') ?? [])], ['read']);
    assert.deepEqual([...(auth.scopesOf('I') ?? [])], ['ingest']);
    assert.equal(auth.scopesOf(''), null, 'an empty configured token is ignored');
    assert.equal(auth.scopesOf('AA'), null);
  });
});

describe('secure default bind', () => {
  test('no token: loopback by default, and a public bind is refused with how to set a token', () => {
    const { cfg } = testConfig({ 'agent.listen_host': '' });
    const noAuth = new TokenAuth(cfg.security);
    cfg.agent.listenHost = null;
    assert.equal(resolveListenHost(cfg, noAuth), '127.0.0.1');
    cfg.agent.listenHost = '0.0.0.0';
    assert.throws(
      () => resolveListenHost(cfg, noAuth),
      /refusing to listen on 0\.0\.0\.0 without a token.*api_token/s,
    );
    cfg.agent.listenHost = '::1';
    assert.equal(resolveListenHost(cfg, noAuth), '::1');
  });

  test('with a token the default bind is all interfaces', () => {
    const { cfg } = testConfig({ 'agent.listen_host': '', 'security.api_token': 'x' });
    cfg.agent.listenHost = null;
    assert.equal(resolveListenHost(cfg, new TokenAuth(cfg.security)), '0.0.0.0');
  });

  test('without tokens the loopback server is open', async () => {
    const a = await startTestAgent({});
    try {
      assert.equal((await a.get('/inventory')).status, 200);
    } finally {
      await a.close();
    }
  });
});
