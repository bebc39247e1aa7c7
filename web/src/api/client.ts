import createClient from 'openapi-fetch';
import { apiErrorOf } from './errors';
import type { components, paths } from './schema';
import { authFetch } from './session';

/** The typed API client: paths, parameters and bodies come from the service's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '', fetch: authFetch });

export type Schemas = components['schemas'];

type Result<T> = { data?: T; error?: unknown; response: Response };


/** The response body of a call whose response the OpenAPI document describes; throws ApiError otherwise. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorOf(error, response.status);
  return data as T;
}
