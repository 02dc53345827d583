// TLS with a certificate the test makes (Debian's openssl), and start-up errors for bad files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestAgent, type TestAgent } from '../helpers/agent.js';

const HAVE_OPENSSL = existsSync('/usr/bin/openssl');

function httpsGet(url: string, ca: Buffer, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', { skip: HAVE_OPENSSL ? false : 'SKIP: /usr/bin/openssl not installed' }, () => {
  let dir: string;
  let a: TestAgent;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostpulse-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    a = await startTestAgent({
      'security.use_tls': 'true',
      'security.cert_file': join(dir, 'cert.pem'),
      'security.key_file': join(dir, 'key.pem'),
      'security.api_token': 'tls-token',
    });
  });
  after(async () => {
    await a.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves HTTPS with the configured certificate, and auth still applies', async () => {
    assert.match(a.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(join(dir, 'cert.pem'));
    const ok = await httpsGet(`${a.url}/inventory`, ca, 'tls-token');
    assert.equal(ok.status, 200);
    assert.equal((JSON.parse(ok.body) as { os_system: string }).os_system, 'Linux');
    const denied = await httpsGet(`${a.url}/inventory`, ca, 'wrong');
    assert.equal(denied.status, 401);
  });

  test('a plain-HTTP client cannot talk to it', async () => {
    await assert.rejects(fetch(`${a.url.replace('https:', 'http:')}/health`));
  });

  test('a missing cert file stops start-up naming the file', async () => {
    await assert.rejects(
      startTestAgent({
        'security.use_tls': 'true',
        'security.cert_file': join(dir, 'missing.pem'),
        'security.key_file': join(dir, 'key.pem'),
      }),
      (err: Error) => err.message.includes('cert_file') && err.message.includes('missing.pem'),
    );
  });

  test('an unreadable key file stops start-up naming the file', async () => {
    const bad = join(dir, 'key-is-a-dir');
    execFileSync('mkdir', ['-p', bad]);
    await assert.rejects(
      startTestAgent({
        'security.use_tls': 'true',
        'security.cert_file': join(dir, 'cert.pem'),
        'security.key_file': bad,
      }),
      (err: Error) => err.message.includes('key_file') && err.message.includes('key-is-a-dir'),
    );
  });

  test('a key file that is not PEM stops start-up', async () => {
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key');
    await assert.rejects(
      startTestAgent({
        'security.use_tls': 'true',
        'security.cert_file': join(dir, 'cert.pem'),
        'security.key_file': junk,
      }),
    );
  });
});
