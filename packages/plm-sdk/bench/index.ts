/**
 * getModelConfig through createPlmClient versus a bare `fetch` of the same URL (same headers, body
 * parsed as JSON), both on kept-alive connections to one plm-mock, interleaved call by call so all
 * see the same machine state. The mock runs in a child process of its own (see mockProcess.ts), as
 * PLM would: in the bench's own process the client's CPU work would delay the mock's responses and
 * its latency timers, and count twice. Prints per-call latency and the ratios, on loopback and
 * with 2 ms of latency added at the mock, side by side at the end: targets ≤ 1.5x bare fetch on
 * loopback and ≤ 1.05x with the 2 ms (p50).
 *
 * Between the two it measures, in the same interleaved rounds, each layer the client is built from,
 * so the cost of each shows as a step: ky alone, the generated ky client without validation, and
 * the generated SDK function plus the contract's one validation (`validateWire`: the compiled ajv
 * check, zod only on failure), as the client does it. The steps are what
 * the contract-first design costs per call; what is left above the last one is this package's own
 * layer (correlation id, deadline, token, header checks, errors).
 *
 * The second run adds 2 ms of latency at the mock (a LAN round trip) to show how the client's fixed
 * cost compares with a network that is not loopback.
 *
 * Run: npm run bench (not part of npm test). PLM_SDK_BENCH_ROUNDS sets the loopback rounds;
 * PLM_SDK_BENCH_MOCK=in-process starts the mock in this process instead (the old setup, to compare).
 */
import { performance } from 'node:perf_hooks';
import { startPlmMock } from '@mrp-plm/plm-mock';
import type { Fault } from '@mrp-plm/plm-mock';
import { modelConfigSchema, validateWire } from '@mrp-plm/contract';
import ky from 'ky';
import { createPlmClient } from '../src/index.js';
import { getModelConfig } from '../src/generated/sdk.gen.js';
import { createGeneratedClient } from '../src/internal/createGeneratedClient.js';
import { startMockProcess } from './mockProcess.js';
import type { MockProcess } from './mockProcess.js';

const WARMUP = 300;
const ROUNDS = Number(process.env['PLM_SDK_BENCH_ROUNDS'] ?? 3000);
const LATENCY_ROUNDS = Math.max(100, Math.round(ROUNDS / 6));
const TARGET_LOOPBACK = 1.5;
const TARGET_LATENCY = 1.05;

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

