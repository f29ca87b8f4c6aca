/*
 * The shadow sample: which models are read from PLM in `shadow` mode. Sticky by a hash of the
 * model id (FNV-1a, 32 bits, then murmur3's finaliser) compared with the rate, so a model stays in the sample from read to
 * read and on every instance, and raising the rate only adds models (the threshold only grows).
 */

/** Whether `id` is in the sample at `rate` (0 = none, 1 = all). */
export function inSample(id: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // FNV-1a alone leaves ids that differ only in their last characters (M-1001, M-1002, …) in a
  // narrow band of hash values, so a rate of 0.2 could sample none of them; murmur3's finaliser
  // spreads them over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000 < rate;
}
