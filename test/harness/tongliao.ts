/**
 * 通辽市's county-level units with their GB/T 2260 codes, written by hand from the statistics
 * bureau's list (the 开发区 it adds is not one): what the demo seed and the division import must
 * both produce, in this order. Independent of the code under test on purpose.
 */
export const TONGLIAO_COUNTIES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['150502', '科尔沁区'],
  ['150521', '科尔沁左翼中旗'],
  ['150522', '科尔沁左翼后旗'],
  ['150523', '开鲁县'],
  ['150524', '库伦旗'],
  ['150525', '奈曼旗'],
  ['150526', '扎鲁特旗'],
  ['150581', '霍林郭勒市'],
];
