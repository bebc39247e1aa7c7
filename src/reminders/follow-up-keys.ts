/** The reminder of a follow-up version and its escalation: once each (dedupe keys), and how the reconciliation tells they went out. */
export const dueKey = (id: string, version: number) => `follow-up-due:${id}:v${version}`;
export const overdueKey = (id: string, version: number) => `follow-up-overdue:${id}:v${version}`;

export const DAY_MS = 86_400_000;
