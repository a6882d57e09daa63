/**
 * `config.json`, beside the clerks' page: the one thing that differs between the page served
 * by `panelpack serve` and the page deployed in front of the AWS reports API.
 */
export interface SiteConfig {
  /**
   * The reports API: `GET <apiBase>/reports` lists the papers, `GET <apiBase>/reports/<key>`
   * gives a download link. Relative to the page (`api` under `panelpack serve`) or absolute
   * (the deployment's HTTP API URL).
   */
  readonly apiBase: string;
  /** Cognito hosted sign-in guarding the AWS API; null when there is none (loopback). */
  readonly auth: SignInConfig | null;
  /** Council names by DfE LA number, for the committee headings. */
  readonly councils: Readonly<Record<string, string>>;
  /** The analysts' data dictionary page, relative to the page; null to leave it out. */
  readonly dictionaryUrl: string | null;
}

/** An OAuth 2.0 authorization-code sign-in with PKCE against a Cognito user pool domain. */
export interface SignInConfig {
  /** The user pool's hosted domain, e.g. `https://panelpack-123.auth.eu-west-2.amazoncognito.com`. */
  readonly domain: string;
  /** The page's app client id (a public client: no secret). */
  readonly clientId: string;
  /** Space-separated scopes; default `openid email`. */
  readonly scopes?: string;
}
