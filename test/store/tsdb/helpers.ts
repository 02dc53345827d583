import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tsdb, type TsdbOptions } from '../../../src/store/tsdb/tsdb.js';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** 2026-01-01T00:00:00Z, a window boundary. */
export const T0 = Date.UTC(2026, 0, 1);

export interface TestStore {
  db: Tsdb;
  dir: string;
  path: string;
  clock: { now: number };
  reopen(extra?: Partial<TsdbOptions>): Tsdb;
  cleanup(): void;
}

/** A store in a fresh temp folder with an injected clock; no retention or budget unless given. */
export function testStore(extra: Partial<TsdbOptions> = {}): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-tsdb-'));
  const path = join(dir, 'store.db');
  const clock = { now: T0 };
  const opts = (more: Partial<TsdbOptions>): TsdbOptions => ({
    path,
    retention: { rawSec: 0, minuteSec: 0, hourSec: 0 },
    maxDiskMb: 0,
    maxSeries: 0,
    now: () => clock.now,
    ...extra,
    ...more,
  });
  const t: TestStore = {
    db: Tsdb.open(opts({})),
    dir,
    path,
    clock,
    reopen(more = {}) {
      t.db.close();
      t.db = Tsdb.open(opts(more));
      return t.db;
    },
    cleanup() {
      try {
        t.db.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return t;
}
