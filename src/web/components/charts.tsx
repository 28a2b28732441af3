/** A horizontal bar chart in plain SVG: one bar per row, the value printed at the end. */
export function BarChart({ rows, testId, width = 520 }: { rows: { label: string; value: number; note?: string }[]; testId?: string; width?: number }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const labelW = 170;
  const barH = 22;
  const gap = 6;
  const h = rows.length * (barH + gap) + gap;
  return (
    <svg className="chart" width={width} height={h} viewBox={`0 0 ${width} ${h}`} role="img" data-testid={testId}>
      {rows.map((r, i) => {
        const y = gap + i * (barH + gap);
        const w = Math.max(2, ((width - labelW - 120) * r.value) / max);
        return (
          <g key={`${r.label}-${i}`}>
            <text x={labelW - 8} y={y + barH / 2 + 4} textAnchor="end" fontSize="12" fill="#344054">{r.label}</text>
            <rect x={labelW} y={y} width={w} height={barH} rx="3" fill="#1d5bd6" opacity={0.85} />
            <text x={labelW + w + 6} y={y + barH / 2 + 4} fontSize="12" fill="#344054">{r.note ?? String(r.value)}</text>
          </g>
        );
      })}
    </svg>
  );
}
