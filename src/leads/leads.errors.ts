import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const leadErrors = defineErrors({
  LEAD_COLLISION: [HttpStatus.CONFLICT, '该企业该产业链的项目已由其他招商队首报'],
  LEAD_DUPLICATE: [HttpStatus.CONFLICT, '本队已有该企业该产业链的线索'],
  LEAD_VERSION_CONFLICT: [HttpStatus.CONFLICT, '线索已被他人修改，请刷新后重试'],
  LEAD_TRANSITION_INVALID: [HttpStatus.BAD_REQUEST, '不允许的阶段变更'],
  LEAD_SIGNED_IS_FINAL: [HttpStatus.CONFLICT, '已签约的线索不能再变更阶段'],
  LEAD_REASON_REQUIRED: [HttpStatus.BAD_REQUEST, '此变更需要填写原因'],
  LEAD_WRITE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有本队队员或分管领导可以修改该线索'],
  LEAD_REFERENCE_INVALID: [HttpStatus.BAD_REQUEST, '引用的数据不存在'],
  LEAD_NOT_IDLE: [HttpStatus.CONFLICT, '线索未超过保护期，不能释放'],
  MERGE_LEAD_CONFLICT: [HttpStatus.CONFLICT, '两家企业在同一产业链各有在跟线索，合并会出现两个持有方，请指定处理方式（leadConflicts）'],
  MERGE_LEAD_CONFLICT_SIGNED: [HttpStatus.CONFLICT, '两家企业在同一产业链的线索均已签约或较晚的线索已签约，不能自动处理，请先核实'],
  LEAD_HAS_SIGNINGS: [HttpStatus.CONFLICT, '已签约的线索不能删除'],
  CLAIM_NO_HOLDER: [HttpStatus.CONFLICT, '没有其他招商队持有该企业该产业链的线索，可直接新建线索'],
  CLAIM_PENDING: [HttpStatus.CONFLICT, '已有待处理的申请'],
  CLAIM_ALREADY_CO_PURSUING: [HttpStatus.CONFLICT, '本队已在联合跟进该线索'],
  CLAIM_TEAM_EMPTY: [HttpStatus.CONFLICT, '申请转交的招商队没有在职队员，无法接手线索'],
  CLAIM_NOT_PENDING: [HttpStatus.CONFLICT, '该申请已处理'],
  CO_TEAM_NOT_FOUND: [HttpStatus.NOT_FOUND, '该招商队未联合跟进此线索'],
  CO_TEAM_SHARE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有牵头招商队的分管领导或管理员可以约定分成比例'],
  CO_TEAM_SHARES_TOO_LARGE: [HttpStatus.CONFLICT, '各联合跟进招商队的约定分成合计须小于 100%，牵头招商队须保留部分业绩'],
  LEAD_IMPORT_SIGNED: [HttpStatus.BAD_REQUEST, '已签约的项目不能作为历史线索导入'],
  LEAD_BULK_REJECTED: [HttpStatus.CONFLICT, '部分线索不满足条件，批量操作全部未执行'],
  CLAIM_DECIDE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有同时分管双方招商队的领导或管理员可以裁定'],
});
