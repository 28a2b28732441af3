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
