import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { SearchQuery, SearchView } from './dto/search.dto';
import { SearchService } from './search.service';

@ApiTags('search 全局搜索')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOperation({ summary: '全局搜索：企业、线索、项目（名称片段、信用代码前缀、拼音首字母或全拼），线索和项目只在本人可见范围内' })
  @ApiOkResponse({ type: SearchView })
  find(@CurrentUser() actor: AuthUser, @Query() query: SearchQuery) {
    return this.search.search(actor, query);
  }
}
