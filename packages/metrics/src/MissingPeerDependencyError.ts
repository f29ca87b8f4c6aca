/**
 * A store needs a driver that is not installed: `better-sqlite3` for
 * `createSqliteOutboxStore({ path })`, `pg` for `createPostgresOutboxStore({ connectionString })`.
 * Both are optional peer dependencies, so only the users of a store install its driver: run
 * `npm install <packageName>` (or pass a `database`/`pool` you created yourself). Raised as the
 * `cause` of an {@link OutboxStoreError} from `init`; never retried until fixed.
 */
export class MissingPeerDependencyError extends Error {
  readonly _tag = 'MissingPeerDependencyError' as const;
  /** The npm package to install, e.g. `better-sqlite3`. */
  readonly packageName: string;

  constructor(packageName: string, usedBy: string, options?: { cause?: unknown }) {
    super(
      `${usedBy} needs the optional peer dependency "${packageName}", which is not installed: run \`npm install ${packageName}\``,
      options,
    );
    this.name = 'MissingPeerDependencyError';
    this.packageName = packageName;
  }
}
