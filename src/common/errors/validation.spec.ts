import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsArray, IsInt, IsString, IsUUID, MaxLength, Min, ValidateNested, validateSync, ValidationError } from 'class-validator';
import { AppError } from './app-error';
import { createValidationPipe, flattenValidationErrors } from './validation';

class Member {
  @IsUUID()
  userId: string;

  @IsInt()
  @Min(1)
  weight: number;
}

class Address {
  @IsString()
  @MaxLength(4)
  city: string;
}

class Body {
  @IsString()
  name: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Member)
  members: Member[];

  @ValidateNested()
  @Type(() => Address)
  address: Address;
}

const UUID = '9b2c1f4e-6a51-4d7e-9a0b-2f6f3c1d8e77';
const errorsOf = (plain: object): ValidationError[] =>
  validateSync(plainToInstance(Body, plain), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });

describe('flattenValidationErrors', () => {
  it('names nested fields by their path in the request: members[2].userId, address.city', () => {
    const issues = flattenValidationErrors(
      errorsOf({
        name: 'ok',
        members: [
          { userId: UUID, weight: 1 },
          { userId: UUID, weight: 1 },
          { userId: 'nope', weight: 0 },
        ],
        address: { city: '通辽市科尔沁区' },
      }),
    );
    expect(issues.map((i) => i.field).sort()).toEqual(['address.city', 'members[2].userId', 'members[2].weight']);
    for (const issue of issues) expect(issue.message).toContain(issue.field);
  });

  it('names unknown fields, at the top and nested', () => {
    const issues = flattenValidationErrors(errorsOf({ name: 'ok', members: [{ userId: UUID, weight: 1, bogus: 1 }], address: { city: 'a' }, extra: true }));
    expect(issues.map((i) => i.field).sort()).toEqual(['extra', 'members[0].bogus']);
    expect(issues.find((i) => i.field === 'extra')?.message).toContain('不是可接受的字段');
  });

  it('reports every failed constraint of a field, in Chinese where it knows the constraint', () => {
    const issues = flattenValidationErrors(errorsOf({ name: 5, members: 'x', address: { city: 'a' } }));
    expect(issues.filter((i) => i.field === 'members').length).toBeGreaterThanOrEqual(1);
    const name = issues.find((i) => i.field === 'name');
    expect(name?.message).toMatch(/^name 必须是字符串/);
  });

  it('joins a prefix with dots and numeric properties with brackets', () => {
    const tree = [
      {
        property: 'members',
        children: [{ property: '2', children: [{ property: 'userId', constraints: { isUuid: 'userId must be a UUID' }, children: [] }] }],
      },
      { property: 'x', constraints: { customRule: 'x is odd' }, children: [] },
    ] as unknown as ValidationError[];
    expect(flattenValidationErrors(tree)).toEqual([
      { field: 'members[2].userId', message: 'members[2].userId 必须是合法的 ID' },
      // A constraint without a Chinese label says so in Chinese rather than show English.
      { field: 'x', message: 'x 不符合要求' },
    ]);
    expect(flattenValidationErrors(tree, 'body').map((i) => i.field)).toEqual(['body.members[2].userId', 'body.x']);
  });
});

describe('messages a form shows', () => {
  const issue = (constraints: Record<string, string>) =>
    flattenValidationErrors([{ property: 'f', constraints, children: [] }] as unknown as ValidationError[]).map((i) => i.message);

  it.each([
    [{ isIn: 'f must be one of the following values: year, half, quarter' }, 'f 取值不在允许范围内，可选值：year、half、quarter'],
    [{ isEnum: 'f must be one of the following values: visit, call' }, 'f 取值不在允许范围内，可选值：visit、call'],
    [{ maxLength: 'f must be shorter than or equal to 30 characters' }, 'f 过长：不能超过 30 个字符'],
    [{ minLength: 'f must be longer than or equal to 2 characters' }, 'f 过短：至少 2 个字符'],
    [{ max: 'f must not be greater than 2100' }, 'f 过大：不能大于 2100'],
    [{ min: 'f must not be less than -1.5' }, 'f 过小：不能小于 -1.5'],
    [{ arrayMaxSize: 'f must contain no more than 20 elements' }, 'f 元素过多：最多 20 个'],
    [{ isUuid: 'f must be a UUID' }, 'f 必须是合法的 ID'],
    [{ matches: 'f must match /^0\\d{2,3}-\\d{7,8}$/ regular expression' }, 'f 格式不正确'],
    [{ customRule: 'f is odd' }, 'f 不符合要求'],
    // A message the DTO wrote in Chinese is shown as written.
    [{ matches: '座机号格式不正确，应如 0475-8231234' }, '座机号格式不正确，应如 0475-8231234'],
  ])('%j reads %s, with no English', (constraints, message) => {
    expect(issue(constraints)).toEqual([message]);
  });
});

describe('createValidationPipe', () => {
  it('turns failures into 400 VALIDATION_FAILED naming the first field in the message', async () => {
    const pipe = createValidationPipe();
    let caught: unknown;
    try {
      await pipe.transform({ name: 'ok', members: [{ userId: 'bad', weight: 1 }], address: { city: 'a' } }, { type: 'body', metatype: Body });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(400);
    expect(error.details).toEqual([{ field: 'members[0].userId', message: expect.any(String) }]);
    expect(error.message).toContain('members[0].userId');
  });

  it('returns an instance of the DTO when the body is valid', async () => {
    const pipe = createValidationPipe();
    const value = await pipe.transform({ name: 'ok', members: [{ userId: UUID, weight: 2 }], address: { city: 'a' } }, { type: 'body', metatype: Body });
    expect(value).toBeInstanceOf(Body);
    expect((value as Body).members[0]).toBeInstanceOf(Member);
  });

  it('validates against the expected type when the parameter has none (reference lists)', async () => {
    const pipe = createValidationPipe(Address);
    await expect(pipe.transform({ city: 'a', isPrimary: true }, { type: 'body', metatype: Object })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'isPrimary', message: expect.any(String) }],
    });
  });
});
