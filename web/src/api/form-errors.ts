import type { FormInstance } from 'antd';
import type { ApiError } from './errors';

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
    if (fieldNames.includes(name)) byField.set(name, [...(byField.get(name) ?? []), message]);
    else rest.push(field ? `${field}：${message}` : message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}
