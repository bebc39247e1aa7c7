import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** Fewest characters (Unicode code points) a password may have. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const LIST_FILE = join('config', 'common-passwords.txt');

/** `config/common-passwords.txt` of the checkout or image, found upwards from this file (src/ or dist/src/). */
function listPath(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, LIST_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${LIST_FILE} not found in any directory above ${__dirname}`);
  }
}

let common: Set<string> | undefined;

/** The bundled list, lower-cased, read once on first use. */
export function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(listPath(), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.toLowerCase()),
  );
  return common;
}

/**
 * Why `password` may not be used, as a Chinese sentence naming `field`; null when it may.
 * The rule (NIST SP 800-63B, OWASP): long enough, and not one attackers try first. No
 * composition rules: they make passwords harder to remember, not to guess.
 */
export function passwordProblem(password: string, field: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `${field}至少需要 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (length > PASSWORD_MAX_LENGTH) return `${field}不能超过 ${PASSWORD_MAX_LENGTH} 个字符`;
  if (commonPasswords().has(password.trim().toLowerCase())) return `${field}是常见密码，很容易被猜中，请换一个`;
  return null;
}

/** A random password that satisfies the policy (16 characters of base64url). */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(12).toString('base64url');
    if (passwordProblem(candidate, 'password') === null) return candidate;
  }
}

/** How a message names the password fields: users read Chinese, not property names. */
const FIELD_LABELS: Record<string, string> = { password: '密码', newPassword: '新密码' };
const labelOf = (property: string): string => FIELD_LABELS[property] ?? '密码';

/** class-validator: the property is a password the policy accepts (non-strings are left to `@IsString`). */
export function IsAcceptablePassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'passwordPolicy',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || passwordProblem(value, 'password') === null,
        defaultMessage: (args: ValidationArguments) => passwordProblem(String(args.value), labelOf(args.property)) ?? `${labelOf(args.property)}不符合密码规则`,
      },
    });
  };
}
