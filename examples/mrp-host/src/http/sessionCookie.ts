import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Login } from '../services/Users.js';

/** Name of the page session's cookie. */
export const SESSION_COOKIE = 'mrp_session';

/**
 * Sets the page session's cookie of a login: HttpOnly, SameSite=Strict, `Secure` over HTTPS,
 * expiring with the session. Used by `POST /api/login` (`session: "cookie"`) and the login page.
 */
export function setSessionCookie(c: Context, login: Pick<Login, 'token' | 'expiresAt'>): void {
  setCookie(c, SESSION_COOKIE, login.token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
    expires: new Date(login.expiresAt),
  });
}
