// node_exporter's uname collector. node_exporter asks the uname(2) syscall, which ignores
// --path.rootfs; the same strings live under /proc/sys/kernel, so reading them from `root` gives
// the running host's values when root is "/" and a fixture's values in tests.
import { machine } from 'node:os';
import type { MetricFamily } from '../../../export/family.js';
import { runCollector } from './builder.js';
import { readText, readTextIfExists } from './read.js';

export interface Uname {
  sysname: string;
  release: string;
  version: string;
  machine: string;
  nodename: string;
  domainname: string;
}

/** File contents are one value and a newline; utsname fields end at the first NUL. */
export function unameValue(text: string): string {
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  const nul = line.indexOf('\0');
  return nul === -1 ? line : line.slice(0, nul);
}

export function readUname(root: string): Uname {
  const k = `${root}/proc/sys/kernel`;
  const optional = (name: string, fallback: string) => {
    const t = readTextIfExists(`${k}/${name}`);
    return t === undefined ? fallback : unameValue(t);
  };
  return {
    sysname: optional('ostype', 'Linux'),
    release: unameValue(readText(`${k}/osrelease`)),
    version: unameValue(readText(`${k}/version`)),
    // /proc/sys/kernel/arch exists since Linux 6.1; before that only uname(2) knows, as does os.machine().
    machine: optional('arch', machine()),
    nodename: unameValue(readText(`${k}/hostname`)),
    domainname: optional('domainname', '(none)'),
  };
}

export function collectUname(root: string): MetricFamily[] {
  return runCollector('uname', (b) => {
    const u = readUname(root);
    b.add('node_uname_info', 'Labeled system information as provided by the uname system call.', 'gauge', 1, {
      domainname: u.domainname,
      machine: u.machine,
      nodename: u.nodename,
      release: u.release,
      sysname: u.sysname,
      version: u.version,
    });
  });
}
