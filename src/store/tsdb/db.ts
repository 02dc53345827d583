// The SQLite file: pragmas, schema and its version, persistent counters.
//
// Tables (all times unix ms):
//   series   id, name, labels (JSON object, keys sorted), type (0 untyped, 1 counter, 2 gauge)
//   hotlog   append log of the points not folded into chunks yet, one row per append (rowid `seq`): the
//            append's points as one blob of columns (hot-log.ts), so an append is one row whatever its
//            size and a tick extends one b-tree at its end. Rows go once every point in them is in a
//            chunk; the head keeps the same points in memory, so the log is only read at open
//   chunk    codec-encoded samples of one series in one window. Segments (tsref NULL) carry their own
//            timestamps and come from folding the hot log; a compacted chunk is the one chunk of its
//            (series, window), encoded against synthetic timestamps, its real ones in `tscol`
//   tscol    timestamp columns shared by every compacted chunk of a window with identical timestamps
//            (series of one tick share them), so timestamps cost once per tick instead of per series
//   pending  (series, window) pairs that got segments since their last compaction
//   rollup   1-minute (tier 1, one row per series per UTC day) and 1-hour steps (tier 2, one row per
//            series per 30-day period): columns ts, min, max, sum, count, last[, increase]
//   meta     persistent counters (compactions, retention runs, what retention and the budget dropped)

import Database from 'better-sqlite3';
import { encodeLog } from './hot-log.js';

export type Db = Database.Database;

export const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  labels TEXT NOT NULL,
  type INTEGER NOT NULL DEFAULT 0,
  UNIQUE (name, labels)
);
CREATE TABLE hotlog (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE chunk (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL,
  win INTEGER NOT NULL,
  count INTEGER NOT NULL,
  min_ts INTEGER NOT NULL,
  max_ts INTEGER NOT NULL,
  scale INTEGER NOT NULL,
  tsref INTEGER,
  data BLOB NOT NULL
);
CREATE INDEX chunk_series ON chunk (series_id, win);
CREATE INDEX chunk_win ON chunk (win);
CREATE INDEX chunk_tsref ON chunk (tsref) WHERE tsref IS NOT NULL;
CREATE TABLE tscol (id INTEGER PRIMARY KEY, win INTEGER NOT NULL, hash INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX tscol_win ON tscol (win, hash);
CREATE TABLE pending (series_id INTEGER NOT NULL, win INTEGER NOT NULL, PRIMARY KEY (series_id, win)) WITHOUT ROWID;
CREATE INDEX pending_win ON pending (win);
CREATE TABLE rollup (
  id INTEGER PRIMARY KEY,
  tier INTEGER NOT NULL,
  series_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  steps INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE (tier, series_id, period)
);
CREATE INDEX rollup_period ON rollup (tier, period);
`;

export const COUNTERS = [
  'compactions',
  'retentionRuns',
  'expiredSamples',
  'droppedForBudget',
  'rawFloor',
  'windowMs',
] as const;
export type CounterName = (typeof COUNTERS)[number];

export class StoreFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreFormatError';
  }
}

/**
 * Opens (creating when missing) the store file. WAL with synchronous=NORMAL: a commit is in the WAL
 * file (the OS page cache) when it returns, so it survives the process being killed at any moment;
 * only an OS crash or power loss can lose the last commits, and never corrupts the file.
 */
export function openDb(path: string, pageSize: number): Db {
  const db = new Database(path);
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      const tables = db
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .get() as number;
      if (tables > 0) throw new StoreFormatError(`${path} is an SQLite file but not a hostpulse store`);
      // Both only take effect before the first table exists.
      db.pragma(`page_size = ${pageSize}`);
      db.pragma('auto_vacuum = INCREMENTAL');
    } else if (version > SCHEMA_VERSION) {
      throw new StoreFormatError(
        `${path} has store schema ${version}; this hostpulse reads up to ${SCHEMA_VERSION}`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints run from maintain(); the automatic one is only a safety net when nobody calls it.
    db.pragma('wal_autocheckpoint = 4096');
    db.pragma(`journal_size_limit = ${8 * 1024 * 1024}`);
    // 2 MiB of page cache: the agent's working set (the hot log's tail, one window's chunks) fits,
    // and it is resident memory the agent keeps all day.
    db.pragma('cache_size = -2048');
    db.pragma('temp_store = MEMORY');
    if (version === 0) {
      db.transaction(() => {
        db.exec(SCHEMA);
        const ins = db.prepare('INSERT INTO meta (key, value) VALUES (?, 0)');
        for (const c of COUNTERS) ins.run(c);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } else if (version === 1) migrateHotTable(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Points per hotlog row written by the migration (its rows stay a few MB at most). */
const MIGRATE_ROW_POINTS = 65_536;

/**
 * Schema 1 → 2: the `hot` table (one row per point, or a packed row of one series: float64 timestamps
 * then values) becomes `hotlog` rows in the same order, in one transaction, so a kill leaves either
 * format whole.
 */
function migrateHotTable(db: Db): void {
  db.transaction(() => {
    db.exec('CREATE TABLE hotlog (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    const ins = db.prepare('INSERT INTO hotlog (data) VALUES (?)');
    const ids: number[] = [];
    const ts: number[] = [];
    const values: number[] = [];
    const flush = () => {
      if (ids.length === 0) return;
      ins.run(encodeLog(ids, ts, values, ids.length));
      ids.length = 0;
      ts.length = 0;
      values.length = 0;
    };
    const rows = db.prepare('SELECT series_id, ts, value, pack FROM hot ORDER BY seq').raw().all() as [
      number,
      number,
      number | null,
      Uint8Array | null,
    ][];
    for (const [id, t, v, pack] of rows) {
      if (pack === null) {
        ids.push(id);
        ts.push(t);
        values.push(v === null ? Number.NaN : v);
      } else {
        const f = new Float64Array(Uint8Array.from(pack).buffer);
        const m = f.length / 2;
        for (let i = 0; i < m; i++) {
          ids.push(id);
          ts.push(f[i]);
          values.push(f[m + i]);
        }
      }
      if (ids.length >= MIGRATE_ROW_POINTS) flush();
    }
    flush();
    db.exec('DROP TABLE hot');
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

export class Meta {
  private readonly add: Database.Statement<[{ key: string; value: number }]>;
  private readonly set: Database.Statement<[{ key: string; value: number }]>;
  private readonly values = new Map<CounterName, number>();

  constructor(db: Db) {
    this.add = db.prepare(
      'INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = value + @value',
    );
    this.set = db.prepare(
      'INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = @value',
    );
    for (const row of db.prepare('SELECT key, value FROM meta').all() as { key: string; value: number }[]) {
      this.values.set(row.key as CounterName, row.value);
    }
  }

  get(name: CounterName): number {
    return this.values.get(name) ?? 0;
  }

  /** Call inside the transaction whose work the counter counts, so both commit or neither. */
  bump(name: CounterName, by: number): void {
    if (by === 0) return;
    this.add.run({ key: name, value: by });
    this.values.set(name, this.get(name) + by);
  }

  put(name: CounterName, value: number): void {
    this.set.run({ key: name, value });
    this.values.set(name, value);
  }
}
