/**
 * getModelConfig through createPlmClient versus a bare `fetch` of the same URL (same headers, body
 * parsed as JSON), both on kept-alive connections to plm-mock started here, interleaved call by
 * call so both see the same machine state. Prints per-call latency and the ratio; target ≤ 1.25x
 * on loopback. A second run adds 2 ms of latency at the mock (a LAN round trip) to show how the
 * client's fixed cost compares with a network that is not loopback.
 *
 * Run: npm run bench (not part of npm test). PLM_SDK_BENCH_ROUNDS sets the loopback rounds.
 */
import { performance } from 'node:perf_hooks';
import { startPlmMock } from '@mrp-plm/plm-mock';
import { createPlmClient } from '../src/index.js';

const WARMUP = 300;
const ROUNDS = Number(process.env['PLM_SDK_BENCH_ROUNDS'] ?? 3000);
const LATENCY_ROUNDS = Math.max(100, Math.round(ROUNDS / 6));
const TARGET = 1.25;

interface Summary {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    mean: samples.reduce((sum, x) => sum + x, 0) / samples.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
  };
}

const us = (ms: number) => `${(ms * 1000).toFixed(0).padStart(7)} µs`;

const mock = await startPlmMock({ port: 0, seed: 1, models: 50 });
try {
  const model = mock.fixtures.models[0]!;
  const plm = createPlmClient({
    baseUrl: mock.url,
    auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
    timeoutMs: 10_000,
  });
  // The peer sends what the client sends: a bearer token and an X-Request-Id.
  const tokenResponse = await fetch(`${mock.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'mrp-app',
      client_secret: 'mrp-secret',
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const url = `${mock.url}/plm/models/${model.id}/config`;
  let n = 0;
  const bareFetch = async (): Promise<unknown> => {
    const response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${token}`,
        'X-Request-Id': `bench-${++n}`,
        Accept: 'application/json',
      },
    });
    if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status}`);
    return response.json();
  };
  const viaSdk = () => plm.getModelConfig(model.id);

  async function compare(rounds: number): Promise<{ sdk: Summary; bare: Summary }> {
    const sdk: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always follows the other.
      const order = i % 2 === 0 ? [viaSdk, bareFetch] : [bareFetch, viaSdk];
      for (const run of order) {
        const start = performance.now();
        await run();
        const elapsed = performance.now() - start;
        (run === viaSdk ? sdk : bare).push(elapsed);
      }
    }
    return { sdk: summarize(sdk), bare: summarize(bare) };
  }

  function report(title: string, rounds: number, result: { sdk: Summary; bare: Summary }): number {
    const { sdk, bare } = result;
    console.log(`\n${title} (${rounds} interleaved rounds)`);
    console.log(`                          mean         p50         p90         p99`);
    console.log(`createPlmClient   ${us(sdk.mean)} ${us(sdk.p50)} ${us(sdk.p90)} ${us(sdk.p99)}`);
    console.log(
      `bare fetch        ${us(bare.mean)} ${us(bare.p50)} ${us(bare.p90)} ${us(bare.p99)}`,
    );
    const ratio = sdk.p50 / bare.p50;
    console.log(
      `ratio (client / bare fetch): p50 ${ratio.toFixed(2)}x, mean ${(sdk.mean / bare.mean).toFixed(2)}x`,
    );
    return ratio;
  }

  const size = JSON.stringify(await bareFetch()).length;
  for (let i = 0; i < WARMUP; i++) {
    await viaSdk();
    await bareFetch();
  }
  console.log(`plm-sdk bench: getModelConfig(${model.id}), ${size} bytes of JSON`);
  console.log(
    `peer: bare fetch() of the same URL + response.json(), kept-alive connection to plm-mock`,
  );
  const loopback = report('loopback', ROUNDS, await compare(ROUNDS));
  console.log(`target ≤ ${TARGET}x on loopback (p50): ${loopback <= TARGET ? 'met' : 'MISSED'}`);

  mock.faults.set({ kind: 'latency', ms: 2, route: 'getModelConfig' });
  report('with 2 ms added at the mock (LAN-like)', LATENCY_ROUNDS, await compare(LATENCY_ROUNDS));
} finally {
  await mock.close();
}
