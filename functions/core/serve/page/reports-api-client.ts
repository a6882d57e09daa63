/**
 * The page's side of the reports API, the same against `panelpack serve` and against the AWS
 * HTTP API: list the papers, ask for a download link. In AWS every call carries a token from
 * the Cognito hosted sign-in (authorization code with PKCE, so the page holds no secret); the
 * token lives in sessionStorage, gone when the tab closes.
 */
import { keyPath, type ListedReport, type ReportListing } from './report-groups.js';
import type { SignInConfig, SiteConfig } from './site-config.js';

/** A short-lived link to one paper (presigned S3 in AWS, the local server's own URL otherwise). */
export interface DownloadLink {
  readonly key: string;
  readonly url: string;
  readonly expiresAt: string;
}

/** The API refused the call for want of a signed-in user. */
export class SignInRequired extends Error {
  constructor() {
    super('Sign in to see and download reports.');
    this.name = 'SignInRequired';
  }
}

/** The parts of the browser the client uses, so tests can supply their own. */
export interface ClientEnvironment {
  readonly fetch: typeof fetch;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** The page's own URL (the sign-in redirect target, and the base of relative URLs). */
  readonly pageUrl: string;
}

const TOKEN = 'panelpack.token';
const VERIFIER = 'panelpack.pkce-verifier';
const STATE = 'panelpack.pkce-state';

/** The page's URL without query or fragment: what Cognito redirects back to. */
const redirectUri = (pageUrl: string) => {
  const url = new URL(pageUrl);
  return `${url.origin}${url.pathname}`;
};

function randomText(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return base64Url(values);
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export class ReportsApiClient {
  private readonly apiBase: string;

  constructor(
    private readonly config: SiteConfig,
    private readonly env: ClientEnvironment,
  ) {
    const base = new URL(config.apiBase, env.pageUrl).href;
    this.apiBase = base.endsWith('/') ? base : `${base}/`;
  }

  /** True when the API needs a sign-in and there is no unexpired token. */
  needsSignIn(): boolean {
    return this.config.auth !== null && this.token() === undefined;
  }

  /** Every rendered paper, as the API lists it. */
  async list(): Promise<readonly ListedReport[]> {
    const listing = (await this.get('reports')) as ReportListing;
    return listing.reports;
  }

  /** A link that downloads the paper, absolute. */
  async downloadLink(key: string): Promise<DownloadLink> {
    const link = (await this.get(`reports/${keyPath(key)}`)) as DownloadLink;
    return { ...link, url: new URL(link.url, this.apiBase).href };
  }

  /** Where to send the browser to sign in; remembers the PKCE verifier and state for the return. */
  async signInUrl(): Promise<string> {
    const auth = this.requireAuth();
    const verifier = randomText(48);
    const state = randomText(16);
    this.env.storage.setItem(VERIFIER, verifier);
    this.env.storage.setItem(STATE, state);
    const url = new URL('/oauth2/authorize', auth.domain);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: auth.clientId,
      redirect_uri: redirectUri(this.env.pageUrl),
      scope: auth.scopes ?? 'openid email',
      state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: 'S256',
    }).toString();
    return url.href;
  }

  /**
   * Finishes a sign-in when the page was opened by Cognito's redirect (`?code=...&state=...`):
   * exchanges the code for tokens. Returns false when the URL is not such a return; throws
   * when it is one that does not check out (a state the page did not send, a refused code).
   */
  async completeSignIn(): Promise<boolean> {
    if (this.config.auth === null) return false;
    const params = new URL(this.env.pageUrl).searchParams;
    const code = params.get('code');
    if (code === null) return false;
    const expected = this.env.storage.getItem(STATE);
    const verifier = this.env.storage.getItem(VERIFIER);
    this.env.storage.removeItem(STATE);
    this.env.storage.removeItem(VERIFIER);
    if (expected === null || verifier === null || params.get('state') !== expected) {
      throw new Error('The sign-in could not be checked. Please sign in again.');
    }
    const response = await this.env.fetch(new URL('/oauth2/token', this.config.auth.domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: this.config.auth.clientId,
        code,
        redirect_uri: redirectUri(this.env.pageUrl),
        code_verifier: verifier,
      }).toString(),
    });
    if (!response.ok) throw new Error('The sign-in was refused. Please sign in again.');
    const tokens = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!tokens.access_token) throw new Error('The sign-in gave no token. Please sign in again.');
    const expiresAt = Date.now() + (tokens.expires_in ?? 3600) * 1000;
    this.env.storage.setItem(TOKEN, JSON.stringify({ token: tokens.access_token, expiresAt }));
    return true;
  }

  /** Forgets the token; returns Cognito's sign-out URL to visit, if there is a sign-in. */
  signOut(): string | undefined {
    this.env.storage.removeItem(TOKEN);
    if (this.config.auth === null) return undefined;
    const url = new URL('/logout', this.config.auth.domain);
    url.search = new URLSearchParams({
      client_id: this.config.auth.clientId,
      logout_uri: redirectUri(this.env.pageUrl),
    }).toString();
    return url.href;
  }

  private requireAuth(): SignInConfig {
    if (this.config.auth === null) throw new Error('this page has no sign-in');
    return this.config.auth;
  }

  private token(): string | undefined {
    const text = this.env.storage.getItem(TOKEN);
    if (text === null) return undefined;
    try {
      const saved = JSON.parse(text) as { token: string; expiresAt: number };
      // A token about to expire would fail half-way through a download: treat it as gone.
      if (saved.expiresAt - Date.now() > 60_000) return saved.token;
    } catch {
      // Unreadable: sign in again.
    }
    this.env.storage.removeItem(TOKEN);
    return undefined;
  }

  private async get(path: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.config.auth !== null) {
      const token = this.token();
      if (token === undefined) throw new SignInRequired();
      headers.authorization = `Bearer ${token}`;
    }
    const response = await this.env.fetch(new URL(path, this.apiBase), { headers });
    if (response.status === 401) {
      this.env.storage.removeItem(TOKEN);
      throw new SignInRequired();
    }
    if (response.status === 404) throw new Error('That report is no longer available.');
    if (!response.ok) throw new Error(`The reports service answered ${response.status}.`);
    return response.json();
  }
}
