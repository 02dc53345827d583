// The one way custom points enter hostpulse: limits checked point by point (labels per series,
// label length, names), then one store transaction, so a 2xx means every accepted point is in
// the store. Every refusal is counted by reason; nothing is dropped silently.
import type { IngestConfig } from '../config/types.js';
import type { Point, Tsdb } from '../store/tsdb/tsdb.js';
import type { CustomMetrics } from './custom-metrics.js';
import { type IngestError, LABEL_NAME, METRIC_NAME } from './json.js';

export type RefusalReason =
  | 'invalid'
  | 'too_many_labels'
  | 'label_too_long'
  | 'series_limit'
  | 'duplicate'
  | 'too_old'
  /** Whole requests, not points: */
  | 'body_too_large'
  | 'rate_limited';

export interface IngestOutcome {
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Distinct new series refused because the store holds max_series already. */
  refusedSeries: number;
  errors: IngestError[];
}

const MAX_ERRORS = 20;
/** Names that passed METRIC_NAME are remembered (a regex per point costs more than a set lookup). */
const VALID_NAMES_MAX = 100_000;

type Refusal = { reason: RefusalReason; message: string };

export class Ingestor {
  private readonly refused = new Map<RefusalReason, number>();
  private readonly acceptedByFormat = new Map<string, number>();
  private readonly validNames = new Set<string>();
  /** The verdict on a frozen labels object (the line protocol parser hands the same one per tag set). */
  private readonly labelVerdicts = new WeakMap<object, Refusal | null>();

  constructor(
    private readonly store: Tsdb,
    private readonly custom: CustomMetrics,
    private readonly limits: IngestConfig,
  ) {}

  /**
   * Stores the points that pass the limits. `parseRejected`/`parseErrors` carry what the
   * format's parser already refused, so the answer counts everything.
   */
  ingest(
    format: string,
    points: readonly Point[],
    parseRejected = 0,
    parseErrors: IngestError[] = [],
  ): IngestOutcome {
    const errors = parseErrors.slice(0, MAX_ERRORS);
    let rejected = parseRejected;
    if (parseRejected > 0) this.count('invalid', parseRejected);
    /** Null while every point passed: the caller's array goes to the store as it is. */
    let ok: Point[] | null = null;
    // A parser's points of one line share one labels object: its labels are checked once.
    let lastLabels: Record<string, string> | null = null;
    let labelsWhy: Refusal | null = null;
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      let why: Refusal | null;
      if (!this.nameOk(p.name)) why = { reason: 'invalid', message: `invalid metric name "${p.name}"` };
      else if (!Number.isFinite(p.ts)) why = { reason: 'invalid', message: 'invalid timestamp' };
      else {
        if (p.labels !== lastLabels) {
          lastLabels = p.labels;
          labelsWhy = this.checkLabels(p.labels);
        }
        why = labelsWhy;
      }
      if (why === null) {
        ok?.push(p);
        continue;
      }
      ok ??= points.slice(0, i);
      rejected++;
      this.count(why.reason, 1);
      if (errors.length < MAX_ERRORS) errors.push({ field: p.name, message: why.message });
    }
    const good = ok ?? points;
    const res =
      good.length > 0
        ? this.store.append(good)
        : { accepted: 0, duplicates: 0, refusedSeries: 0, refusedPoints: 0, tooOld: 0, invalid: 0 };
    const note = (reason: RefusalReason, n: number, message: string) => {
      if (n === 0) return;
      this.count(reason, n);
      rejected += n;
      if (errors.length < MAX_ERRORS)
        errors.push({ field: reason === 'series_limit' ? 'series' : 'points', message });
    };
    note(
      'series_limit',
      res.refusedPoints,
      `${res.refusedSeries} new series refused: the store holds max_series already (existing series keep flowing)`,
    );
    note('too_old', res.tooOld, `${res.tooOld} points older than the raw retention were not stored`);
    note('invalid', res.invalid, `${res.invalid} points with an invalid value or timestamp were not stored`);
    if (res.duplicates > 0) this.count('duplicate', res.duplicates);
    if (res.accepted > 0) {
      this.acceptedByFormat.set(format, (this.acceptedByFormat.get(format) ?? 0) + res.accepted);
      this.custom.record(good);
    }
    return {
      accepted: res.accepted,
      rejected,
      duplicates: res.duplicates,
      refusedSeries: res.refusedSeries,
      errors,
    };
  }

  /** Counts a refusal that never reached ingest() (a body too large, an undecodable payload). */
  countRefusal(reason: RefusalReason, n = 1): void {
    this.count(reason, n);
  }

  stats(): { accepted: Record<string, number>; refused: Record<string, number> } {
    return { accepted: Object.fromEntries(this.acceptedByFormat), refused: Object.fromEntries(this.refused) };
  }

  private count(reason: RefusalReason, n: number): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + n);
  }

  private nameOk(name: string): boolean {
    if (this.validNames.has(name)) return true;
    if (typeof name !== 'string' || !METRIC_NAME.test(name)) return false;
    if (this.validNames.size >= VALID_NAMES_MAX) this.validNames.clear();
    this.validNames.add(name);
    return true;
  }

  private checkLabels(labels: Record<string, string>): Refusal | null {
    if (!Object.isFrozen(labels)) return this.labelsRefusal(labels);
    let why = this.labelVerdicts.get(labels);
    if (why === undefined) {
      why = this.labelsRefusal(labels);
      this.labelVerdicts.set(labels, why);
    }
    return why;
  }

  private labelsRefusal(labels: Record<string, string>): Refusal | null {
    let n = 0;
    for (const k in labels) {
      n++;
      if (!LABEL_NAME.test(k)) return { reason: 'invalid', message: `invalid label name "${k}"` };
      if (labels[k].length > this.limits.maxLabelLength)
        return {
          reason: 'label_too_long',
          message: `label ${k} is ${labels[k].length} characters, more than max_label_length ${this.limits.maxLabelLength}`,
        };
    }
    if (n > this.limits.maxLabels)
      return {
        reason: 'too_many_labels',
        message: `${n} labels, more than max_labels ${this.limits.maxLabels}`,
      };
    return null;
  }
}
