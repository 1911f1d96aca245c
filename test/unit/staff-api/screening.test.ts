import { describe, expect, it } from 'vitest';
import { idChecksumHolds, screen } from '../../../shared/moderation/screening.ts';

// 11010519491231002X is the GB 11643 standard's own example number.
const ID = '11010519491231002X';

describe('pre-screening flags personal data and masks it for the public', () => {
  it.each([
    ['a mobile number', '请致电13812345678反馈', ['phone'], '13812345678'],
    ['a mobile number with +86 and spaces', '电话 +86 138 1234 5678。', ['phone'], '138 1234 5678'],
    [
      'a mobile number in full-width digits',
      '手机１３８１２３４５６７８',
      ['phone'],
      '１３８１２３４５６７８',
    ],
    ['a landline', '办公电话 010-12345678', ['phone'], '010-12345678'],
    ['a resident ID number', `身份证号${ID}`, ['id-card'], ID],
    ['an e-mail address', '邮箱 wang.xiaoming@example.cn', ['email'], 'wang.xiaoming@example.cn'],
    ['an e-mail with a full-width at sign', '邮箱 wang＠example.cn', ['email'], 'wang＠example.cn'],
    ['a link', '详见 https://example.com/a?b=1 的说明', ['link'], 'https://example.com/a?b=1'],
    ['a bare domain', '见 www.example.org', ['link'], 'www.example.org'],
  ])('%s', (_case, text, flags, secret) => {
    const result = screen(text);
    expect(result.flags).toEqual(flags);
    expect(result.masked).not.toContain(secret);
    expect(result.masked).toMatch(/［.+已隐去 .+ removed］/);
  });

  it.each([
    ['ordinary text', '建议第五条增加夜间公交的安全员配置要求。'],
    ['article numbers and years', '第12条第3款，2026年11月15日起施行，罚款5000元'],
    ['an 18-digit number whose checksum fails', '订单号 110105194912310021'],
    ['a long number that is not a phone', '编号 123456789012'],
  ])('leaves %s alone', (_case, text) => {
    expect(screen(text)).toEqual({ flags: [], masked: text });
  });

  it('flags several kinds at once and keeps the rest of the text', () => {
    const result = screen(`王先生，${ID}，电话13812345678，邮箱a@b.cn。`);
    expect(result.flags).toEqual(['id-card', 'email', 'phone']);
    expect(result.masked.startsWith('王先生，')).toBe(true);
    expect(result.masked).not.toMatch(/\d{6}/);
  });

  it('checks the ID-card check character', () => {
    expect(idChecksumHolds(ID)).toBe(true);
    expect(idChecksumHolds('110105194912310021')).toBe(false);
  });
});
