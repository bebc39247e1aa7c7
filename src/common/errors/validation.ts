import { Type, ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Flattens nested validation errors into `path → message` issues. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const path = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    for (const [name, text] of Object.entries(error.constraints ?? {})) {
      const label = CONSTRAINT_LABELS[name];
      issues.push({ field: path, message: label ? `${path} ${label}（${text}）` : text });
    }
    if (error.children?.length) issues.push(...flattenValidationErrors(error.children, path));
  }
  return issues;
}

/**
 * PartialType's IsOptional lets `null` through every field of a PATCH body: refuse it for the
 * fields that cannot be empty, with the same 400 as the pipe, rather than a NOT NULL 500.
 */
export function refuseNull(dto: object, fields: readonly string[]): void {
  const issues: FieldIssue[] = fields
    .filter((field) => (dto as Record<string, unknown>)[field] === null)
    .map((field) => ({ field, message: `${field} 不能为空（${field} must not be null）` }));
  if (issues.length) throw commonErrors('VALIDATION_FAILED', issues, `请求参数不合法：${issues[0]?.message}`);
}

/** The one ValidationPipe: unknown fields refused, payloads turned into their DTO classes. */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
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
