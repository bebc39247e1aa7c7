import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Page } from './page';

/** The envelope of every cursor-paged list; `items` is filled in per endpoint by {@link ApiPage}. */
export class PageDto<T> implements Page<T> {
  items: T[];

  @ApiProperty({ type: String, nullable: true, description: '下一页的 cursor；最后一页为 null' })
  nextCursor: string | null;

  @ApiProperty({ type: Number, example: 128, description: '符合当前范围和筛选条件的总条数（所有页合计，每页相同）' })
  total: number;
}

/**
 * The 200 response of a cursor-paged list: `{ items: Item[], nextCursor: string | null, total: number }`.
 *   @ApiPage(LeadView)
 */
export function ApiPage(item: Type<unknown>, description?: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(PageDto, item),
    ApiOkResponse({
      description,
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageDto) },
          {
            type: 'object',
            required: ['items', 'nextCursor', 'total'],
            properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } },
          },
        ],
      },
    }),
  );
}
