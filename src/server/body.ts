// Request bodies for the ingest routes: raw bytes for line protocol and protobuf, gzip/deflate
// decoded on the way in with the decoded size capped by bodyLimit (Fastify answers 413).
// Snappy (remote write) passes through: its decoder is format-specific.
import type { Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

class UnsupportedEncoding extends Error {
  readonly statusCode = 415;
  readonly code = 'unsupported content encoding';
}

export function rawBodies(app: FastifyInstance, bodyLimit: number): void {
  // Line protocol arrives as text/plain (and anything else); keep the bytes, decode per format.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/plain', '*'], { parseAs: 'buffer', bodyLimit }, (_req, body, done) =>
    done(null, body),
  );
  app.addHook('preParsing', async (req, _reply, payload) => {
    const enc = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (enc === 'identity' || enc === 'snappy') return payload;
    let decoder: Transform;
    if (enc === 'gzip' || enc === 'x-gzip') decoder = createGunzip();
    else if (enc === 'deflate') decoder = createInflate();
    else
      throw new UnsupportedEncoding(
        `Content-Encoding "${enc}" is not supported (gzip, deflate, snappy for remote write)`,
      );
    // Fastify compares the compressed length with Content-Length and the decoded one with bodyLimit.
    const counted = decoder as Transform & { receivedEncodedLength: number };
    counted.receivedEncodedLength = 0;
    payload.on('data', (c: Buffer) => {
      counted.receivedEncodedLength += c.length;
    });
    payload.on('error', (err) => decoder.destroy(err));
    // Fastify listens for errors while it reads the body; a corrupt stream that fails after it
    // stopped reading (e.g. past the size limit) must not become an uncaught exception.
    decoder.on('error', () => {});
    return payload.pipe(decoder);
  });
}
