// What the HTTP routes may see of the running agent: read-only accessors, no collector internals.
import type { Inventory } from '../collect/inventory.js';
import type { HostSample } from '../collect/sample.js';
import type { Tsdb } from '../store/tsdb/tsdb.js';
import type { FlatSample } from '../views/flat.js';

export interface AgentView {
  readonly host: string;
  readonly version: string;
  inventory(): Inventory;
  latest(): HostSample | null;
  latestFlat(): FlatSample | null;
  /** Flat samples with ts_unix ≥ sinceSec, oldest first. */
  range(sinceSec: number): FlatSample[];
  /** The history store (queries, series listing). */
  store(): Tsdb;
  /** Detailed health: ticker, collectors, csv, ring. */
  health(): Record<string, unknown>;
}
