// IPv4 routing table (/proc/net/route) and the choice of the primary interface.

export interface RouteEntry {
  iface: string;
  /** Hex fields as the kernel prints them (host byte order, e.g. 010200C0 is 192.0.2.1 on x86). */
  destination: string;
  gateway: string;
  mask: string;
  flags: number;
  metric: number;
}

export const RTF_UP = 0x0001;

/** Parses /proc/net/route; the header line and malformed lines are skipped. */
export function parseRoutes(text: string): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[0] === 'Iface') continue;
    const flags = Number.parseInt(f[3], 16);
    const metric = Number(f[6]);
    if (!Number.isFinite(flags) || !Number.isFinite(metric)) continue;
    out.push({ iface: f[0], destination: f[1], gateway: f[2], flags, metric, mask: f[7] });
  }
  return out;
}

/** Interface of the usable default route with the lowest metric (the first on ties); null if none. */
export function defaultRouteInterface(routes: RouteEntry[]): string | null {
  let best: RouteEntry | null = null;
  for (const r of routes) {
    if (r.destination !== '00000000' || r.mask !== '00000000' || (r.flags & RTF_UP) === 0) continue;
    if (best === null || r.metric < best.metric) best = r;
  }
  return best?.iface ?? null;
}
