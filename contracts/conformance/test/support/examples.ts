import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../paths.js';

/** One ```` ```ts ```` block of a README or one `@example` of a TSDoc comment. */
export interface Example {
  /** Package folder name under `packages/`. */
  readonly pkg: string;
  /** Where it stands, `packages/x/README.md:42` (line of the first code line). */
  readonly where: string;
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** Marked ```` ```ts runnable ````: run against plm-mock, not only type-checked. */
  readonly runnable: boolean;
}

/** The port `npm start` serves plm-mock on; runnable examples use it and the harness swaps it. */
export const exampleMockUrl = 'http://127.0.0.1:4010';

const fence = /^(\s*)```(ts|typescript)([^\n]*)$/;

const readmeExamples = (pkg: string, file: string): Example[] => {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i] ?? '');
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? '')) body.push(lines[j++] ?? '');
    found.push({
      pkg,
      file,
      line: i + 2,
      where: `${relative(repoRoot, file)}:${i + 2}`,
      code: body.join('\n'),
      runnable: /\brunnable\b/.test(open[3] ?? ''),
    });
    i = j;
  }
  return found;
};

const sourceExamples = (pkg: string, file: string): Example[] => {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i] ?? '')) continue;
    let j = i + 1;
    while (j < lines.length && !/^\s*\*\s*```/.test(lines[j] ?? '')) {
      if (/^\s*\*\//.test(lines[j] ?? '') || /^\s*\*\s*@\w/.test(lines[j] ?? '')) break;
      j++;
    }
    const open = lines[j] ?? '';
    if (!/^\s*\*\s*```(ts|typescript)?/.test(open)) continue;
    const body: string[] = [];
    let k = j + 1;
    while (k < lines.length && !/^\s*\*\s*```\s*$/.test(lines[k] ?? '')) {
      body.push((lines[k] ?? '').replace(/^\s*\* ?/, ''));
      k++;
    }
    found.push({
      pkg,
      file,
      line: j + 2,
      where: `${relative(repoRoot, file)}:${j + 2}`,
      code: body.join('\n'),
      runnable: false,
    });
    i = k;
  }
  return found;
};

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : walk(path);
    return /\.ts$/.test(name) && !/\.test(-d)?\.ts$/.test(name) ? [path] : [];
  });

/** Every published package (a `packages/*` folder whose package.json is not private). */
export const publishedPackages = (): string[] =>
  readdirSync(join(repoRoot, 'packages')).filter((name) => {
    try {
      const manifest = JSON.parse(
        readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8'),
      ) as { private?: boolean };
      return manifest.private !== true;
    } catch {
      return false;
    }
  });

/** Every README block and `@example` of one package. */
export const examplesOf = (pkg: string): Example[] => {
  const root = join(repoRoot, 'packages', pkg);
  return [
    ...readmeExamples(pkg, join(root, 'README.md')),
    ...walk(join(root, 'src')).flatMap((file) => sourceExamples(pkg, file)),
  ];
};

/** The package's own name, `@mrp-plm/x`. */
export const packageName = (pkg: string): string =>
  (
    JSON.parse(readFileSync(join(repoRoot, 'packages', pkg, 'package.json'), 'utf8')) as {
      name: string;
    }
  ).name;

const compilerOptions = (): ts.CompilerOptions => {
  const base = ts.readConfigFile(join(repoRoot, 'tsconfig.base.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, repoRoot);
  // Examples show fragments: unused names are fine, everything else is as strict as the code.
  return { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
};

interface Exports {
  readonly values: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
}

const exportsOf = (program: ts.Program, indexFile: string): Exports => {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(indexFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const values = new Set<string>();
  const types = new Set<string>();
  for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    (target.flags & ts.SymbolFlags.Value ? values : types).add(symbol.name);
  }
  return { values, types };
};

/**
 * Turns an example into a module: when it imports nothing from its own package, the package's
 * exports it names are imported for it (a TSDoc example of `createCache` need not repeat the
 * import line). Placeholders (a `client`, a `db`) come from the package's prelude,
 * `packages/<pkg>/test/examples.prelude.d.ts`.
 */
export const asModule = (example: Example, name: string, exported: Exports): string => {
  const importsOwn = new RegExp(`from\\s+['"]${name.replace('/', '\\/')}['"]`).test(example.code);
  const lines: string[] = [];
  if (!importsOwn) {
    const used = (id: string): boolean =>
      new RegExp(`(?<![\\w$.])${id.replace('$', '\\$')}(?![\\w$])`).test(example.code);
    const declared = (id: string): boolean =>
      new RegExp(`(const|let|function|class|interface|type)\\s+${id}\\b`).test(example.code);
    const values = [...exported.values].filter((id) => used(id) && !declared(id));
    const types = [...exported.types].filter((id) => used(id) && !declared(id));
    if (values.length > 0) lines.push(`import { ${values.join(', ')} } from '${name}';`);
    if (types.length > 0) lines.push(`import type { ${types.join(', ')} } from '${name}';`);
  }
  lines.push(example.code, 'export {};', '');
  return lines.join('\n');
};

/** One type error of an example, with the line in the README or source file. */
export interface ExampleProblem {
  readonly where: string;
  readonly message: string;
}

/**
 * Writes the package's examples as modules under `node_modules/.cache/mrp-plm-examples/<pkg>`
 * (inside the repo, so workspace packages resolve; nothing to ignore in git) and type-checks them
 * in one program with the package's prelude. Returns the problems per example `where`.
 */
export const typeCheckExamples = (
  pkg: string,
  examples: readonly Example[],
): Map<string, ExampleProblem[]> => {
  const name = packageName(pkg);
  const dir = join(repoRoot, 'node_modules', '.cache', 'mrp-plm-examples', pkg);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const options = compilerOptions();
  const index = join(repoRoot, 'packages', pkg, 'src', 'index.ts');
  const exported = exportsOf(ts.createProgram([index], options), index);
  const prelude = join(repoRoot, 'packages', pkg, 'test', 'examples.prelude.d.ts');
  const files = new Map<string, Example>();
  examples.forEach((example, i) => {
    const file = join(dir, `example-${String(i).padStart(3, '0')}.ts`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, asModule(example, name, exported));
    files.set(file, example);
  });
  const roots = [...files.keys()];
  try {
    statSync(prelude);
    roots.push(prelude);
  } catch {
    // No prelude: the package's examples need no placeholders.
  }
  const program = ts.createProgram(roots, options);
  const problems = new Map<string, ExampleProblem[]>(examples.map((e) => [e.where, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName;
    const example = file === undefined ? undefined : files.get(file);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (example === undefined) {
      // A problem in the prelude or a package source: report it against every example.
      for (const list of problems.values())
        list.push({ where: file ?? '(global)', message: `${file ?? ''}: ${message}` });
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const code = readFileSync(file!, 'utf8').split('\n');
    const shift = code.findIndex((l) => l === example.code.split('\n')[0]);
    const at = example.line + line - Math.max(0, shift);
    problems
      .get(example.where)!
      .push({ where: `${relative(repoRoot, example.file)}:${at}`, message });
  }
  return problems;
};

/** The directory runnable examples are written to before they run. */
export const runnableDir = (pkg: string): string =>
  join(repoRoot, 'node_modules', '.cache', 'mrp-plm-examples', `${pkg}-run`);
