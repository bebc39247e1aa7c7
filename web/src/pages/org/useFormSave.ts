import type { FormInstance } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';

/**
 * One save at a time for a form (a double-click sends one request); the API's field errors go
 * beside the fields on the form, the rest into `problem` for an alert beside the button.
 */
export function useFormSave(form: FormInstance, fields: readonly string[]) {
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const inFlight = useRef(false);

  const run = async (work: () => Promise<void>): Promise<boolean> => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setSaving(true);
    setProblem(undefined);
    clearFieldErrors(form);
    try {
      await work();
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      const rest = showFieldErrors(form, err, fields);
      setProblem(err.fieldErrors.length ? (rest.length ? rest.join('；') : undefined) : err.message);
      return false;
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return { saving, problem, setProblem, run };
}

/** '' and whitespace → null, for optional text the API takes as null. */
export const orNull = (s: string | undefined | null) => (s?.trim() ? s.trim() : null);
