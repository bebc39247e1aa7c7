import type { FormInstance } from 'antd';
import { SCROLL_TO_ERROR } from '../theme';
import type { ApiError } from './errors';

/**
 * Takes every error off the form before a save: an error the API put beside a field without a
 * rule of its own (a credit code, a landline) is not taken away by editing the field, and would
 * otherwise stay after the save succeeds. Call it when the form's own rules have passed.
 */
export function clearFieldErrors(form: FormInstance): void {
  const stale = form.getFieldsError().filter((f) => f.errors.length > 0);
  if (stale.length) form.setFields(stale.map((f) => ({ name: f.name, errors: [] })));
}

/**
 * A message as it stands beside its field: the service starts its generic messages with the
 * field's code name ("landline 格式不正确"), which the field's Chinese label already says.
 */
export function besideField(field: string, message: string): string {
  return field && message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
}

/** The API's errors beside their fields, and the first of them scrolled into view. */
function placeErrors(form: FormInstance, fields: Array<{ name: FieldPath | string; errors: string[] }>): void {
  clearFieldErrors(form);
  form.setFields(fields);
  const first = fields[0];
  if (first) form.scrollToField(first.name, SCROLL_TO_ERROR);
}

/**
 * Puts the API's `details[].field` messages next to the form fields they name
 * ("participantIds[2]" → participantIds). Returns the messages no field on the form took,
 * for an alert above the form.
 */
export function showFieldErrors(form: FormInstance, error: ApiError, fieldNames: readonly string[]): string[] {
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const { field, message } of error.fieldErrors) {
    const name = field.replace(/\[\d+\].*$/, '').split('.')[0] ?? field;
    if (fieldNames.includes(name)) byField.set(name, [...(byField.get(name) ?? []), besideField(field, message)]);
    else rest.push(field ? `${field}：${message}` : message);
  }
  placeErrors(form, [...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

export type FieldPath = Array<string | number>;

/** "allocations[0].values.signed_amount" → ['allocations', 0, 'values', 'signed_amount']. */
export function parseFieldPath(field: string): FieldPath {
  const path: FieldPath = [];
  for (const part of field.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      path.push(part);
      continue;
    }
    if (m[1]) path.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  return path;
}

/**
 * Puts the API's field messages beside nested form fields (Form.List rows, `values.<metric>`):
 * each API field is matched to the longest prefix of its path that `place` accepts, which
 * returns the form's name path for it (or null: not on this form). Returns the messages no
 * field took, for an alert beside the save button.
 */
export function showNestedFieldErrors(form: FormInstance, error: ApiError, place: (path: FieldPath) => FieldPath | null): string[] {
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const rest: string[] = [];
  for (const { field, message } of error.fieldErrors) {
    const path = parseFieldPath(field);
    let name: FieldPath | null = null;
    for (let n = path.length; n > 0 && !name; n--) name = place(path.slice(0, n));
    if (!name) {
      rest.push(message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(besideField(field, message));
    byField.set(key, entry);
  }
  placeErrors(form, [...byField.values()]);
  return rest;
}
