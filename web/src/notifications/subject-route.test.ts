import { describe, expect, it } from 'vitest';
import { notificationPath, resolvedPath, subjectPath } from './subject-route';

const ID = '7d1c2f3a-0000-4000-8000-000000000001';

describe('subjectPath', () => {
  // Hand-written: each type the service links to, and the page each role should land on.
  const table: Array<[string, 'member' | 'manager' | 'admin', string | null]> = [
    ['lead', 'member', `/leads/${ID}`],
    ['project', 'manager', `/projects/${ID}`],
    ['enterprise', 'admin', `/enterprises/${ID}`],
    ['signing', 'admin', `/go/signing/${ID}`],
    ['interaction', 'member', `/go/interaction/${ID}`],
    ['lead-claim', 'manager', '/lead-claims'],
    ['lead-claim', 'admin', '/lead-claims'],
    ['lead-claim', 'member', `/go/lead-claim/${ID}`],
    ['team', 'admin', '/org/teams'],
    ['team', 'manager', null],
    ['user', 'admin', '/org/users'],
    ['region', 'admin', '/org/regions'],
    ['industry-chain', 'admin', '/org/chains'],
    ['source-region', 'admin', '/org/source-regions'],
    ['signing-event', 'admin', '/signing-events'],
    ['signing-event', 'member', null],
    ['target', 'manager', '/targets'],
    ['target', 'member', null],
    ['ranking', 'member', '/rankings'],
    ['webhook', 'admin', null],
    ['no-such-type', 'admin', null],
  ];
  it.each(table)('%s for a %s → %s', (type, role, path) => {
    expect(subjectPath(type, ID, role)).toBe(path);
  });
  it('needs both a type and an id', () => {
    expect(subjectPath(null, ID, 'admin')).toBeNull();
    expect(subjectPath('lead', null, 'admin')).toBeNull();
  });
});

describe('notificationPath', () => {
  it('opens the subject when there is one', () => {
    expect(notificationPath({ kind: 'follow_up_due', linkType: 'interaction', linkId: ID }, 'member')).toBe(`/go/interaction/${ID}`);
    expect(notificationPath({ kind: 'signing_review_due', linkType: 'signing', linkId: ID }, 'admin')).toBe(`/go/signing/${ID}`);
    expect(notificationPath({ kind: 'project_progress_due', linkType: 'project', linkId: ID }, 'member')).toBe(`/projects/${ID}`);
  });
  it('opens the kind’s page for a digest, for the roles that have it', () => {
    expect(notificationPath({ kind: 'weekly_digest', linkType: null, linkId: null }, 'manager')).toBe('/targets');
    expect(notificationPath({ kind: 'weekly_digest', linkType: null, linkId: null }, 'member')).toBeNull();
    expect(notificationPath({ kind: 'lead_idle', linkType: null, linkId: null }, 'manager')).toBeNull();
  });
});

describe('resolvedPath', () => {
  it('sends each fetched record to its page', () => {
    expect(resolvedPath({ type: 'signing', leadId: 'L' })).toBe('/leads/L');
    expect(resolvedPath({ type: 'interaction', enterpriseId: 'E' })).toBe('/enterprises/E');
    expect(resolvedPath({ type: 'lead-claim', leadId: 'L', enterpriseId: 'E' })).toBe('/leads/L');
    expect(resolvedPath({ type: 'lead-claim', leadId: null, enterpriseId: 'E' })).toBe('/enterprises/E');
  });
});
