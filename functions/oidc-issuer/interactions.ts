import type { IncomingMessage } from 'node:http';
import { errors, type KoaContextWithOIDC, type Middleware, type Provider } from 'oidc-provider';
import type { SignInOutcome } from '../../shared/staff/accounts.ts';
import { type Bilingual, beijingTime, CONTENT_SECURITY_POLICY, errorPage, loginPage } from './pages.ts';

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})$/;
const MAX_FORM_BYTES = 4096;

export interface InteractionOptions {
  provider: Provider;
  /** The issuer's mount path, e.g. `/oidc`: the form posts back to `${mountPath}/interaction/<uid>`. */
  mountPath: string;
  /** The origin the pages are served from; a POST carrying another Origin is refused. */
  origin: string;
  signIn: (username: string, password: string) => Promise<SignInOutcome>;
  now: () => Date;
}

const EXPIRED: Bilingual = {
  zh: '登录请求已过期或无效，请回到工作台重新登录。',
  en: 'This sign-in request has expired or is not valid. Go back to the staff console and sign in again.',
};

/**
 * The login interaction (GET shows the form, POST checks the password). Cross-site posts fail twice over:
 * the interaction cookie is signed and SameSite=Lax, and a foreign Origin header is refused outright.
 */
export function interactionRoutes(options: InteractionOptions): Middleware {
  const { provider } = options;
  return async (ctx, next) => {
    const match = INTERACTION_PATH.exec(ctx.path);
    if (match === null) return next();
    const uid = match[1] ?? '';
    const action = `${options.mountPath}/interaction/${uid}`;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Frame-Options', 'DENY');

    if (ctx.method !== 'GET' && ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, POST');
      return;
    }
    if (ctx.method === 'POST' && !sameOrigin(ctx.req, options.origin)) {
      return html(ctx, 403, errorPage(EXPIRED));
    }

    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return html(ctx, 400, errorPage(EXPIRED));
      throw error;
    }
    if (details.uid !== uid || details.prompt.name !== 'login') return html(ctx, 400, errorPage(EXPIRED));

    if (ctx.method === 'GET') return html(ctx, 200, loginPage({ action }));

    const form = await readForm(ctx.req);
    if (form === undefined) return html(ctx, 400, loginPage({ action, error: MALFORMED }));
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    if (username.trim() === '' || password === '') {
      return html(ctx, 422, loginPage({ action, username, error: MISSING }));
    }
    const outcome = await options.signIn(username, password);
    switch (outcome.kind) {
      case 'signed-in':
        return provider.interactionFinished(
          ctx.req,
          ctx.res,
          { login: { accountId: outcome.account.username, amr: ['pwd'], remember: false } },
          { mergeWithLastSubmission: false },
        );
      case 'invalid':
        return html(ctx, 401, loginPage({ action, username, error: WRONG }));
      case 'locked': {
        const retryAt = new Date(Math.ceil(outcome.until.getTime() / 60_000) * 60_000);
        const seconds = Math.max(1, Math.ceil((retryAt.getTime() - options.now().getTime()) / 1000));
        ctx.set('Retry-After', String(seconds));
        return html(
          ctx,
          429,
          loginPage({ action, username, error: locked(beijingTime(retryAt, options.now())) }),
        );
      }
    }
  };
}

const WRONG: Bilingual = { zh: '用户名或密码不正确。', en: 'Wrong username or password.' };
const MISSING: Bilingual = { zh: '请填写用户名和密码。', en: 'Enter your username and password.' };
const MALFORMED: Bilingual = {
  zh: '表单无法读取，请重试。',
  en: 'The form could not be read; please try again.',
};

function locked(at: string): Bilingual {
  return {
    zh: `密码错误次数过多，账户已暂时锁定。请在北京时间 ${at} 后再试。`,
    en: `Too many wrong passwords: this account is locked for now. Try again after ${at} Beijing time (UTC+8).`,
  };
}

function html(ctx: KoaContextWithOIDC, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = body;
}

function sameOrigin(req: IncomingMessage, origin: string): boolean {
  const header = req.headers.origin;
  return header === undefined || header === origin;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
