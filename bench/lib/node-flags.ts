// The node flags hostpulse runs with: read from package.json's start script (the bin's shebang in
// src/cli.ts carries the same ones, test/bench/node-flags.test.ts holds them equal), so the benches
// measure what `npm start` runs.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: { start: string };
};

export const AGENT_NODE_FLAGS: readonly string[] = pkg.scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));
