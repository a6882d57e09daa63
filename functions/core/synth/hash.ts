import { floor, imul } from './math.js';

/**
 * Stateless 32-bit hashing. Seeds for independent random streams are derived from names (so that
 * adding a local authority or an extract never shifts another stream), and per-entity
 * attributes (a child's date of birth) are hashed from the entity's key so that they agree
 * wherever the entity reappears without being stored.
 */

/** FNV-1a over a string, as an unsigned 32-bit integer. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a cheap bijective mixer with good avalanche. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a seed and two integers (each may exceed 32 bits) to an unsigned 32-bit integer. */
export function hashInts(seed: number, a: number, b = 0): number {
  const aLo = a >>> 0;
  const aHi = floor(a / 4294967296) >>> 0;
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ aLo);
  h = mix32(h ^ aHi ^ 0x632be5ab);
  return mix32(h ^ (b >>> 0));
}

/** A uniform number in [0, 1) from a 32-bit hash. */
export function unitFromHash(h: number): number {
  return (h >>> 0) / 4294967296;
}

/** Derives the seed of a named stream, e.g. `deriveSeed(1, 'la', '850', 'contacts')`. */
export function deriveSeed(seed: number, ...parts: readonly (string | number)[]): number {
  return mix32(fnv1a(`${seed}|${parts.join('|')}`));
}
