import { describe, expect, it } from 'vitest';
import { describeQuery, exportQuery, leadListQuery } from './lead-list-query';

const ID = '0b5c2f4e-1a2b-4c3d-8e9f-0123456789ab';
const read = (search: string, role: 'member' | 'manager' | 'admin' = 'manager') => leadListQuery(new URLSearchParams(search), role);

describe('leadListQuery', () => {
  it('opens a member on 本队 and a manager on 辖区', () => {
    expect(read('', 'member')).toEqual({ scope: 'team' });
    expect(read('', 'manager')).toEqual({ scope: 'region' });
    expect(read('', 'admin')).toEqual({ scope: 'region' });
  });

  it('keeps a scope the role has and drops one it has not', () => {
    expect(read('scope=mine', 'member').scope).toBe('mine');
    expect(read('scope=region', 'member').scope).toBe('team');
    expect(read('scope=team', 'admin').scope).toBe('region');
    expect(read('scope=everything').scope).toBe('region');
  });

  it('reads filters, refusing malformed ids, stages and sorts', () => {
    expect(read(`stage=site_visit&teamId=${ID}&ownerId=bad&industryChainId=${ID}&q=%20梅花%20&sort=intendedAmount&order=asc`)).toEqual({
      scope: 'region',
      stage: 'site_visit',
      teamId: ID,
      industryChainId: ID,
      q: '梅花',
      sort: 'intendedAmount',
      order: 'asc',
    });
    expect(read('stage=won&sort=title&order=up')).toEqual({ scope: 'region' });
  });

  it('takes overdue or idle, overdue first when both are asked', () => {
    expect(read('overdue=true&idle=true')).toEqual({ scope: 'region', overdue: 'true' });
    expect(read('idle=true')).toEqual({ scope: 'region', idle: 'true' });
    expect(read('idle=1')).toEqual({ scope: 'region' });
  });
});

describe('exportQuery and describeQuery', () => {
  it('the export drops paging and sorting only', () => {
    expect(exportQuery({ scope: 'mine', stage: 'lead', sort: 'createdAt', order: 'asc', limit: 50 })).toEqual({ scope: 'mine', stage: 'lead' });
  });

  it('describes the scope and the readable filters in Chinese', () => {
    expect(describeQuery({ scope: 'team', stage: 'negotiating', overdue: 'true', q: '风光' }, 'member')).toEqual(['范围：本队', '阶段：实质性洽谈', '预计签约日期已过未签约', '关键词：风光']);
    expect(describeQuery({ scope: 'region', idle: 'true' }, 'admin')).toEqual(['范围：全部', '超过保护期无对接']);
  });
});
