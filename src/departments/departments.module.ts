import { Module } from '@nestjs/common';
import { DepartmentsController } from './departments.controller';
import { DepartmentsReadModel } from './departments.read-model';
import { DepartmentsService } from './departments.service';

/** 责任部门 (督办): the organisation units 卡点堵点 are assigned to, with accounts of role `department`. */
@Module({
  controllers: [DepartmentsController],
  providers: [DepartmentsService, DepartmentsReadModel],
  exports: [DepartmentsService],
})
export class DepartmentsModule {}
