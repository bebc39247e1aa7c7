import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const signingErrors = defineErrors({
  LEAD_ALREADY_SIGNED: [HttpStatus.CONFLICT, '该线索已签约；扩大投资请登记补充签约（kind=supplement），只计增加的金额'],
  SUPPLEMENT_BEFORE_SIGNING: [HttpStatus.CONFLICT, '线索尚未首次签约，不能登记补充签约'],
  LEAD_NOT_SIGNABLE: [HttpStatus.CONFLICT, '搁置或终止的线索需先重启才能签约'],
  SIGNING_DATE_MISMATCH: [HttpStatus.BAD_REQUEST, '签约日期须与签约活动日期一致'],
  SIGNING_EVENT_NOT_FOUND: [HttpStatus.BAD_REQUEST, '签约活动不存在'],
  SIGNING_BEFORE_FIRST: [HttpStatus.BAD_REQUEST, '补充签约日期不能早于首次签约日期'],
  SIGNING_EVENT_IN_USE: [HttpStatus.CONFLICT, '签约活动已有签约记录，不能修改日期或删除'],
  SIGNING_IN_FUTURE: [HttpStatus.BAD_REQUEST, '签约日期不能晚于今天'],
  SUPPLEMENT_BEFORE_REVIEW: [HttpStatus.CONFLICT, '首次签约尚待认定，认定后才能登记补充签约'],
  SIGNING_ALREADY_REVIEWED: [HttpStatus.CONFLICT, '该签约已作出认定，不能重复认定'],
  LANDING_UNIT_REQUIRED: [HttpStatus.BAD_REQUEST, '线索未填拟落地旗县区，请指定项目落地旗县区（landingRegionUnitId）'],
  LANDING_UNIT_LEVEL: [HttpStatus.BAD_REQUEST, '项目落地地须为旗县区或市本级'],
  SIGNED_AMOUNT_TOO_LARGE: [HttpStatus.BAD_REQUEST, '累计签约金额超出可记录的范围'],
});
