/** Median and range of a bench's repeated measurements (the median of an even count is the upper middle one: a value measured, not interpolated). */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(xs: number[]): Spread {
  const sorted = [...xs].sort((x, y) => x - y);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}
