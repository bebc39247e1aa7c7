import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { commonPasswords, generatePassword, IsAcceptablePassword, passwordProblem } from './password-policy';

class Dto {
  @IsString()
  @IsAcceptablePassword()
  newPassword: string;
}

describe('password policy', () => {
  it.each([
    // [password, refused because]
    ['short-pw1', 'length'], // 9 characters
    ['密码密码密码密码密', 'length'], // 9 code points (27 UTF-8 bytes)
    ['😀😀😀😀😀😀😀😀😀', 'length'], // 9 code points, 18 UTF-16 units
    ['qwertyuiop', 'common'],
    ['QwertyUiop', 'common'], // case does not help
    ['1qaz2wsx3edc', 'common'],
    ['password123', 'common'],
    ['woaini1314', 'common'],
    ['x'.repeat(129), 'length'],
  ])('refuses %j (%s)', (password, why) => {
    const problem = passwordProblem(password, 'newPassword');
    expect(problem).toMatch(/^newPassword(至少|是|不能超过)/);
    expect(problem).toMatch(why === 'length' ? /个字符/ : /常见密码/);
  });

  it.each(['brand-new-pass-1', '密码密码密码密码密码', '😀😀😀😀😀😀😀😀😀😀', 'Admin@2022', 'Manager@2022', 'Member@2022', 'x'.repeat(128)])('accepts %j', (password) => {
    expect(passwordProblem(password, 'password')).toBeNull();
  });

  it('bundles a list of thousands, none shorter than the length rule already refuses', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(1500);
    for (const p of list) expect([...p].length).toBeGreaterThanOrEqual(10);
  });

  it('generates passwords the policy accepts, and never the same twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const p = generatePassword();
      expect(passwordProblem(p, 'p')).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(500);
  });

  it('as a validator, reports the Chinese reason naming the field', () => {
    const errors = validateSync(plainToInstance(Dto, { newPassword: '1234567890' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.constraints).toEqual({ passwordPolicy: '新密码是常见密码，很容易被猜中，请换一个' });
    const wrongType = validateSync(plainToInstance(Dto, { newPassword: 12 }));
    expect(Object.keys(wrongType[0]?.constraints ?? {})).toEqual(['isString']);
  });
});
