import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const projectErrors = defineErrors({
  PROJECT_DUPLICATE: [HttpStatus.CONFLICT, '项目库中已有该项目，请勿重复录入'],
  PROJECT_ALREADY_STARTED: [HttpStatus.CONFLICT, '项目已记录其他开工日期，请在节点中更正'],
  PROJECT_VERSION_CONFLICT: [HttpStatus.CONFLICT, '项目已被他人修改，请刷新后重试'],
  PROJECT_REFERENCE_INVALID: [HttpStatus.BAD_REQUEST, '引用的数据不存在'],
  PROJECT_DATES_INVALID: [HttpStatus.BAD_REQUEST, '项目日期前后矛盾'],
  PROJECT_WRITE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有管理员或项目负责人可以填报'],
  PROJECT_MONTH_INVALID: [HttpStatus.BAD_REQUEST, '月份格式应为 YYYY-MM'],
  PROJECT_MONTH_IN_FUTURE: [HttpStatus.BAD_REQUEST, '不能填报未来月份的完成投资'],
  PROJECT_FUNDS_ROW_DUPLICATE: [HttpStatus.BAD_REQUEST, '同一月份中资金来源与是否固定资产投资相同的行只能有一行'],
  PROJECT_NODE_INVALID: [HttpStatus.BAD_REQUEST, '节点应为 registered、preparation、construction 或 operating'],
  PROJECT_YEAR_INVALID: [HttpStatus.BAD_REQUEST, '年份应为 2000–2100 之间的整数'],
  PROGRESS_RETURN_MONTH_INVALID: [HttpStatus.BAD_REQUEST, '无法确定或不认可调度表的填报月份'],
  PROBLEM_RESOLUTION_REQUIRED: [HttpStatus.BAD_REQUEST, '标记为已解决需填写解决情况'],
  SUPERVISION_ALREADY_CLOSED: [HttpStatus.CONFLICT, '交办单已办结'],
  SUPERVISION_NOT_CLOSED: [HttpStatus.CONFLICT, '交办单尚未办结，无需重新打开'],
  SUPERVISION_CLOSE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有责任部门、项目负责人或管理员可以办结'],
  SUPERVISION_REOPEN_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有项目负责人或管理员可以重新打开'],
  ROLLUP_PAYLOAD_INVALID: [HttpStatus.UNPROCESSABLE_ENTITY, '签约入库任务的数据不合法'],
});
