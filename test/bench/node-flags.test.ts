import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AGENT_NODE_FLAGS } from '../../bench/lib/node-flags.js';

test('npm start, the hostpulse bin and the benches run node with the same flags', () => {
  const shebang = readFileSync(new URL('../../src/cli.ts', import.meta.url), 'utf8').split('\n')[0];
  const fromShebang = shebang.split(/\s+/).filter((w) => w.startsWith('--'));
  assert.ok(AGENT_NODE_FLAGS.includes('--single-threaded-gc'), AGENT_NODE_FLAGS.join(' '));
  assert.deepEqual([...AGENT_NODE_FLAGS], fromShebang);
});
