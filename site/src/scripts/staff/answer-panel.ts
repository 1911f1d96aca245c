/**
 * The answer form in the comment detail (drafting officers and administrators): the answer that applies
 * now (the comment's own, its form-letter group's or its article's) and a form to write the comment's own.
 */
import type { Lang } from '../../i18n.ts';
import { DECISIONS, type Decision, draftingUi } from '../../i18n-drafting.ts';
import { StaffApiError } from './api.ts';
import { type Answer, saveAnswer } from './drafting-api.ts';
import { shanghaiTime } from './format.ts';
import { el } from './session.ts';

export function answerPanel(
  consultationId: string,
  commentId: string,
  current: Answer | undefined,
  lang: Lang,
  onSaved: () => void,
): HTMLElement {
  const t = draftingUi[lang];
  const r = t.respond;
  const section = el('section', { className: 'detail-answer', id: 'detail-answer' });
  section.setAttribute('aria-labelledby', 'answer-panel-heading');
  section.append(el('h3', { id: 'answer-panel-heading' }, r.heading));
  section.append(
    current
      ? el(
          'p',
          { id: 'answer-current-line' },
          `${r.current}（${r.scope[current.scope]}）：`,
          el('strong', {}, t.decisions[current.decision]),
          ` — ${lang === 'en' && current.reason.en ? current.reason.en : current.reason.zh}`,
          el('span', { className: 'hint' }, ` · ${r.by(current.by, shanghaiTime(current.at, lang))}`),
        )
      : el('p', { id: 'answer-current-line' }, r.none),
  );
  const own = current?.scope === 'comment' ? current : undefined;
  const form = el('form', { id: 'answer-panel-form', noValidate: true });
  const decisions = el('fieldset', {}, el('legend', {}, r.decision));
  for (const value of DECISIONS) {
    const input = el('input', {
      type: 'radio',
      name: 'answer-decision',
      id: `answer-decision-${value}`,
      value,
      checked: (own?.decision ?? 'adopted') === value,
    });
    decisions.append(
      el('div', { className: 'choice' }, input, el('label', { htmlFor: input.id }, t.decisions[value])),
    );
  }
  const zh = el('textarea', {
    id: 'answer-reason-zh',
    rows: 3,
    maxLength: 2000,
    value: own?.reason.zh ?? '',
  });
  const en = el('textarea', {
    id: 'answer-reason-en',
    rows: 2,
    maxLength: 2000,
    value: own?.reason.en ?? '',
  });
  const error = el('p', { className: 'field-error', id: 'answer-panel-error', hidden: true });
  error.setAttribute('role', 'alert');
  const status = el('p', { className: 'status-line', id: 'answer-panel-status' });
  status.setAttribute('role', 'status');
  const save = el(
    'button',
    { type: 'submit', className: 'button primary small', id: 'answer-panel-save' },
    r.save,
  );
  form.append(
    error,
    decisions,
    el('div', { className: 'field' }, el('label', { htmlFor: zh.id }, r.reasonZh), zh),
    el('div', { className: 'field' }, el('label', { htmlFor: en.id }, r.reasonEn), en),
    el('p', { className: 'actions' }, save),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const checked = form.querySelector<HTMLInputElement>('input[name="answer-decision"]:checked');
    const decision: Decision = DECISIONS.find((x) => x === checked?.value) ?? 'adopted';
    if (zh.value.trim() === '') {
      error.textContent = r.reasonZh;
      error.hidden = false;
      zh.focus();
      return;
    }
    save.disabled = true;
    try {
      await saveAnswer(consultationId, { kind: 'comment', commentId }, decision, {
        zh: zh.value.trim(),
        ...(en.value.trim() === '' ? {} : { en: en.value.trim() }),
      });
      error.hidden = true;
      status.textContent = r.saved;
      onSaved();
    } catch (e) {
      error.textContent = e instanceof StaffApiError ? e.message : r.save;
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  section.append(form);
  return section;
}
