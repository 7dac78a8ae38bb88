/**
 * A small seeded pseudo-random generator for the demo data: mulberry32 (32-bit state, good
 * enough spread for fake data, not for anything secret), and the draws the generator needs.
 * The same seed gives the same sequence on every machine and Node version.
 */

export interface Random {
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max], both included. */
  int: (min: number, max: number) => number;
  /** True with probability p. */
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  /** One value, drawn with the given relative weights. */
  weighted: <T>(entries: ReadonlyArray<readonly [T, number]>) => T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle: <T>(items: readonly T[]) => T[];
}

/** mulberry32: each call advances the state by a fixed odd step and scrambles it. */
const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

export const createRandom = (seed: number): Random => {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number =>
    min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) {
      throw new RangeError("pick from an empty list");
    }
    return items[int(0, items.length - 1)] as T;
  };
  const weighted = <T>(entries: ReadonlyArray<readonly [T, number]>): T => {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = next() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) {
        return value;
      }
    }
    return pick(entries)[0];
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted,
    shuffle,
  };
};

/** An independent stream for one part of the data, so parts do not shift each other. */
export const substream = (seed: number, part: number): Random =>
  createRandom((seed ^ Math.imul(part + 1, 0x9e3779b1)) >>> 0);
