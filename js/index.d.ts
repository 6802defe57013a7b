// Type declarations of appmixer-wasm (hand-written; the wasm glue's own
// declarations are internal).

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Per-call options, accepted after a method's listed parameters. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Milliseconds. */
  timeout?: number;
}

export interface AppmixerConfig {
  baseUrl?: string | null;
  accessToken?: string | null;
  /** Prefix of the people-tasks routes, `/people-task` by default. */
  peopleTasksPath?: string;
  /** Poll interval of `getFlowAuthentication`, ms (default 3000). */
  pollInterval?: number;
  /** Custom API: functions that replace built-in methods of the same name (`this` is the api). */
  api?: { [name: string]: (this: AppmixerApi, ...args: any[]) => unknown };
  [key: string]: unknown;
}

export interface RequestOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'get' | 'post' | 'put' | 'delete';
  params?: Record<string, string | number | boolean | null | undefined | Array<string | number | boolean>>;
  data?: unknown;
  headers?: Record<string, string>;
}

export interface TokenUser {
  id: string;
  scope: string[];
}

export interface User {
  id: string;
  username: string;
  email: string;
  scope: string[];
  [key: string]: unknown;
}

export interface AuthResult {
  user: { id: string; username: string; email: string; [key: string]: unknown };
  token: string;
}

export interface SignupResult {
  id: string;
  username: string;
  email: string;
  token: string;
  [key: string]: unknown;
}

export interface ErrorResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  data: unknown;
}

export interface RequestConfig {
  method: string;
  url: string;
  params?: Record<string, string | string[]>;
  data?: unknown;
  headers: Record<string, string>;
}

export type ErrorCode =
  | number
  | 'ERR_NETWORK'
  | 'ECONNABORTED'
  | 'ERR_CANCELED'
  | 'ERR_BAD_RESPONSE'
  | 'ERR_INVALID_ARG';

export declare class AppmixerError extends Error {
  readonly name: 'AppmixerError';
  readonly isAxiosError: true;
  /** The HTTP status for HTTP failures, else one of the string codes. */
  readonly code: ErrorCode;
  readonly status?: number;
  readonly response?: ErrorResponse;
  readonly data?: unknown;
  /** The request, with the Authorization value redacted. */
  readonly config?: RequestConfig;
  toJSON(): Record<string, unknown>;
}

export declare function isAppmixerError(value: unknown): value is AppmixerError;

export interface AppmixerEvents {
  error: (error: AppmixerError) => void;
}

export interface AppmixerApi {
  set(name: string, value: unknown): this;
  get(name: 'user'): TokenUser | null;
  get(name: string): unknown;
  on<E extends keyof AppmixerEvents>(event: E, handler: AppmixerEvents[E]): this;
  off<E extends keyof AppmixerEvents>(event: E, handler: AppmixerEvents[E]): this;
  /** Performs a request through the SDK's pipeline (for Custom API methods). */
  _request<T = unknown>(options: RequestOptions): Promise<T>;

  authenticateUser(username: string, password: string, opts?: CallOptions): Promise<AuthResult>;
  signupUser(username: string, password: string, opts?: CallOptions): Promise<SignupResult>;
  getUser(opts?: CallOptions): Promise<User>;
}

export declare class Appmixer {
  constructor(config?: AppmixerConfig);
  readonly api: AppmixerApi;
  set(name: string, value: unknown): this;
  get(name: 'user'): TokenUser | null;
  get(name: string): unknown;
}

export default Appmixer;
