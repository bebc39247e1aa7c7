import createClient from 'openapi-fetch';
import { ApiError, type ApiErrorBody } from './errors';
import type { components, paths } from './schema';
import { authFetch } from './session';

/** The typed API client: paths, parameters and bodies come from the service's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '', fetch: authFetch });

export type Schemas = components['schemas'];

type Result<T> = { data?: T; error?: unknown; response: Response };

function fail(error: unknown, response: Response): never {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) throw new ApiError(error as ApiErrorBody);
  throw new ApiError({ statusCode: response.status, code: `HTTP_${response.status}`, message: `服务暂时不可用（${response.status}），请稍后重试` });
}

/** The response body of a call whose response the OpenAPI document describes; throws ApiError otherwise. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) fail(error, response);
  return data as T;
}
