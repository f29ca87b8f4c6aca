import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { binDir, repoRoot } from '../paths.js';

const run = promisify(execFile);

/**
 * One published package as a consumer uses it: a small program per module kind, run against
 * plm-mock. Programs are TypeScript; they get the mock's base URL as `process.argv[2]`, must exit
 * with code 0 on success and may print what they did.
 */
export interface PackedConsumerEntry {
  /** The workspace package to pack, e.g. `@mrp-plm/plm-sdk`. */
  readonly packageName: string;
  /**
   * The program of an ESM consumer (`"type": "module"`, `import … from`). Type-checked under
   * `moduleResolution` `nodenext` and `bundler`, run by Node, and bundled by esbuild and run alone.
   */
  readonly esm: string;
  /**
   * The program of a CommonJS consumer (`import x = require('…')`, compiled to `require`).
   * Type-checked under `nodenext`, run by Node.
   */
  readonly cjs: string;
  /**
   * Files the bundled program needs at run time, as paths under the ESM consumer's `node_modules`
   * (e.g. `@mrp-plm/plm-mock/dist/plm.v1.yaml`); copied beside the bundle, as a user's build would.
   * @default none
   */
  readonly bundleAssets?: readonly string[];
  /** Extra esbuild arguments for the bundle, as the package's README tells bundler users. @default none */
  readonly bundleArgs?: readonly string[];
}

/** What a consumer program printed, per way it was run. */
export interface ConsumerRuns {
  readonly esm: string;
  readonly cjs: string;
  readonly bundled: string;
}

/** The throwaway projects, made once by {@link preparePackedConsumers}. */
export interface PackedConsumers {
  /** Type-checks every program with `skipLibCheck: false`; rejects with tsc's output. */
  typecheck(): Promise<void>;
  /** Runs every way of one entry's programs against `baseUrl`; rejects with the program's output. */
  run(packageName: string, baseUrl: string): Promise<ConsumerRuns>;
  /** Removes the temporary directory. */
  dispose(): Promise<void>;
}

interface WorkspaceManifest {
  readonly name: string;
  readonly private?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const WORKSPACE_DIRS = ['packages', 'contracts'];

async function workspaceManifests(): Promise<
  Map<string, { dir: string; manifest: WorkspaceManifest }>
> {
  const found = new Map<string, { dir: string; manifest: WorkspaceManifest }>();
  for (const parent of WORKSPACE_DIRS) {
    for (const entry of await readdir(join(repoRoot, parent), { withFileTypes: true })) {
      const file = join(repoRoot, parent, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const manifest = JSON.parse(await readFile(file, 'utf8')) as WorkspaceManifest;
      found.set(manifest.name, { dir: join(repoRoot, parent, entry.name), manifest });
    }
  }
  return found;
}

/** The packages to pack: the entries' packages and every workspace package they depend on. */
function closure(
  names: readonly string[],
  workspaces: Map<string, { dir: string; manifest: WorkspaceManifest }>,
): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const workspace = workspaces.get(name);
    if (workspace === undefined) throw new Error(`${name} is not a workspace package`);
    seen.add(name);
    const deps = { ...workspace.manifest.dependencies, ...workspace.manifest.peerDependencies };
    for (const dep of Object.keys(deps)) if (workspaces.has(dep)) visit(dep);
  };
  names.forEach(visit);
  return [...seen];
}

async function pack(dir: string, destination: string): Promise<string> {
  if (!existsSync(join(dir, 'dist'))) {
    throw new Error(`${dir} has no dist/: build it first (nx runs ^build before this test)`);
  }
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    {
      cwd: dir,
    },
  );
  const [result] = JSON.parse(stdout) as [{ filename: string }];
  return join(destination, result.filename);
}

/**
 * `npm install` from the local tarballs only: the packages' own registry dependencies (ky, zod, …)
 * come from npm's cache when it has them (`--prefer-offline`), and nothing else is fetched.
 */
async function install(
  dir: string,
  type: 'module' | 'commonjs',
  tarballs: string[],
): Promise<void> {
  const dependencies = Object.fromEntries(tarballs.map((file, i) => [`tarball-${i}`, file]));
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `consumer-${type}`, private: true, type }, null, 2)}\n`,
  );
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--no-package-lock',
      '--loglevel=error',
      ...Object.values(dependencies),
    ],
    { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
  );
}

function fileName(packageName: string): string {
  return packageName.replace(/^@/, '').replace(/[^a-z0-9]+/gi, '-');
}

function compilerOptions(resolution: 'nodenext' | 'bundler'): Record<string, unknown> {
  return {
    ...(resolution === 'nodenext'
      ? { module: 'nodenext', moduleResolution: 'nodenext' }
      : { module: 'esnext', moduleResolution: 'bundler' }),
    target: 'es2022',
    // DOM only for `Storage`: effect >= 4.1.5 (resilience's dependency) reaches its
    // persistence/KeyValueStore declarations from its root, and they name the Web Storage type,
    // which @types/node 20 lacks (see resilience's README, "Type-checking").
    lib: ['es2023', 'dom'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
    // The consumer gets Node's types the way a real project does; taken from the repository so the
    // test needs no extra download.
    typeRoots: [join(repoRoot, 'node_modules/@types')],
  };
}

async function tsc(dir: string, project: string): Promise<void> {
  try {
    await run(join(binDir, 'tsc'), ['-p', project], { cwd: dir });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p ${project} in ${dir} failed:\n${stdout}${stderr}`);
  }
}