/** The generated client resolves to `{ error }` instead of throwing: a layer that failed must not be timed. */
function checked(result: { data?: unknown; error?: unknown }): unknown {
  if (result.error !== undefined)
    throw new Error(`bench layer failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

interface Layer {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

const us = (ms: number) => `${(ms * 1000).toFixed(0).padStart(7)} µs`;

const IN_PROCESS = process.env['PLM_SDK_BENCH_MOCK'] === 'in-process';

/** plm-mock in this process, behind the same interface as the child process. */
async function startMockHere(): Promise<MockProcess> {
  const mock = await startPlmMock({ port: 0, seed: 1, models: 50 });
  return {
    url: mock.url,
    modelId: mock.fixtures.models[0]!.id,
    setFaults: (faults: readonly Fault[]) => {
      mock.faults.clear();
      if (faults.length > 0) mock.faults.set(faults);
      return Promise.resolve();
    },
    close: () => mock.close(),
  };
}

const mock = IN_PROCESS ? await startMockHere() : await startMockProcess();
try {
  const model = { id: mock.modelId };
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
  // The layers the client is made of, each configured as createPlmClient configures it.
  const generated = createGeneratedClient({
    baseUrl: mock.url,
    userAgent: undefined,
    fetch: undefined,
  });
  const sdkHeaders = () => ({ Authorization: `Bearer ${token}`, 'X-Request-Id': `bench-${++n}` });
  // The client always sends a signal (its deadline), which takes its own path through ky (see
  // createGeneratedClient); so do the layers below, each with a signal of its own that never fires.
  const signal = () => new AbortController().signal;
  const layers: readonly Layer[] = [
    { name: 'bare fetch (peer)', run: bareFetch },
    {
      name: '+ ky',
      run: () =>
        ky
          .get(url, {
            headers: { ...sdkHeaders(), Accept: 'application/json' },
            retry: 0,
            timeout: false,
          })
          .json(),
    },
    {
      name: '+ generated client',
      run: async () =>
        checked(
          await generated.get({
            url: '/plm/models/{modelId}/config',
            path: { modelId: model.id },
            headers: sdkHeaders(),
            signal: signal(),
          }),
        ),
    },
    {
      name: '+ validation',
      run: async () => {
        const data = checked(
          await getModelConfig({
            client: generated,
            path: { modelId: model.id },
            headers: sdkHeaders(),
            signal: signal(),
            security: undefined, // the client sets Authorization itself (see CallRunner)
          }),
        );
        const result = validateWire(modelConfigSchema, data);
        if (!result.success) throw new Error('bench: the mock broke the contract');
        return result.data;
      },
    },
    { name: 'createPlmClient', run: () => plm.getModelConfig(model.id) },
  ];

  async function compare(rounds: number, runs: readonly Layer[]): Promise<Summary[]> {
    const samples = runs.map((): number[] => []);
    for (let i = 0; i < rounds; i++) {
      // Rotate which goes first, so none always follows another.
      for (let k = 0; k < runs.length; k++) {
        const index = (i + k) % runs.length;
        const start = performance.now();
        await runs[index]!.run();
        samples[index]!.push(performance.now() - start);
      }
    }
    return samples.map(summarize);
  }

  function report(
    title: string,
    rounds: number,
    runs: readonly Layer[],
    result: Summary[],
  ): number {
    const bare = result[0]!;
    console.log(`\n${title} (${rounds} interleaved rounds)`);
    console.log(`                          mean         p50         p90         p99   p50 / bare`);
    runs.forEach((layer, i) => {
      const s = result[i]!;
      console.log(
        `${layer.name.padEnd(18)}${us(s.mean)} ${us(s.p50)} ${us(s.p90)} ${us(s.p99)}   ${(s.p50 / bare.p50).toFixed(2)}x`,
      );
    });
    const client = result[result.length - 1]!;
    const ratio = client.p50 / bare.p50;
    console.log(
      `ratio (createPlmClient / bare fetch): p50 ${ratio.toFixed(2)}x, mean ${(client.mean / bare.mean).toFixed(2)}x`,
    );
    return ratio;
  }

  const size = JSON.stringify(await bareFetch()).length;
  for (let i = 0; i < WARMUP; i++) for (const layer of layers) await layer.run();
  console.log(`plm-sdk bench: getModelConfig(${model.id}), ${size} bytes of JSON`);
  console.log(
    `peer: bare fetch() of the same URL + response.json(), kept-alive connection to plm-mock ` +
      (IN_PROCESS ? '(in this process)' : '(in a child process)'),
  );
  const loopbackResult = await compare(ROUNDS, layers);
  const loopback = report('loopback', ROUNDS, layers, loopbackResult);

  await mock.setFaults([{ kind: 'latency', ms: 2, route: 'getModelConfig' }]);
  const ends = [layers[0]!, layers[layers.length - 1]!];
  const latencyResult = await compare(LATENCY_ROUNDS, ends);
  const latency = report(
    'with 2 ms added at the mock (LAN-like)',
    LATENCY_ROUNDS,
    ends,
    latencyResult,
  );

  // Both runs side by side: createPlmClient against bare fetch, p50.
  const verdict = (ratio: number, target: number) => (ratio <= target ? 'met' : 'MISSED');
  console.log(
    '\ncreatePlmClient vs bare fetch, p50     bare fetch   createPlmClient   ratio   target',
  );
  console.log(
    `loopback                          ${us(loopbackResult[0]!.p50)}        ${us(loopbackResult[layers.length - 1]!.p50)}   ${loopback.toFixed(2)}x   ≤ ${TARGET_LOOPBACK}x ${verdict(loopback, TARGET_LOOPBACK)}`,
  );
  console.log(
    `+2 ms latency                     ${us(latencyResult[0]!.p50)}        ${us(latencyResult[1]!.p50)}   ${latency.toFixed(2)}x   ≤ ${TARGET_LATENCY}x ${verdict(latency, TARGET_LATENCY)}`,
  );
} finally {
  await mock.close();
}
