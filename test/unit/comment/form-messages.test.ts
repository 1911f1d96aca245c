import { describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES } from '../../../shared/comment/rules.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { clientUi, type FormField, fieldErrorText, LANGS } from '../../../site/src/i18n.ts';
import { anApi, postComment } from '../../support/api.ts';
import { anOpenConsultation, aSubmission } from '../../support/factories.ts';

const FIELDS: FormField[] = [
  'articleId',
  'stance',
  'body',
  'proposedWording',
  'displayName',
  'publishName',
  'email',
  'phone',
  'lang',
];
const HAN = /\p{Script=Han}/u;

/** The form's pointer → field table (site/src/scripts/comment-form.ts), for the API's answers. */
const fieldOf = (pointer: string): FormField | undefined =>
  pointer === '/contact' ? 'email' : (FIELDS.find((f) => pointer.endsWith(`/${f}`)) ?? undefined);

describe('field error messages of the comment form', () => {
  it.each(LANGS)('exist in %s for every field and every code', (lang) => {
    for (const field of [...FIELDS, undefined]) {
      for (const code of FIELD_ERROR_CODES) {
        const text = fieldErrorText(lang, field, code, 3);
        expect(text, `${field} ${code}`).not.toBe('');
        expect(HAN.test(text), `${lang} ${field} ${code}: ${text}`).toBe(lang === 'zh');
      }
    }
  });

  it('says how far over the limit a field is', () => {
    expect(fieldErrorText('zh', 'body', 'too-long', 12)).toContain('12');
    expect(fieldErrorText('en', 'proposedWording', 'too-long', 7)).toContain('7');
  });

  it.each([
    [aSubmission({ body: '' }), 'zh', clientUi.zh.errors.bodyRequired],
    [aSubmission({ body: '意'.repeat(5001) }), 'zh', clientUi.zh.errors.bodyTooLong(0)],
    [aSubmission({ body: '建议\ud800' }), 'zh', clientUi.zh.errors.textBroken],
    [aSubmission({ body: '建议\u202e' }), 'en', clientUi.en.errors.textBidi],
    [aSubmission({ contact: { phone: 'call me' } }), 'zh', clientUi.zh.errors.phoneInvalid],
    [aSubmission({ contact: { email: 'x@' } }), 'en', clientUi.en.errors.emailInvalid],
    [aSubmission({ publishName: true }), 'zh', clientUi.zh.errors.nameRequiredForPublish],
    [aSubmission({ stance: 'maybe' }), 'zh', clientUi.zh.errors.choiceInvalid],
    [aSubmission({ extra: 1 }), 'zh', clientUi.zh.errors.formOutdated],
  ] as const)(
    'translate what the API reports instead of showing its English detail (%#)',
    async (submission, lang, expected) => {
      // Prepare
      const store = new MemoryStore();
      store.consultations.set('transit-safety-2026', anOpenConsultation());
      const { app } = anApi(store);

      // Act
      const response = await postComment(app, 'transit-safety-2026', submission);
      const problem = (await response.json()) as {
        errors: { pointer: string; code: (typeof FIELD_ERROR_CODES)[number]; detail: string }[];
      };
      const shown = problem.errors.map((e) => fieldErrorText(lang, fieldOf(e.pointer), e.code, 0));

      // Assess
      expect(response.status).toBe(422);
      expect(shown).toEqual([expected]);
      for (const e of problem.errors) expect(shown).not.toContain(e.detail);
    },
  );
});
