/** A small horizontal bar chart in SVG: one bar per item, value label at the end. */
export function BarChart({ items, title, testId }: { items: { label: string; value: number; text: string; color?: string }[]; title: string; testId?: string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const rowH = 30;
  const labelW = 130;
  const width = 560;
  const barMax = width - labelW - 130;
  return (
    <svg role="img" aria-label={title} width="100%" viewBox={`0 0 ${width} ${items.length * rowH + 8}`} data-testid={testId} style={{ maxWidth: width }}>
      <title>{title}</title>
      {items.map((it, i) => {
        const w = Math.max(it.value > 0 ? 2 : 0, (it.value / max) * barMax);
        const y = i * rowH + 4;
        return (
          <g key={it.label}>
            <text x={0} y={y + 17} fontSize={13} fill="#4a5568">{it.label}</text>
            <rect x={labelW} y={y + 4} width={w} height={rowH - 10} rx={3} fill={it.color ?? '#3b6fd8'} />
            <text x={labelW + w + 8} y={y + 17} fontSize={13} fill="#1a202c">{it.text}</text>
          </g>
        );
      })}
    </svg>
  );
}
