// Child process of crash.test.ts: appends numbered batches to a store and prints `ack <id>` only
// after append() returned; in `compact` mode every batch closes a 1 h window and the child prints
// `compacting <id>` before running maintenance to the end, then `maintained <id>`. The parent kills it
// with SIGKILL at a random moment. Stdout on a pipe is synchronous on Linux, so a printed line was
// written before the next statement ran.
//
//   node --import tsx test/store/tsdb/crash-child.ts <db path> write|compact

import { Tsdb } from '../../../src/store/tsdb/tsdb.js';
import { crashBatch, crashOptions } from './crash-data.js';

const [path, mode] = process.argv.slice(2);
if (!path || (mode !== 'write' && mode !== 'compact')) {
  process.stderr.write('usage: crash-child.ts <db> write|compact\n');
  process.exit(2);
}
let clock = 0;
const db = Tsdb.open({ ...crashOptions(path, mode), now: () => clock });
for (let id = 0; ; id++) {
  const batch = crashBatch(id, mode);
  clock = batch.newest + 1;
  db.append(batch.points);
  process.stdout.write(`ack ${id}\n`);
  if (mode === 'compact') {
    process.stdout.write(`compacting ${id}\n`);
    while (db.maintain().more) {
      // Runs fold, compaction and rollups of the window this batch closed.
    }
    process.stdout.write(`maintained ${id}\n`);
  }
}
