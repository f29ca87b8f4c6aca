import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { HostTables, UsersTable } from '../db/HostTables.js';
import { NotAuthenticatedError } from '../errors/NotAuthenticatedError.js';
import { writeAudit } from './AuditLog.js';

/** A role of the host. */
export type Role = UsersTable['role'];

/** A signed-in user (never carries the password hash). */
export interface HostUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly departmentId: string;
}

/** A new login. The token is returned once and only its sha256 is stored. */
export interface Login {
  readonly user: HostUser;
  readonly token: string;
  /** For forms of the page session (double submit). */
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** An authenticated request's session. */
export interface Session {
  readonly user: HostUser;
  readonly kind: 'cookie' | 'bearer';
  readonly csrfToken: string;
}

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password,
      salt,
      SCRYPT.keyLength,
      { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url) of a password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Checks a password against {@link hashPassword}'s output in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password,
      Buffer.from(salt, 'base64url'),
      expected.length,
      { N: Number(n), r: Number(r), p: Number(p) },
      (error, k) => (error ? reject(error) : resolve(k)),
    ),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function toUser(
  row: Pick<UsersTable, 'id' | 'username' | 'display_name' | 'role' | 'department_id'>,
): HostUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    departmentId: row.department_id,
  };
}

/** Logins, sessions and bearer tokens over the users table. */
export interface UserService {
  /**
   * Checks the password and opens a session (`cookie` for pages, `bearer` for the API). A failed
   * login is audited with the username only.
   * @throws {NotAuthenticatedError} for an unknown user or a wrong password (one message for both).
   */
  login(username: string, password: string, kind: 'cookie' | 'bearer'): Promise<Login>;
  /** The session of a token, or undefined when unknown or expired. */
  authenticate(token: string): Promise<Session | undefined>;
  logout(token: string): Promise<void>;
  list(): Promise<HostUser[]>;
  departments(): Promise<{ id: string; name: string }[]>;
}

/**
 * @example
 * ```ts
 * const users = createUserService(database.db, { sessionTtlSeconds: 28800, now: () => new Date() });
 * const { token } = await users.login('ada', 'ada-demo', 'bearer');
 * ```
 */
export function createUserService(
  db: Kysely<HostTables>,
  options: { readonly sessionTtlSeconds: number; readonly now: () => Date },
): UserService {
  return {
    async login(username, password, kind) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const ok = row !== undefined && (await verifyPassword(password, row.password_hash));
      const now = options.now();
      if (!ok) {
        await writeAudit(
          db,
          {
            actor: 'anonymous',
            action: 'login.failed',
            subject: username.slice(0, 64),
            details: { kind },
          },
          now,
        );
        throw new NotAuthenticatedError('Unknown user or wrong password.');
      }
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now.getTime() + options.sessionTtlSeconds * 1000).toISOString();
      await db
        .insertInto('sessions')
        .values({
          token_sha256: sha256(token),
          user_id: row.id,
          kind,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .execute();
      await writeAudit(
        db,
        { actor: row.id, action: 'login', subject: row.id, details: { kind } },
        now,
      );
      return { user: toUser(row), token, csrfToken, expiresAt };
    },
    async authenticate(token) {
      if (token.length === 0 || token.length > 256) return undefined;
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'users.id',
          'users.username',
          'users.display_name',
          'users.role',
          'users.department_id',
          'sessions.kind',
          'sessions.csrf_token',
          'sessions.expires_at',
        ])
        .where('sessions.token_sha256', '=', sha256(token))
        .executeTakeFirst();
      if (row === undefined || row.expires_at <= options.now().toISOString()) return undefined;
      return { user: toUser(row), kind: row.kind, csrfToken: row.csrf_token };
    },
    async logout(token) {
      await db.deleteFrom('sessions').where('token_sha256', '=', sha256(token)).execute();
    },
    async list() {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map(toUser);
    },
    async departments() {
      return db.selectFrom('departments').select(['id', 'name']).orderBy('id').execute();
    },
  };
}
