/** Receipt lookup: normalises what was typed, asks the API, and shows the status (never private data). */
import { normalizeReceipt } from '../../../shared/comment/rules.ts';
import { clientUi, pageLang } from '../i18n.ts';
import { getJson, keepQueryOnLangSwitch, toCommentState } from './api.ts';
import { renderCommentState } from './comment-state.ts';

const lang = pageLang();
const t = clientUi[lang];

function init(form: HTMLFormElement): void {
  const input = document.getElementById('receipt-input');
  const button = document.getElementById('lookup-submit');
  const error = document.getElementById('receipt-input-error');
  const status = document.getElementById('lookup-status');
  const heading = document.getElementById('lookup-result-heading');
  if (!(input instanceof HTMLInputElement) || !(button instanceof HTMLButtonElement) || !error || !status)
    return;

  const fieldError = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    status.replaceChildren();
    delete status.dataset.commentStatus;
    if (heading) heading.hidden = true;
  };
  const clear = (): void => {
    error.textContent = '';
    error.hidden = true;
    input.removeAttribute('aria-invalid');
  };

  const lookup = async (): Promise<void> => {
    clear();
    if (input.value.trim() === '') {
      fieldError(t.receiptEmpty);
      input.focus();
      return;
    }
    const receipt = normalizeReceipt(input.value);
    if (!receipt) {
      fieldError(t.receiptMalformed);
      input.focus();
      return;
    }
    input.value = receipt;
    const url = new URL(location.href);
    url.searchParams.set('r', receipt);
    history.replaceState(history.state, '', url);
    keepQueryOnLangSwitch();

    button.disabled = true;
    status.setAttribute('aria-busy', 'true');
    status.textContent = t.lookupLoading;
    delete status.dataset.commentStatus;
    try {
      const res = await getJson(`/comments/${encodeURIComponent(receipt)}`);
      if (res.status === 400) fieldError(t.receiptMalformed);
      else if (res.status === 404) fieldError(t.receiptNotFound);
      else {
        const state = res.ok ? toCommentState(await res.json()) : undefined;
        if (state) {
          if (heading) heading.hidden = false;
          status.dataset.commentStatus = state.status;
          status.replaceChildren(renderCommentState(state, lang, { withReceipt: true }));
        } else {
          status.textContent = t.lookupFailed;
        }
      }
    } catch {
      status.textContent = t.lookupFailed;
    } finally {
      button.disabled = false;
      status.removeAttribute('aria-busy');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void lookup();
  });
  const given = new URLSearchParams(location.search).get('r');
  if (given) {
    input.value = given;
    void lookup();
  }
}

const form = document.getElementById('lookup-form');
if (form instanceof HTMLFormElement) init(form);
