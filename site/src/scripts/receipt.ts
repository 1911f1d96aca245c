/** Receipt page: shows `?r=`, copies it, and fetches the comment's current status. */
import { normalizeReceipt } from '../../../shared/comment/rules.ts';
import { clientUi, localePath, pageLang } from '../i18n.ts';
import { getJson, keepQueryOnLangSwitch, toCommentState } from './api.ts';
import { renderCommentState } from './comment-state.ts';

const lang = pageLang();
const t = clientUi[lang];

async function main(): Promise<void> {
  const out = document.getElementById('receipt');
  const copy = document.getElementById('copy-receipt');
  const copyStatus = document.getElementById('copy-status');
  const statusBox = document.getElementById('receipt-status');
  const missing = document.getElementById('receipt-missing');
  const box = document.getElementById('receipt-box');
  if (!out || !statusBox) return;

  const receipt = normalizeReceipt(new URLSearchParams(location.search).get('r') ?? '');
  if (!receipt) {
    if (missing) missing.hidden = false;
    if (box) box.hidden = true;
    const section = document.getElementById('receipt-status-section');
    if (section) section.hidden = true;
    return;
  }
  keepQueryOnLangSwitch();
  out.textContent = receipt;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-lookup-link]')) {
    a.href = `${localePath(lang, '/lookup/')}?r=${encodeURIComponent(receipt)}`;
  }

  if (copy instanceof HTMLButtonElement && copyStatus) {
    copy.hidden = false;
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(receipt);
        copyStatus.textContent = t.copied;
      } catch {
        // No clipboard (insecure context, denied): select the number so it can be copied by hand.
        const range = document.createRange();
        range.selectNodeContents(out);
        const selection = getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        copyStatus.textContent = t.copyFailed;
      }
    });
  }

  statusBox.setAttribute('aria-busy', 'true');
  statusBox.textContent = t.lookupLoading;
  try {
    const res = await getJson(`/comments/${encodeURIComponent(receipt)}`);
    const state = res.ok ? toCommentState(await res.json()) : undefined;
    if (state) {
      statusBox.dataset.commentStatus = state.status;
      statusBox.replaceChildren(renderCommentState(state, lang, { withReceipt: false }));
    } else {
      statusBox.textContent = res.status === 404 ? t.receiptNotFound : t.lookupFailed;
    }
  } catch {
    statusBox.textContent = t.lookupFailed;
  } finally {
    statusBox.removeAttribute('aria-busy');
  }
}

void main();
