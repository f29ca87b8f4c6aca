import { Layout, type PageBanner } from './Layout.js';

/** The sign-in form (a login CSRF token rides in a cookie and a hidden field). */
export function LoginPage(props: {
  readonly csrfToken: string;
  readonly next: string;
  readonly username?: string | undefined;
  readonly banner?: PageBanner | undefined;
}) {
  return (
    <Layout title="Sign in" banner={props.banner}>
      <div class="card login">
        <h1>Sign in</h1>
        <form method="post" action="/login">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name="next" value={props.next} />
          <div class="field">
            <label for="username">User name</label>
            <input
              id="username"
              name="username"
              type="text"
              autocomplete="username"
              required
              value={props.username ?? ''}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
          </div>
          <button type="submit">Sign in</button>
        </form>
      </div>
    </Layout>
  );
}
