// Converts Prometheus 0.0.4 text (as prom-client renders it) to OpenMetrics 1.0 text: counter
// families lose their _total suffix in HELP/TYPE, untyped becomes unknown. (prom-client's own
// OpenMetrics registry renames counters in place, which would break the plain registry.)

export function promTextToOpenMetrics(text: string): string {
  const lines = text.split('\n');
  const counters = new Set<string>();
  for (const l of lines) {
    if (l.startsWith('# TYPE ') && l.endsWith(' counter')) counters.add(l.slice(7, -8));
  }
  let out = '';
  for (const l of lines) {
    if (l === '') continue;
    if (l.startsWith('# HELP ') || l.startsWith('# TYPE ')) {
      const rest = l.slice(7);
      const sp = rest.indexOf(' ');
      const name = sp < 0 ? rest : rest.slice(0, sp);
      const tail = sp < 0 ? '' : rest.slice(sp);
      if (counters.has(name)) {
        out += name.endsWith('_total')
          ? `${l.slice(0, 7)}${name.slice(0, -6)}${tail}\n`
          : `${l.slice(0, 7)}${name}${l.startsWith('# TYPE ') ? ' unknown' : tail}\n`;
        continue;
      }
      if (l.startsWith('# TYPE ') && tail === ' untyped') {
        out += `# TYPE ${name} unknown\n`;
        continue;
      }
    }
    out += `${l}\n`;
  }
  return out;
}
