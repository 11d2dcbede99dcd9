/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and in greyscale print
 * when paired with dash patterns. Yellow (#F0E442) is left out: too light on white.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

/** Series colours in order; repeats after seven. */
export const SERIES_COLORS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.green,
  OKABE_ITO.orange,
  OKABE_ITO.purple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
];

/** Dash patterns that go with `SERIES_COLORS`, so series stay apart without colour. */
export const SERIES_DASHES: readonly (string | undefined)[] = [undefined, '6 3', '2 2', '8 3 2 3', '1 3', '10 4', '4 2 1 2'];

export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length]!;
}

export function seriesDash(i: number): string | undefined {
  return SERIES_DASHES[((i % SERIES_DASHES.length) + SERIES_DASHES.length) % SERIES_DASHES.length];
}

/** Fixed colours per delivery priority, the same in every chart and table. */
export const PRIORITY_COLORS = { high: OKABE_ITO.vermillion, medium: OKABE_ITO.green, low: OKABE_ITO.blue } as const;
export const PRIORITY_DASHES = { high: undefined, medium: '6 3', low: '2 2' } as const;
