/** A horizontal bar chart in plain SVG: one bar per row, the value (or its note) printed at the end. */
export function BarChart({ rows, testId, title, width = 520 }: {
  rows: { label: string; value: number; note?: string; color?: string }[]; testId?: string; title?: string; width?: number;
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const labelW = 170;
  const barH = 22;
  const gap = 6;
  const h = rows.length * (barH + gap) + gap;
  // The text alternative reads the data itself, so a screen reader gets what the bars show.
  const alt = [title, rows.map((r) => `${r.label}: ${r.note ?? r.value}`).join('; ')].filter(Boolean).join(' — ');
  return (
    <svg className="chart" width={width} height={h} viewBox={`0 0 ${width} ${h}`} role="img" aria-label={alt} data-testid={testId}>
      <title>{alt}</title>
      {rows.map((r, i) => {
        const y = gap + i * (barH + gap);
        const w = Math.max(2, ((width - labelW - 120) * r.value) / max);
        return (
          <g key={`${r.label}-${i}`}>
            <text x={labelW - 8} y={y + barH / 2 + 4} textAnchor="end" fontSize="12" fill="#344054">{r.label}</text>
            <rect x={labelW} y={y} width={w} height={barH} rx="3" fill={r.color ?? '#1d5bd6'} opacity={0.85} />
            <text x={labelW + w + 6} y={y + barH / 2 + 4} fontSize="12" fill="#344054">{r.note ?? String(r.value)}</text>
          </g>
        );
      })}
    </svg>
  );
}

/** Small hand-written SVG charts: no chart library, text comes from the caller (already translated). */

/** Horizontal bars, two series per row (e.g. demand vs free); each row is scaled to its own larger value, since rows mix units. */
export function PairBarChart(props: { rows: { label: string; a: number; b: number | null }[]; aLabel: string; bLabel: string; testId?: string }) {
  const rowH = 30;
  const labelW = 200;
  const barW = 420;
  const h = props.rows.length * rowH + 28;
  return (
    <svg width={labelW + barW + 90} height={h} role="img" aria-label={`${props.aLabel} / ${props.bLabel}`} data-testid={props.testId} className="chart">
      <g transform="translate(0, 4)">
        <rect x={labelW} y={0} width={10} height={10} fill="#e07a2f" />
        <text x={labelW + 14} y={9} fontSize={11}>{props.aLabel}</text>
        <rect x={labelW + 160} y={0} width={10} height={10} fill="#3b82c4" />
        <text x={labelW + 174} y={9} fontSize={11}>{props.bLabel}</text>
      </g>
      {props.rows.map((r, i) => {
        const y = 24 + i * rowH;
        const max = Math.max(1e-9, r.a, r.b ?? 0);
        const wa = (r.a / max) * barW;
        const wb = ((r.b ?? 0) / max) * barW;
        return (
          <g key={r.label + i} transform={`translate(0, ${y})`}>
            <text x={labelW - 8} y={15} fontSize={12} textAnchor="end">{r.label}</text>
            <rect x={labelW} y={2} width={Math.max(1, wa)} height={11} fill="#e07a2f" />
            <rect x={labelW} y={14} width={Math.max(r.b === null ? 0 : 1, wb)} height={11} fill="#3b82c4" />
            <text x={labelW + Math.max(wa, wb) + 6} y={18} fontSize={11} fill="#5b6575">{`${fmtNum(r.a)} / ${r.b === null ? '—' : fmtNum(r.b)}`}</text>
          </g>
        );
      })}
    </svg>
  );
}

/** A thin horizontal utilization bar (0–100 %). */
export function UsageBar({ percent }: { percent: number }) {
  const p = Math.max(0, Math.min(100, percent));
  const color = p >= 90 ? '#d64545' : p >= 70 ? '#e0a030' : '#34a26b';
  return (
    <svg width={120} height={10} role="img" aria-label={`${p}%`}>
      <rect x={0} y={0} width={120} height={10} rx={3} fill="#e8ecf1" />
      <rect x={0} y={0} width={(p / 100) * 120} height={10} rx={3} fill={color} />
    </svg>
  );
}

const fmtNum = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
