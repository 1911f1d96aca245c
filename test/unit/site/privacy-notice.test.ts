import { describe, expect, it } from 'vitest';
import { readConfig, readSiteConfig } from '../../../shared/config.ts';
import { LANGS, ui } from '../../../site/src/i18n.ts';

const OFFICE = '示例市交通运输局';

describe('the privacy notice states the configured contact retention', () => {
  it('reads CONTACT_RETENTION_DAYS at site build as the functions read it', () => {
    const env = { TABLE_NAME: 'yijian-test', CONTACT_RETENTION_DAYS: '90' };

    expect(readSiteConfig(env)).toEqual({ contactRetentionDays: 90 });
    expect(readSiteConfig({}).contactRetentionDays).toBe(
      readConfig({ TABLE_NAME: 'x-y' }).contactRetentionDays,
    );
    expect(() => readSiteConfig({ CONTACT_RETENTION_DAYS: '0' })).toThrow(/contactRetentionDays/);
  });

  it.each(LANGS)('says the configured number of days in %s, counted from the close of the window', (lang) => {
    const notice = ui[lang].comment.notice(OFFICE, 90).join('\n');

    expect(notice).toMatch(/\b90\b/);
    expect(notice).toContain(lang === 'zh' ? '征求意见截止之日起' : 'after the comment period closes');
    expect(notice).not.toMatch(/6 个月|6 months|conclude/);
  });

  it.each(LANGS)('says in %s how long an unpublished name is kept', (lang) => {
    const notice = ui[lang].comment.notice(OFFICE, 90).join('\n');

    expect(notice).toContain(
      lang === 'zh' ? '未勾选时，署名不会公开' : 'If you do not, your name is never published',
    );
    expect(notice).toContain(lang === 'zh' ? '长期保存' : 'without a time limit');
  });
});
