import { createHash } from 'node:crypto';

/**
 * The issuer's own pages (sign-in, errors, sign-out), Chinese first with English beside, no third-party
 * assets and no script: one stylesheet whose hash the Content-Security-Policy allows.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1b1f24;background:#f4f5f7}
main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d4da;border-radius:.5rem}
h1{font-size:1.4rem;margin:0 0 .25rem}
.en{display:block;font-size:.9em;color:#444b55}
h1 .en{font-size:.8em;font-weight:500}
.site{margin:0 0 1.25rem;color:#444b55}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
label .en{display:inline;font-weight:400;margin-left:.4em}
input{width:100%;font:inherit;padding:.55rem .6rem;border:1px solid #69707a;border-radius:.3rem}
input:focus,button:focus,a:focus{outline:3px solid #1a5fb4;outline-offset:2px}
button{margin-top:1.5rem;width:100%;font:inherit;font-weight:600;padding:.65rem;border:0;border-radius:.3rem;background:#1a5fb4;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1a5fb4;border:1px solid #1a5fb4}
.alert{border-left:4px solid #b42318;background:#fef3f2;padding:.6rem .8rem;margin:0 0 1rem}
.alert p{margin:0}
a{color:#1a5fb4}
@media (max-width:420px){main{margin:0;border:0;border-radius:0;min-height:100vh}}
`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export interface Bilingual {
  zh: string;
  en: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// `same-origin`, not `no-referrer`: under no-referrer browsers send `Origin: null` with the form, which the
// login route's origin check must refuse.
function page(title: Bilingual, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title.zh)} · ${escapeHtml(title.en)} — 意见征集 Yijian</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title.zh)} <span class="en" lang="en">${escapeHtml(title.en)}</span></h1>
<p class="site">意见征集 · <span lang="en">Yijian</span></p>
${body}
</main>
</body>
</html>`;
}

function alert(message: Bilingual): string {
  return `<div class="alert" role="alert" id="form-error"><p>${escapeHtml(message.zh)}</p><p class="en" lang="en">${escapeHtml(message.en)}</p></div>`;
}

export interface LoginPageOptions {
  action: string;
  username?: string;
  error?: Bilingual;
}

/** The sign-in form: fields named and autocompleted the way password managers expect. */
export function loginPage({ action, username = '', error }: LoginPageOptions): string {
  const invalid = error === undefined ? '' : ' aria-invalid="true" aria-describedby="form-error"';
  return page(
    { zh: '工作人员登录', en: 'Staff sign-in' },
    `${error === undefined ? '' : alert(error)}
<form method="post" action="${escapeHtml(action)}">
<label for="username">用户名 <span class="en" lang="en">Username</span></label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="40" value="${escapeHtml(username)}"${invalid}${username === '' ? ' autofocus' : ''}>
<label for="password">密码 <span class="en" lang="en">Password</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200"${invalid}${username === '' ? '' : ' autofocus'}>
<button type="submit">登录 <span lang="en">Sign in</span></button>
</form>`,
  );
}

export function errorPage(message: Bilingual, link?: { href: string; text: Bilingual }): string {
  return page(
    { zh: '无法继续', en: 'Cannot continue' },
    `${alert(message)}${
      link === undefined
        ? ''
        : `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text.zh)} <span lang="en">${escapeHtml(link.text.en)}</span></a></p>`
    }`,
  );
}

/** RP-initiated logout confirmation; `form` is oidc-provider's hidden form (id op.logoutForm, with its CSRF token). */
export function logoutPage(form: string): string {
  return page(
    { zh: '退出登录', en: 'Sign out' },
    `<p>要退出意见征集工作人员账户吗？<span class="en" lang="en">Sign out of your Yijian staff account?</span></p>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" autofocus>退出 <span lang="en">Sign out</span></button>
<button type="submit" form="op.logoutForm" class="secondary">保持登录 <span lang="en">Stay signed in</span></button>`,
  );
}

export function signedOutPage(): string {
  return page(
    { zh: '已退出', en: 'Signed out' },
    `<p>您已退出登录。<span class="en" lang="en">You have signed out.</span></p>`,
  );
}

/** "HH:mm" on the wall clock of Beijing, where the staff sit, with the date when it is not today. */
export function beijingTime(instant: Date, now: Date): string {
  const fmt = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', ...options }).format(
      instant,
    );
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now) ===
    fmt({ year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = fmt({ hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${fmt({ year: 'numeric', month: '2-digit', day: '2-digit' })} ${time}`;
}
