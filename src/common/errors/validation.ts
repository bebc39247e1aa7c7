import { ArgumentMetadata, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { findMalformedText } from '../http/request-text';
import { commonErrors, FieldIssue } from './app-error';

/** Chinese wording for the class-validator constraints the API uses. */
const CONSTRAINT_LABELS: Record<string, string> = {
  whitelistValidation: '不是可接受的字段',
  isNotEmpty: '不能为空',
  isDefined: '必须提供',
  isString: '必须是字符串',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isNumberString: '必须是数字字符串',
  isBoolean: '必须是布尔值',
  isEnum: '取值不在允许范围内',
  isIn: '取值不在允许范围内',
  isUuid: '必须是合法的 ID',
  isArray: '必须是数组',
  isObject: '必须是对象',
  isDateString: '必须是合法的日期',
  isIso8601: '必须是合法的日期',
  isEmail: '必须是合法的邮箱地址',
  isUrl: '必须是合法的网址',
  maxLength: '过长',
  minLength: '过短',
  max: '过大',
  min: '过小',
  arrayMaxSize: '元素过多',
  arrayMinSize: '元素过少',
  arrayUnique: '不能有重复元素',
  matches: '格式不正确',
  nestedValidation: '格式不正确',
};

/** A message the DTO wrote itself (in Chinese) is shown as written. */
const HAS_CJK = /[\u3400-\u9fff]/;

/**
 * What class-validator's English default says beyond the constraint's name — the allowed
 * values, the bound — in Chinese: a form shows every message a user can see in Chinese.
 */
const DETAILS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/must be one of the following values: (.*)$/, (m) => `，可选值：${(m[1] ?? '').split(/,\s*/).join('、')}`],
  [/must be shorter than or equal to (\d+) characters/, (m) => `：不能超过 ${m[1]} 个字符`],
  [/must be longer than or equal to (\d+) characters/, (m) => `：至少 ${m[1]} 个字符`],
  [/must not be greater than (-?[\d.]+)/, (m) => `：不能大于 ${m[1]}`],
  [/must not be less than (-?[\d.]+)/, (m) => `：不能小于 ${m[1]}`],
  [/must contain no more than (\d+) elements/, (m) => `：最多 ${m[1]} 个`],
  [/must contain at least (\d+) elements/, (m) => `：至少 ${m[1]} 个`],
];

/** One failed constraint as the user reads it: the field, the rule in Chinese, and its bound or allowed values. */
function chineseMessage(path: string, constraint: string, text: string): string {
  if (HAS_CJK.test(text)) return text;
  const label = CONSTRAINT_LABELS[constraint] ?? '不符合要求';
  for (const [pattern, detail] of DETAILS) {
    const m = pattern.exec(text);
    if (m) return `${path} ${label}${detail(m)}`;
  }
  return `${path} ${label}`;
}

/** Flattens nested validation errors into `path → message` issues. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const path = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    for (const [name, text] of Object.entries(error.constraints ?? {})) issues.push({ field: path, message: chineseMessage(path, name, text) });
    if (error.children?.length) issues.push(...flattenValidationErrors(error.children, path));
  }
  return issues;
}

/** Where @nestjs/swagger keeps a DTO property's documented schema (PartialType and friends copy it). */
const API_PROPERTY = 'swagger/apiModelProperties';

const refused = (issues: FieldIssue[]) => commonErrors('VALIDATION_FAILED', issues, `请求参数不合法：${issues[0]?.message}`);

/**
 * `null` for a field the API document does not declare nullable, anywhere in a transformed
 * body. class-validator's IsOptional (and so every PartialType PATCH body) lets `null` through
 * like `undefined`; the document is the contract, so a field is nullable exactly when its
 * @ApiProperty says `nullable: true`. Iterative, over the DTO instances the pipe built.
 */
export function findForbiddenNulls(value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const proto = Object.getPrototypeOf(current) as object | null;
    if (!proto || proto === Object.prototype) continue; // only DTO instances carry a contract
    for (const [key, child] of Object.entries(current)) {
      const field = path ? `${path}.${key}` : key;
      if (child === null) {
        const documented = Reflect.getMetadata(API_PROPERTY, proto, key) as { nullable?: boolean } | undefined;
        if (documented && !documented.nullable) issues.push({ field, message: `${field} 不能为空` });
      } else if (typeof child === 'object') {
        stack.push([child, field]);
      }
    }
  }
  return issues;
}

/**
 * The one pipe every handler parameter goes through: well-formed text first (no NUL, no lone
 * surrogate, in bodies, queries and path parameters alike), then class-validator, then `null`
 * only where the API document allows it.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const malformed = findMalformedText(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (malformed) throw refused([malformed]);
    const result: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body') {
      const nulls = findForbiddenNulls(result);
      if (nulls.length) throw refused(nulls);
    }
    return result;
  }
}

/** The one ValidationPipe: unknown fields refused, payloads turned into their DTO classes. */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new RequestValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const first = details[0];
      return commonErrors('VALIDATION_FAILED', details, first ? `请求参数不合法：${first.message}` : undefined);
    },
  });
}
