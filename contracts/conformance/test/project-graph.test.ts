import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { binDir, repoRoot } from './paths.js';

const run = promisify(execFile);

/**
 * The dependency direction of DESIGN.md, for runtime dependencies. `plm-mock` is a test server:
 * any package may use it in its tests (as a devDependency), none may ship with it.
 */
const allowedRuntime: Record<string, readonly string[]> = {
  // The contract vocabulary is the leaf every contract-aware package builds on.
  '@mrp-plm/contract': [],
  '@mrp-plm/plm-sdk': ['@mrp-plm/contract'],
  '@mrp-plm/resilience': [],
  // The mock's MRP-side fixtures have the adapter's MRP table shapes (the adapter owns them), and
  // its `clock` option is resilience's `Clock` (the one clock type; the mock is a test tool).
  '@mrp-plm/plm-mock': ['@mrp-plm/contract', '@mrp-plm/adapter', '@mrp-plm/resilience'],
  '@mrp-plm/adapter': ['@mrp-plm/contract'],
  '@mrp-plm/metrics': ['@mrp-plm/resilience'],
  '@mrp-plm/mrp-integration': [
    '@mrp-plm/contract',
    '@mrp-plm/plm-sdk',
    '@mrp-plm/adapter',
    '@mrp-plm/resilience',
    '@mrp-plm/metrics',
  ],
};
const testOnly = new Set(['@mrp-plm/plm-mock']);
/**
 * Further test-only edges (devDependencies, never shipped): packages whose tests drive time with
 * resilience's `createTestClock`, the monorepo's one test clock. The SDK does not ship with
 * resilience (see DESIGN.md, "One owner per concept").
 */
const allowedDev: Record<string, readonly string[]> = {
  '@mrp-plm/plm-sdk': ['@mrp-plm/resilience'],
};

interface GraphFile {
  graph: { dependencies: Record<string, Array<{ source: string; target: string }>> };
}

async function runtimeDependencies(project: string): Promise<string[]> {
  const dir = project.replace('@mrp-plm/', '');
  const manifest = JSON.parse(
    await readFile(join(repoRoot, 'packages', dir, 'package.json'), 'utf8'),
  ) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
  return Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter((d) =>
    d.startsWith('@mrp-plm/'),
  );
}

test('the nx project graph follows the dependency direction of DESIGN.md', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'nx-graph-'));
  try {
    const file = join(scratch, 'graph.json');
    await run(`${binDir}/nx`, ['graph', `--file=${file}`], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    const { graph } = JSON.parse(await readFile(file, 'utf8')) as GraphFile;

    for (const [project, allowed] of Object.entries(allowedRuntime)) {
      const edges = (graph.dependencies[project] ?? []).map((e) => e.target);
      const dev = allowedDev[project] ?? [];
      const unexpected = edges.filter(
        (t) => !allowed.includes(t) && !testOnly.has(t) && !dev.includes(t),
      );
      expect(unexpected, `${project} depends on ${unexpected.join(', ')}`).toEqual([]);
      const runtime = await runtimeDependencies(project);
      const forbidden = runtime.filter((t) => !allowed.includes(t));
      expect(forbidden, `${project} ships with ${forbidden.join(', ')}`).toEqual([]);
    }
    // No cycle through any edge, dev edges included (they order nx's builds too): e.g. plm-mock
    // imports the adapter's MRP table shapes, so the adapter's tests may not use plm-mock.
    const ours = (name: string) => name.startsWith('@mrp-plm/');
    const cycles: string[] = [];
    const visit = (node: string, path: readonly string[]): void => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        return;
      }
      for (const edge of graph.dependencies[node] ?? []) {
        if (ours(edge.target) && cycles.length < 5) visit(edge.target, [...path, node]);
      }
    };
    for (const project of Object.keys(graph.dependencies).filter(ours)) visit(project, []);
    expect(cycles).toEqual([]);
    expect(Object.keys(graph.dependencies).sort()).toEqual(
      expect.arrayContaining(Object.keys(allowedRuntime)),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
