/**
 * The page's API client against both back ends: `panelpack serve` (no sign-in) and the AWS
 * HTTP API behind Cognito (authorization code with PKCE). The server side is played by a
 * recorded fetch; the cryptography is Node's own Web Crypto.
 */
import { createHash } from 'node:crypto';
import {
  type ClientEnvironment,
  ReportsApiClient,
  SignInRequired,
} from '../../../functions/core/serve/page/reports-api-client.js';
import type { SiteConfig } from '../../../functions/core/serve/page/site-config.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records each call and answers from `respond`. */
function recordingFetch(respond: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: init?.body === undefined ? undefined : String(init.body),
    };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { calls, fetchFn };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const listing = {
  reports: [
    {
      key: '850-cabinet/2020-01-07/annual-safeguarding.pdf',
      committee: 'Cabinet',
      meetingDate: '2020-01-07',
      reportId: 'annual-safeguarding',
      format: 'pdf',
      size: 10,
    },
  ],
};
const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('against panelpack serve', () => {
  const config: SiteConfig = { apiBase: 'api', auth: null, councils: {}, dictionaryUrl: null };

  test('lists and links relative to the page, with no credentials', async () => {
    const { calls, fetchFn } = recordingFetch((call) =>
      call.url.endsWith('/reports')
        ? jsonResponse(listing)
        : jsonResponse({
            key: '850-cabinet/2020-01-07/annual-safeguarding.pdf',
            url: '/files/850-cabinet/2020-01-07/annual-safeguarding.pdf?expires=1&signature=s',
            expiresAt: '2020-01-01T00:15:00.000Z',
          }),
    );
    const env: ClientEnvironment = {
      fetch: fetchFn,
      storage: memoryStorage(),
      pageUrl: 'http://127.0.0.1:8080/',
    };
    const client = new ReportsApiClient(config, env);
    expect(client.needsSignIn()).toBe(false);
    expect(await client.completeSignIn()).toBe(false);
    expect(await client.list()).toEqual(listing.reports);
    const link = await client.downloadLink('850-cabinet/2020-01-07/annual-safeguarding.pdf');
    expect(link.url).toBe(
      'http://127.0.0.1:8080/files/850-cabinet/2020-01-07/annual-safeguarding.pdf?expires=1&signature=s',
    );
    expect(calls.map((c) => c.url)).toEqual([
      'http://127.0.0.1:8080/api/reports',
      'http://127.0.0.1:8080/api/reports/850-cabinet/2020-01-07/annual-safeguarding.pdf',
    ]);
    expect(calls.every((c) => c.headers.authorization === undefined)).toBe(true);
  });
});

describe('against the AWS reports API', () => {
  const config: SiteConfig = {
    apiBase: 'https://api.example.gov.uk',
    auth: {
      domain: 'https://panelpack-1.auth.eu-west-2.amazoncognito.com',
      clientId: 'page-client',
    },
    councils: {},
    dictionaryUrl: 'data-dictionary.html',
  };
  const page = 'https://reports.example.gov.uk/';

  test('signs in with PKCE, then sends the token with every call', async () => {
    const storage = memoryStorage();
    const tokens = recordingFetch((call) =>
      call.url.endsWith('/oauth2/token')
        ? jsonResponse({ access_token: 'access-1', id_token: 'id-1', expires_in: 3600 })
        : jsonResponse(listing),
    );
    const before = new ReportsApiClient(config, { fetch: tokens.fetchFn, storage, pageUrl: page });
    expect(before.needsSignIn()).toBe(true);
    await expect(before.list()).rejects.toBeInstanceOf(SignInRequired);

    const authorize = new URL(await before.signInUrl());
    expect(authorize.origin + authorize.pathname).toBe(
      'https://panelpack-1.auth.eu-west-2.amazoncognito.com/oauth2/authorize',
    );
    const params = Object.fromEntries(authorize.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: 'page-client',
      redirect_uri: page,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    const verifier = storage.items.get('panelpack.pkce-verifier')!;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(params.code_challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));

    // Cognito sends the browser back with a code and the state the page sent.
    const back = `${page}?code=the-code&state=${params.state}`;
    const client = new ReportsApiClient(config, { fetch: tokens.fetchFn, storage, pageUrl: back });
    expect(await client.completeSignIn()).toBe(true);
    const exchange = tokens.calls[0]!;
    expect(exchange.url).toBe('https://panelpack-1.auth.eu-west-2.amazoncognito.com/oauth2/token');
    expect(exchange.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(exchange.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'page-client',
      code: 'the-code',
      redirect_uri: page,
      code_verifier: verifier,
    });
    expect(storage.items.has('panelpack.pkce-verifier')).toBe(false);
    expect(client.needsSignIn()).toBe(false);

    expect(await client.list()).toEqual(listing.reports);
    expect(tokens.calls[1]).toMatchObject({
      url: 'https://api.example.gov.uk/reports',
      headers: { authorization: 'Bearer access-1' },
    });
  });

  test('a return whose state the page did not send is refused, and no token is kept', async () => {
    const storage = memoryStorage();
    const { calls, fetchFn } = recordingFetch(() => jsonResponse({ access_token: 'stolen' }));
    const start = new ReportsApiClient(config, { fetch: fetchFn, storage, pageUrl: page });
    await start.signInUrl();
    const forged = new ReportsApiClient(config, {
      fetch: fetchFn,
      storage,
      pageUrl: `${page}?code=attacker-code&state=not-ours`,
    });
    await expect(forged.completeSignIn()).rejects.toThrow(/could not be checked/);
    expect(calls).toHaveLength(0);
    expect(forged.needsSignIn()).toBe(true);
  });

  test('an expired or refused token sends the clerk back to sign in', async () => {
    const storage = memoryStorage();
    storage.setItem(
      'panelpack.token',
      JSON.stringify({ token: 'old', expiresAt: Date.now() + 30_000 }),
    );
    const { fetchFn } = recordingFetch(() => jsonResponse({ message: 'Unauthorized' }, 401));
    const client = new ReportsApiClient(config, { fetch: fetchFn, storage, pageUrl: page });
    // Within a minute of expiry the token is not used at all.
    expect(client.needsSignIn()).toBe(true);

    storage.setItem(
      'panelpack.token',
      JSON.stringify({ token: 'revoked', expiresAt: Date.now() + 3_600_000 }),
    );
    expect(client.needsSignIn()).toBe(false);
    await expect(client.list()).rejects.toBeInstanceOf(SignInRequired);
    expect(storage.items.has('panelpack.token')).toBe(false);

    const logout = new URL(client.signOut()!);
    expect(logout.pathname).toBe('/logout');
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: 'page-client',
      logout_uri: page,
    });
  });
});
