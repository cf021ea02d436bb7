/** bench:peers plot: warm p50 by query, one panel per corpus size, log-scale bars, hand-written SVG. */
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

/** panels: [{count, queries: string[], systems: string[], p50(system, query) → ms | undefined}] */
export function renderSvg(panels) {
  const all = panels.flatMap((p) => p.queries.flatMap((q) => p.systems.map((s) => p.p50(s, q)))).filter((x) => Number.isFinite(x) && x > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(0.01, ...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(10, ...all)));
  const labelW = 210, plotW = 620, barH = 6, gap = 8;
  const width = labelW + plotW + 40;
  const x = (ms) => labelW + (plotW * (Math.log10(ms) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo));
  const out = [];
  let y = 40;
  for (const p of panels) {
    out.push(`<text x="10" y="${y}" font-weight="bold">${p.count.toLocaleString('en')} records: warm p50 latency (ms, log scale)</text>`);
    y += 14;
    const top = y;
    for (const q of p.queries) {
      out.push(`<text x="${labelW - 6}" y="${y + (barH * p.systems.length) / 2 + 4}" text-anchor="end">${esc(q)}</text>`);
      p.systems.forEach((s, i) => {
        const v = p.p50(s, q);
        if (Number.isFinite(v) && v > 0) out.push(`<rect x="${labelW}" y="${y}" width="${Math.max(1, x(v) - labelW).toFixed(1)}" height="${barH - 1}" fill="${COLORS[i]}"><title>${esc(s)} ${esc(q)}: ${v.toFixed(2)} ms</title></rect>`);
        else out.push(`<text x="${labelW + 2}" y="${y + barH - 1}" font-size="7" fill="${COLORS[i]}">n/a</text>`);
        y += barH;
      });
      y += gap;
    }
    for (let d = lo; d <= hi; d *= 10) {
      out.push(`<line x1="${x(d).toFixed(1)}" y1="${top - 4}" x2="${x(d).toFixed(1)}" y2="${y}" stroke="#ccc" stroke-width="0.5"/>`,
        `<text x="${x(d).toFixed(1)}" y="${y + 10}" text-anchor="middle" font-size="9">${d >= 1 ? d : d.toFixed(Math.round(-Math.log10(d)))}</text>`);
    }
    y += 34;
  }
  const legend = panels[0]?.systems.map((s, i) => `<rect x="${10 + i * 170}" y="8" width="10" height="10" fill="${COLORS[i]}"/><text x="${24 + i * 170}" y="17">${esc(s)}</text>`).join('') ?? '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" font-family="sans-serif" font-size="10">\n<rect width="100%" height="100%" fill="white"/>\n${legend}\n${out.join('\n')}\n</svg>\n`;
}