async function esbuild(dir: string, args: string[]): Promise<void> {
  try {
    await run(join(binDir, 'esbuild'), [...args, '--log-level=warning'], { cwd: dir });
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`esbuild ${args.join(' ')} in ${dir} failed:\n${stderr}`);
  }
}

async function node(dir: string, file: string, baseUrl: string): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [file, baseUrl], {
      cwd: dir,
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '' },
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`node ${file} in ${dir} failed:\n${stdout}${stderr}`);
  }
}

/**
 * Packs every entry's package (and the workspace packages it depends on) once, and installs all
 * tarballs into one throwaway ESM project and one CommonJS project in a temporary directory. Each
 * entry's programs are written there; the ESM one is also bundled by esbuild into a directory with
 * no `node_modules`, so the bundle must carry everything it needs.
 *
 * Adding a package is one more entry: `preparePackedConsumers([sdkEntry, adapterEntry])`.
 */
export async function preparePackedConsumers(
  entries: readonly PackedConsumerEntry[],
): Promise<PackedConsumers> {
  const root = await mkdtemp(join(tmpdir(), 'mrp-plm-packed-'));
  try {
    const workspaces = await workspaceManifests();
    const names = closure(
      entries.map((entry) => entry.packageName),
      workspaces,
    );
    const tarballDir = join(root, 'tarballs');
    await mkdir(tarballDir);
    const tarballs = await Promise.all(
      names.map((name) => pack(workspaces.get(name)!.dir, tarballDir)),
    );

    const esmDir = join(root, 'esm');
    const cjsDir = join(root, 'cjs');
    const bundleDir = join(root, 'bundled');
    await Promise.all([mkdir(esmDir), mkdir(cjsDir), mkdir(bundleDir)]);
    await Promise.all([install(esmDir, 'module', tarballs), install(cjsDir, 'commonjs', tarballs)]);

    for (const entry of entries) {
      const base = fileName(entry.packageName);
      await writeFile(join(esmDir, `${base}.ts`), entry.esm);
      await writeFile(join(cjsDir, `${base}.ts`), entry.cjs);
    }
    const esmFiles = entries.map((entry) => `${fileName(entry.packageName)}.ts`);
    // One nodenext program over both consumers (each file's module kind comes from its own
    // package.json), one bundler program over the ESM one: Node's types are checked twice, not three
    // times.
    await writeFile(
      join(root, 'tsconfig.nodenext.json'),
      JSON.stringify({
        compilerOptions: compilerOptions('nodenext'),
        files: esmFiles.flatMap((file) => [`esm/${file}`, `cjs/${file}`]),
      }),
    );
    await writeFile(
      join(root, 'tsconfig.bundler.json'),
      JSON.stringify({
        compilerOptions: compilerOptions('bundler'),
        files: esmFiles.map((file) => `esm/${file}`),
      }),
    );
    // esbuild processes are independent: run them side by side.
    await Promise.all(
      entries.flatMap((entry) => {
        const file = `${fileName(entry.packageName)}.ts`;
        const out = file.replace(/\.ts$/, '');
        return [
          esbuild(esmDir, [file, '--format=esm', '--platform=node', `--outfile=${out}.mjs`]),
          esbuild(cjsDir, [file, '--format=cjs', '--platform=node', `--outfile=${out}.cjs`]),
          esbuild(esmDir, [
            file,
            '--bundle',
            '--format=esm',
            '--platform=node',
            '--target=node20',
            `--outfile=${join(bundleDir, `${out}.mjs`)}`,
            ...(entry.bundleArgs ?? []),
          ]),
        ];
      }),
    );
    for (const asset of entries.flatMap((entry) => entry.bundleAssets ?? [])) {
      await copyFile(join(esmDir, 'node_modules', asset), join(bundleDir, basename(asset)));
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  return {
    async typecheck() {
      await Promise.all([tsc(root, 'tsconfig.nodenext.json'), tsc(root, 'tsconfig.bundler.json')]);
    },
    async run(packageName, baseUrl) {
      const base = fileName(packageName);
      const [esm, cjs, bundled] = await Promise.all([
        node(join(root, 'esm'), `${base}.mjs`, baseUrl),
        node(join(root, 'cjs'), `${base}.cjs`, baseUrl),
        node(join(root, 'bundled'), `${base}.mjs`, baseUrl),
      ]);
      return { esm, cjs, bundled };
    },
    async dispose() {
      await rm(root, { recursive: true, force: true });
    },
  };
}
