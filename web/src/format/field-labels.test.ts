import { describe, expect, it } from 'vitest';
import { FIELD_LABELS, fieldLabel, fieldValue } from './field-labels';

describe('fieldLabel', () => {
  // The fields the issue names, and ones whose name means something else per record.
  const table: Array<[string, string | undefined, string]> = [
    ['teamId', 'lead', '招商队'],
    ['intendedAmount', 'lead', '意向投资额（万元）'],
    ['title', 'lead', '线索名称'],
    ['title', 'enterprise-contact', '职务'],
    ['name', 'enterprise-contact', '姓名'],
    ['name', 'project', '项目名称'],
    ['name', undefined, '名称'],
    ['memberIds', 'team', '队员'],
    ['landline', 'enterprise-contact', '座机'],
    ['someNewField', 'lead', 'someNewField'],
  ];
  it.each(table)('%s on %s → %s', (field, entity, label) => {
    expect(fieldLabel(field, entity)).toBe(label);
  });

  it('has a Chinese name for every field an audited record snapshots', () => {
    // Hand-copied from the services' audit snapshots (src/*/…service.ts auditSnapshot).
    const audited = ['title', 'enterpriseId', 'teamId', 'ownerId', 'industryChainId', 'targetRegionUnitId', 'sourceRegionId', 'intendedAmount', 'expectedSignDate', 'source', 'isAnchor', 'stage', 'notes',
      'name', 'totalInvestment', 'isContinuing', 'nature', 'level', 'lifecycle', 'regionUnitId', 'ownerUserId', 'registeredOn', 'plannedStartOn', 'startedOn', 'plannedCompletionOn', 'completedOn', 'capacity', 'expectedOutputValue', 'expectedTax',
      'type', 'occurredAt', 'location', 'summary', 'outcome', 'nextFollowUpAt', 'participantIds', 'contactIds',
      'shortName', 'creditCode', 'creditCodeChecksumOverridden', 'hqProvince', 'hqCity', 'tags', 'foundedOn',
      'leaderId', 'description', 'isArchived', 'focusChainIds', 'focusSourceRegionIds', 'memberIds',
      'username', 'displayName', 'role', 'isActive', 'phone', 'email', 'passwordHash', 'teamIds', 'managedRegionUnitIds', 'managedTeamIds',
      'category', 'responsibleDepartment', 'dueOn', 'status', 'resolution', 'resolvedAt'];
    expect(audited.filter((f) => !FIELD_LABELS[f])).toEqual([]);
    expect(Object.values(FIELD_LABELS).filter((label) => !/[\u4e00-\u9fff]/.test(label))).toEqual([]);
  });
});

describe('fieldValue', () => {
  const TEAM = '0b7a4c1e-1111-4000-8000-000000000001';
  const USER = '0b7a4c1e-2222-4000-8000-000000000002';
  it('shows names for ids, labels for codes, 是/否, Beijing time and lists', () => {
    expect(fieldValue('teamId', TEAM, { [TEAM]: '开鲁县招商一队' })).toBe('开鲁县招商一队');
    expect(fieldValue('memberIds', [TEAM, USER], { [TEAM]: '甲', [USER]: '乙' })).toBe('甲、乙');
    expect(fieldValue('stage', 'negotiating')).toBe('实质性洽谈');
    expect(fieldValue('role', 'manager')).toBe('分管领导');
    expect(fieldValue('type', 'visit', {}, 'interaction')).toBe('外出拜访');
    expect(fieldValue('isAnchor', true)).toBe('是');
    expect(fieldValue('isAnchor', false)).toBe('否');
    // 2022-04-27T01:30Z is 09:30 in Beijing.
    expect(fieldValue('occurredAt', '2022-04-27T01:30:00.000Z')).toBe('2022年4月27日 09:30');
    expect(fieldValue('intendedAmount', '5919500.0000')).toBe('5919500.0000');
    expect(fieldValue('passwordHash', '[redacted]')).toBe('（已隐藏）');
    expect(fieldValue('notes', null)).toBe('—');
    expect(fieldValue('memberIds', [])).toBe('—');
    // An id the service could not name (deleted since) stays as it is.
    expect(fieldValue('teamId', TEAM)).toBe(TEAM);
  });
});
