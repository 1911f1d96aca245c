import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { SignInOutcome, StaffAccount, StaffAccountStore } from '../../shared/staff/accounts.ts';
import { interactionRoutes } from './interactions.ts';
import { CONTENT_SECURITY_POLICY, errorPage, logoutPage, signedOutPage } from './pages.ts';
import type { IssuerSecrets } from './secrets.ts';

export const STAFF_CLIENT_ID = 'yijian-staff';
/** What the staff client asks for; `yijian` carries the roles and office. */
export const STAFF_SCOPE = 'openid profile yijian';
export const ROLES_CLAIM = 'yijian:roles';
export const OFFICE_CLAIM = 'yijian:office';

/** Short lives: the staff API keeps its own session, so tokens only carry a sign-in across. */
export const ISSUER_TTL = {
  AccessToken: 10 * 60,
  AuthorizationCode: 60,
  IdToken: 10 * 60,
  Interaction: 15 * 60,
  Session: 12 * 60 * 60,
  Grant: 12 * 60 * 60,
} as const;

export interface IssuerOptions {
  /** The public origin, e.g. http://127.0.0.1:8600 locally or https://yijian.example.gov.cn on AWS. */
  origin: string;
  secrets: IssuerSecrets;
  accounts: StaffAccountStore;
  signIn: (username: string, password: string) => Promise<SignInOutcome>;
  /** oidc-provider storage adapter factory (DynamoDB in every real deployment). */
  adapter: (model: string) => unknown;
  /** Behind CloudFront/API Gateway: trust X-Forwarded-Proto/Host. */
  trustProxy: boolean;
  now?: () => Date;
  /** Where unexpected failures inside oidc-provider are reported (they answer 500 server_error). */
  logError?: (message: string, error: unknown) => void;
}

export interface Issuer {
  provider: Provider;
  issuerUrl: string;
  mountPath: string;
  /** The staff API as a resource server: the `aud` of access tokens. */
  resource: string;
  client: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    postLogoutRedirectUri: string;
    scope: string;
  };
}

/**
 * The built-in OpenID Connect issuer: oidc-provider configured for one first-party confidential client (the
 * staff API), authorization code + PKCE only, password sign-in against the staff accounts, ID tokens and
 * JWT access tokens (RFC 9068) that carry the roles and office.
 */
export function createIssuer(options: IssuerOptions): Issuer {
  const origin = new URL(options.origin).origin;
  const mountPath = '/oidc';
  const issuerUrl = `${origin}${mountPath}`;
  const resource = `${origin}/api/staff`;
  const now = options.now ?? (() => new Date());
  const client = {
    clientId: STAFF_CLIENT_ID,
    clientSecret: options.secrets.clientSecret,
    redirectUri: `${origin}/api/staff/auth/callback`,
    postLogoutRedirectUri: `${origin}/staff/`,
    scope: STAFF_SCOPE,
  };

  const staffClaims = (account: StaffAccount) => ({
    name: account.name,
    preferred_username: account.username,
    [ROLES_CLAIM]: account.roles,
    ...(account.office === null ? {} : { [OFFICE_CLAIM]: account.office }),
  });

  const configuration: Configuration = {
    adapter: options.adapter,
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        client_name: '意见征集工作台 Yijian staff console',
        redirect_uris: [client.redirectUri],
        post_logout_redirect_uris: [client.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // openid-client's default for a client given a secret string.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      yijian: [ROLES_CLAIM, OFFICE_CLAIM],
    },
    // The staff API reads roles from the ID token; its access token is not meant for the userinfo endpoint.
    conformIdTokenClaims: false,
    cookies: { keys: options.secrets.cookieKeys },
    jwks: { keys: options.secrets.jwks.keys },
    ttl: { ...ISSUER_TTL },
    async findAccount(_ctx, sub) {
      const account = await options.accounts.get(sub);
      if (account === undefined) return undefined;
      return {
        accountId: account.username,
        claims: () => ({ sub: account.username, ...staffClaims(account) }),
      };
    },
    async extraTokenClaims(_ctx, token) {
      if (token.accountId === undefined) return undefined;
      const account = await options.accounts.get(token.accountId);
      return account === undefined ? undefined : staffClaims(account);
    },
    // First-party client: no consent screen; whatever it asks for within its scope is granted at once.
    async loadExistingGrant(ctx) {
      const { client: requesting, session } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(requesting?.clientId ?? '');
      const existing = grantId === undefined ? undefined : await ctx.oidc.provider.Grant.find(grantId);
      if (requesting?.clientId !== STAFF_CLIENT_ID || session?.accountId === undefined) return existing;
      const grant =
        existing !== undefined && existing.accountId === session.accountId
          ? existing
          : new ctx.oidc.provider.Grant({ accountId: session.accountId, clientId: requesting.clientId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      for (const [indicator, server] of Object.entries(ctx.oidc.resourceServers)) {
        const scopes = [...ctx.oidc.requestParamScopes].filter((scope) => server.scopes.has(scope));
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
          ctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (
          _ctx: KoaContextWithOIDC,
          indicator: string,
          requesting: { clientId: string },
        ) => {
          if (indicator !== resource || requesting.clientId !== STAFF_CLIENT_ID)
            throw new errors.InvalidTarget();
          return {
            scope: 'yijian',
            audience: resource,
            accessTokenTTL: ISSUER_TTL.AccessToken,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = errorPage(
        {
          zh: `登录未能完成（${out.error ?? 'error'}）。请回到工作台重新登录。`,
          en: `Sign-in could not be completed (${out.error ?? 'error'}${out.error_description ? `: ${out.error_description}` : ''}). Go back to the staff console and sign in again.`,
        },
        { href: `${origin}/staff/`, text: { zh: '返回工作台', en: 'Back to the staff console' } },
      );
    },
  };

  const provider = new Provider(issuerUrl, configuration);
  provider.proxy = options.trustProxy;
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  provider.on('server_error', (_ctx, error) => logError('oidc-issuer server_error', error));
  provider.use(interactionRoutes({ provider, mountPath, origin, signIn: options.signIn, now }));
  return { provider, issuerUrl, mountPath, resource, client };
}
