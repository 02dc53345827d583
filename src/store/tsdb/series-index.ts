// Series index: (name, sorted labels) → id, held in memory (a tick resolves hundreds of points with
// no SQL) and persisted in the `series` table. Also carries the per-series bookkeeping the head and
// compaction use: the head's points and the newest stored timestamp.

import type { Db } from './db.js';
import type { HotBuffer } from './hot-buffer.js';
import type { Selector } from './matcher.js';

export const TYPE_UNTYPED = 0;
export const TYPE_COUNTER = 1;
export const TYPE_GAUGE = 2;
export type SeriesType = 0 | 1 | 2;

export interface SeriesInfo {
  readonly id: number;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  type: SeriesType;
  /** Points in the head (hot log, not folded yet) and their timestamp range (NaN when none). */
  hotRows: number;
  hotMin: number;
  hotMax: number;
  /** The head's points of this series (null until it gets one). */
  buf: HotBuffer | null;
  /** Newest timestamp in chunks (−Infinity when none): a newer point cannot be a duplicate there. */
  storedMax: number;
  /** The window this series last marked pending, and under which Ctx.pendingEpoch. */
  pendingWin: number;
  pendingEpoch: number;
  /** Scratch of the append in progress: newest ts seen for this series in call number callGen. */
  callGen: number;
  callMax: number;
}

/**
 * Canonical text of a label set: [[name, value], …] sorted by name, as JSON. Null when a label value
 * is not a string or a name is empty.
 */
export function canonicalLabels(labels: Readonly<Record<string, string>>): string | null {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '[]';
  if (keys.length > 1) keys.sort();
  let out = '[';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = labels[k];
    if (k === '' || typeof v !== 'string') return null;
    if (i > 0) out += ',';
    out += `[${JSON.stringify(k)},${JSON.stringify(v)}]`;
  }
  return `${out}]`;
}

export function typeCode(t: 'counter' | 'gauge' | undefined): SeriesType {
  return t === 'counter' ? TYPE_COUNTER : t === 'gauge' ? TYPE_GAUGE : TYPE_UNTYPED;
}

export class SeriesIndex {
  private readonly byKey = new Map<string, SeriesInfo>();
  private readonly ids = new Map<number, SeriesInfo>();
  private readonly names = new Map<string, SeriesInfo[]>();
  private readonly insert;
  private readonly updateType;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO series (name, labels, type) VALUES (?, ?, ?)');
    this.updateType = db.prepare('UPDATE series SET type = ? WHERE id = ?');
    const rows = db.prepare('SELECT id, name, labels, type FROM series').all() as {
      id: number;
      name: string;
      labels: string;
      type: number;
    }[];
    for (const r of rows) {
      const labels = Object.fromEntries(JSON.parse(r.labels) as [string, string][]);
      this.add(r.id, r.name, r.labels, labels, r.type as SeriesType);
    }
  }

  /** Bumped whenever a series is forgotten, so caches in front of the index know to drop. */
  epoch = 0;

  get size(): number {
    return this.byKey.size;
  }

  static key(name: string, canonical: string): string {
    return `${name}\u0000${canonical}`;
  }

  get(key: string): SeriesInfo | undefined {
    return this.byKey.get(key);
  }

  byId(id: number): SeriesInfo | undefined {
    return this.ids.get(id);
  }

  all(): IterableIterator<SeriesInfo> {
    return this.ids.values();
  }

  /** Inserts a new series; call inside the append transaction. */
  create(name: string, canonical: string, type: SeriesType): SeriesInfo {
    const id = Number(this.insert.run(name, canonical, type).lastInsertRowid);
    const labels = Object.fromEntries(JSON.parse(canonical) as [string, string][]);
    return this.add(id, name, canonical, labels, type);
  }

  /** An untyped series learns its type from the first point that states one; a stated type sticks. */
  learnType(s: SeriesInfo, type: SeriesType): void {
    if (type === TYPE_UNTYPED || s.type !== TYPE_UNTYPED) return;
    this.updateType.run(type, s.id);
    s.type = type;
  }

  /** Deletes a series whose rows are all gone (retention): its row now, its memory once committed. */
  remove(s: SeriesInfo): void {
    this.deleteRow(s);
    this.forget(s);
  }

  deleteRow(s: SeriesInfo): void {
    this.db.prepare('DELETE FROM series WHERE id = ?').run(s.id);
  }

  forget(s: SeriesInfo): void {
    this.byKey.delete(SeriesIndex.key(s.name, canonicalLabels(s.labels) ?? '[]'));
    this.ids.delete(s.id);
    this.epoch++;
    const list = this.names.get(s.name);
    if (list) {
      const i = list.indexOf(s);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.names.delete(s.name);
    }
  }

  select(sel: Selector): SeriesInfo[] {
    const pool = sel.name !== null ? (this.names.get(sel.name) ?? []) : this.ids.values();
    const out: SeriesInfo[] = [];
    for (const s of pool) if (sel.matches(s.name, s.labels)) out.push(s);
    return out;
  }

  private add(
    id: number,
    name: string,
    canonical: string,
    labels: Record<string, string>,
    type: SeriesType,
  ): SeriesInfo {
    const s: SeriesInfo = {
      id,
      name,
      labels: Object.freeze(labels),
      type,
      hotRows: 0,
      hotMin: Number.NaN,
      hotMax: Number.NaN,
      buf: null,
      pendingWin: Number.NaN,
      pendingEpoch: -1,
      storedMax: Number.NEGATIVE_INFINITY,
      callGen: 0,
      callMax: 0,
    };
    this.byKey.set(SeriesIndex.key(name, canonical), s);
    this.ids.set(id, s);
    let list = this.names.get(name);
    if (!list) {
      list = [];
      this.names.set(name, list);
    }
    list.push(s);
    return s;
  }
}
