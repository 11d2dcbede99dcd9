export { philox4x32_10 } from './philox.ts';
export {
  RandomStream,
  u32At,
  uniformAt,
  uniformRangeAt,
  exponentialAt,
  normalAt,
  lognormalAt,
  weibullAt,
  bernoulliAt,
  lognormalParamsFromMeanCv,
  unitFromWords,
} from './stream.ts';
export type { MutableArrayLike } from './stream.ts';
