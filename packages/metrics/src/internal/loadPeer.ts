import { MissingPeerDependencyError } from '../MissingPeerDependencyError.js';

/**
 * Imports an optional peer by a specifier bundlers cannot see. A literal `import('pg')` makes
 * esbuild, webpack and Rollup resolve the driver when they bundle a user's application, so their
 * build fails when the peer is not installed, even if the app never opens that store. Through a
 * variable the import stays a runtime `import()`: the driver is loaded from `node_modules` when the
 * store is used, and a missing one becomes {@link MissingPeerDependencyError} as without a bundler.
 */
export const importPeer = (packageName: string): Promise<unknown> =>
  import(/* webpackIgnore: true */ /* @vite-ignore */ packageName);

/** Imports a module; injected in tests to simulate a driver that is not installed. */
export type PeerImporter = () => Promise<unknown>;

const isModuleNotFound = (error: unknown, packageName: string): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // Only the driver itself missing; a missing dependency *of* the driver is a different problem.
  const message = error instanceof Error ? error.message : '';
  return message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
};

/**
 * Loads an optional peer dependency on first use of the store that needs it, and picks `pick`
 * from it (CommonJS drivers arrive as `default` under `import()`). A missing package becomes
 * {@link MissingPeerDependencyError} naming what to install; any other failure is rethrown.
 */
export const loadPeer = async <T>(
  packageName: string,
  usedBy: string,
  importer: PeerImporter,
  pick: (module: Record<string, unknown>) => unknown,
): Promise<T> => {
  let loaded: unknown;
  try {
    loaded = await importer();
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new MissingPeerDependencyError(packageName, usedBy, { cause: error });
    }
    throw error;
  }
  const module = loaded as Record<string, unknown>;
  const picked =
    pick(module) ?? pick((module.default ?? {}) as Record<string, unknown>) ?? module.default;
  if (typeof picked !== 'function') {
    throw new MissingPeerDependencyError(packageName, usedBy, {
      cause: new TypeError(`"${packageName}" did not export what ${usedBy} needs`),
    });
  }
  return picked as T;
};
