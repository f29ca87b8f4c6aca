/*
 * The shadow sample: which models are read from PLM in `shadow` mode. Sticky by a hash of the
 * model id (FNV-1a, 32 bits) compared with the rate, so a model stays in the sample from read to
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
  return h / 0x1_0000_0000 < rate;
}
