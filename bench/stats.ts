// Timing and the small statistics the harness reports: medians (robust to a stray GC or a
// neighbour process on a shared machine) and geometric means (the right average for ratios).

export function nowMs(): number {
  return performance.now();
}

/** Milliseconds taken by `body()`, and what it returned. */
export function timeOnce<T>(body: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = body();
  return { ms: performance.now() - start, value };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function geometricMean(values: readonly number[]): number {
  const positive = values.filter((value) => Number.isFinite(value) && value > 0);
  if (positive.length === 0) return Number.NaN;
  return Math.exp(positive.reduce((sum, value) => sum + Math.log(value), 0) / positive.length);
}

/** A duration given in nanoseconds, in the unit that keeps 3–4 significant digits readable. */
export function formatDuration(nanoseconds: number): string {
  if (!Number.isFinite(nanoseconds)) return "—";
  if (nanoseconds < 1e3) return `${nanoseconds.toFixed(nanoseconds < 10 ? 2 : 1)} ns`;
  if (nanoseconds < 1e6) return `${(nanoseconds / 1e3).toFixed(nanoseconds < 1e4 ? 2 : 1)} µs`;
  if (nanoseconds < 1e9) return `${(nanoseconds / 1e6).toFixed(nanoseconds < 1e7 ? 2 : 1)} ms`;
  return `${(nanoseconds / 1e9).toFixed(2)} s`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "—";
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}×`;
}

/** Renders rows as a plain-text table; columns are left-aligned unless listed in `rightAligned`. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}
