/** Runs `body`, sampling RSS every 20 ms; returns elapsed seconds and peak RSS in MiB. */
export const measure = async <T>(
  body: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRssMiB: number }> => {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  try {
    const result = await body();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds, peakRssMiB: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
};

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Prints one comparison line: ours vs the peer, as a ratio. */
export const compare = (
  what: string,
  ours: { label: string; perSecond: number; peakRssMiB: number },
  peer: { label: string; perSecond: number; peakRssMiB: number },
  target?: number,
): void => {
  const verdict =
    target === undefined
      ? ''
      : ours.perSecond >= target
        ? `  target ${fmt(target)}/s: met`
        : `  target ${fmt(target)}/s: MISSED`;
  console.log(
    `${what}\n  ${ours.label}: ${fmt(ours.perSecond)} events/s (peak RSS ${ours.peakRssMiB.toFixed(0)} MiB)\n` +
      `  ${peer.label}: ${fmt(peer.perSecond)} events/s (peak RSS ${peer.peakRssMiB.toFixed(0)} MiB)\n` +
      `  ratio: ${(ours.perSecond / peer.perSecond).toFixed(2)}x${verdict}`,
  );
};
