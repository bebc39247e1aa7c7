import { Body, Controller, Get, Inject, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { createValidationPipe } from '../common/errors/validation';
import { IdParam } from '../common/http/id-param';
import { REFERENCE_VIEWS, ReferenceQuery } from './dto/reference.dto';
import { ReferenceItem } from './entities/reference-item';
import { ReferenceService } from './reference.service';
import { ApiPage } from '../common/pagination/api-page';

/**
 * Builds the controller of one reference list: everyone reads, admins write. Bodies are
 * validated against the list's own DTOs, so a field of another list is refused.
 */
export function referenceController<T extends ReferenceItem>(opts: {
  path: string;
  tag: string;
  service: symbol;
  createDto: Type<unknown>;
  updateDto: Type<unknown>;
}): Type<unknown> {
  const view = REFERENCE_VIEWS.get(opts.createDto) ?? noView(opts.path);

  @ApiTags(opts.tag)
  @ApiBearerAuth()
  @Controller(opts.path)
  class ReferenceController {
    constructor(@Inject(opts.service) readonly service: ReferenceService<T>) {}

    @Get()
    @ApiPage(view)
    list(@Query() query: ReferenceQuery) {
      return this.service.list(query);
    }

    @Get(':id')
    @ApiOkResponse({ type: view })
    get(@IdParam() id: string) {
      return this.service.get(id);
    }

    @Roles(Role.Admin)
    @Post()
    @ApiBody({ type: opts.createDto })
    @ApiCreatedResponse({ type: view })
    create(@CurrentUser() actor: AuthUser, @Body(createValidationPipe(opts.createDto)) dto: Partial<T>) {
      return this.service.create(actor, dto);
    }

    @Roles(Role.Admin)
    @Patch(':id')
    @ApiBody({ type: opts.updateDto })
    @ApiOkResponse({ type: view })
    update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body(createValidationPipe(opts.updateDto)) dto: Partial<T>) {
      return this.service.update(actor, id, dto);
    }
  }
  return ReferenceController;
}

function noView(path: string): never {
  throw new Error(`no response view for /${path}: add its create DTO to REFERENCE_VIEWS`);
}
