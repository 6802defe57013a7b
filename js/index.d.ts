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
  /** Milliseconds before a request is aborted with `ECONNABORTED` (default: none). */
  timeout?: number;
  /** Opt-in retries of GET/PUT/DELETE on network errors and 408/429/5xx. */
  retry?: number | { limit?: number; baseDelay?: number; maxDelay?: number };
  /** Called once on a 401 (shared by concurrent calls); the calls are then replayed once. */
  refreshAccessToken?: () => Promise<string> | string;
  /** Custom API: functions that replace built-in methods of the same name (`this` is the api). */
  api?: { [name: string]: (this: AppmixerApi, ...args: never[]) => unknown };
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

/** Diagnostics: the wasm core's linear memory in bytes (loads the core if needed). */
export declare function wasmMemoryBytes(): Promise<number>;

/** Diagnostics: the core's linear memory in bytes and the size of its table of held JS values. */
export declare function wasmDiagnostics(): Promise<{ memoryBytes: number; externrefs: number }>;

/** What `request` and `response` events carry (the URL never holds the token). */
export interface RequestEvent {
  apiMethod: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** 0 for the first try, then 1, 2… for opt-in retries. */
  attempt: number;
}

export interface ResponseEvent extends RequestEvent {
  /** `null` when no response arrived (network error, abort, timeout). */
  status: number | null;
  /** Milliseconds. */
  duration: number;
}

export interface AppmixerEvents {
  error: (error: AppmixerError) => void;
  request: (event: RequestEvent) => void;
  response: (event: ResponseEvent) => void;
}

/** ISO-8601 date-time string. */
export type IsoDate = string;

export interface Count {
  count: number;
}

export interface FlowComponent {
  type: string;
  label?: string;
  source?: Record<string, unknown>;
  x?: number;
  y?: number;
  config?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Component ID → component. */
export type FlowDescriptor = Record<string, FlowComponent>;

export interface FlowShare {
  email: string;
  permissions: string[];
}

export interface Flow {
  flowId: string;
  /** Added by `getFlow` (same as `flowId`). */
  id?: string;
  userId: string;
  name: string;
  flow?: FlowDescriptor;
  stage: 'stopped' | 'running';
  btime: IsoDate;
  mtime: IsoDate;
  started?: IsoDate;
  customFields?: Record<string, unknown>;
  thumbnail?: string;
  sharedWith?: FlowShare[];
  [key: string]: unknown;
}

export interface FlowsQuery {
  limit?: number;
  offset?: number;
  /** Case-insensitive substring of the name, or an exact flowId. */
  pattern?: string;
  /** `field:1` or `field:-1`, e.g. `mtime:-1`. */
  sort?: string;
  /** Fields to leave out, e.g. `-flow,-thumbnail`. */
  projection?: string;
  /** `customFields.category:crm`; `!` negates; an array applies all. */
  filter?: string | string[];
  /** e.g. `read,start`: include flows shared with the user. */
  sharedWithPermissions?: string;
}

export interface FlowUpdate {
  name?: string;
  flow?: FlowDescriptor;
  customFields?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FlowProperties {
  customFields?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface AccountSummary {
  accountId: string;
  name: string;
  displayName?: string;
  accessTokenValid?: boolean;
  componentAssigned?: boolean;
  [key: string]: unknown;
}

export interface AuthAccounts {
  accounts?: Record<string, AccountSummary>;
  [key: string]: unknown;
}

/** Component ID → the accounts it can use. */
export type FlowAuthentication = Record<string, { componentType: string; auth: AuthAccounts }>;

export interface Store {
  name: string;
  storeId: string;
  [key: string]: unknown;
}

export interface StoreRecord {
  key: string;
  value: string;
  storeId: string;
  userId?: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface StoreRecordsQuery {
  storeId: string;
  /** Substring of the key or the value. */
  pattern?: string;
  limit?: number;
  offset?: number;
  /** e.g. `updatedAt:-1`, `key:1`. */
  sort?: string;
}

export interface StoreItemRef {
  key: string;
  storeId: string;
}

export interface Account {
  accountId: string;
  name: string;
  displayName?: string;
  service: string;
  userId?: string;
  profileInfo?: Record<string, unknown>;
  icon?: string;
  [key: string]: unknown;
}

export interface NewAccount {
  /** `vendor:service`, e.g. `appmixer:slack`. */
  service: string;
  token?: unknown;
  name?: string;
  displayName?: string;
  profileInfo?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface LogsQuery {
  from?: number;
  size?: number;
  /** `field:asc|desc`, e.g. `@timestamp:desc`. */
  sort?: string;
  /** Lucene subset: `flowId:… AND @timestamp:[2024-01-01 TO 2024-01-31]`. */
  query?: string;
}

export interface LogEntry {
  _id: string;
  _index: string;
  flowId: string;
  componentId: string;
  componentType: string;
  portType?: string;
  severity: string;
  '@timestamp': IsoDate;
  gridTimestamp?: IsoDate;
  [key: string]: unknown;
}

export interface LogsResult {
  buckets: Array<{ key: number; key_as_string?: string; doc_count: number }>;
  hits: LogEntry[];
  [key: string]: unknown;
}

export interface PeopleTask {
  taskId: string;
  title: string;
  description?: string;
  status: 'pending' | 'approved' | 'rejected' | 'due';
  flowId?: string;
  approver: string;
  requester: string;
  decisionBy?: IsoDate;
  decisionMade?: IsoDate;
  created: IsoDate;
  mtime: IsoDate;
  [key: string]: unknown;
}

export interface PeopleTasksQuery {
  role?: 'approver' | 'requester';
  pattern?: string;
  secret?: string;
  limit?: number;
  offset?: number;
  sort?: string;
  /** e.g. `status:pending`. */
  filter?: string | string[];
}

export interface Chart {
  chartId: string;
  userId?: string;
  name: string;
  index?: number;
  type: 'bar' | 'line' | 'scatter' | 'area' | 'pie';
  query?: unknown;
  options?: unknown;
  traces?: unknown;
  [key: string]: unknown;
}

/** A query value as the SDK writes it into the URL. */
export type QueryValue = string | number | boolean | null | undefined | Date | Array<string | number | boolean>;

export interface PagedMethods {
  getFlows: [FlowsQuery, Flow];
  getStoreRecords: [StoreRecordsQuery, StoreRecord];
  getPeopleTasks: [PeopleTasksQuery, PeopleTask];
  getLogs: [Omit<LogsQuery, 'from' | 'size'> & { from?: number; size?: number }, LogEntry];
  getCharts: [Record<string, never>, Chart];
}

export interface AppmixerApi {
  set(name: string, value: unknown): this;
  get(name: 'user'): TokenUser | null;
  get(name: string): unknown;
  on<E extends keyof AppmixerEvents>(event: E, handler: AppmixerEvents[E]): this;
  off<E extends keyof AppmixerEvents>(event: E, handler: AppmixerEvents[E]): this;
  /** Performs a request through the SDK's pipeline (for Custom API methods). */
  _request<T = unknown>(options: RequestOptions & CallOptions): Promise<T>;
  /** Every item of a paged list, fetching page after page; stops at the end or on abort. */
  iterate<M extends keyof PagedMethods>(method: M, query?: PagedMethods[M][0], opts?: CallOptions): AsyncIterableIterator<PagedMethods[M][1]>;

  authenticateUser(username: string, password: string, opts?: CallOptions): Promise<AuthResult>;
  signupUser(username: string, password: string, opts?: CallOptions): Promise<SignupResult>;
  getUser(opts?: CallOptions): Promise<User>;

  createFlow(name: string, descriptor?: FlowDescriptor, properties?: FlowProperties, opts?: CallOptions): Promise<string>;
  deleteFlow(flowId: string, opts?: CallOptions): Promise<unknown>;
  getFlow(flowId: string, opts?: CallOptions): Promise<Flow>;
  getFlows(query?: FlowsQuery, opts?: CallOptions): Promise<Flow[]>;
  getFlowsCount(query?: Pick<FlowsQuery, 'pattern' | 'filter' | 'sharedWithPermissions'>, opts?: CallOptions): Promise<Count>;
  updateFlow(flowId: string, update: FlowUpdate, opts?: CallOptions): Promise<Flow>;
  startFlow(flowId: string, opts?: CallOptions): Promise<string>;
  stopFlow(flowId: string, opts?: CallOptions): Promise<string>;
  cloneFlow(flowId: string, options?: { connectAccounts?: boolean; [key: string]: unknown }, opts?: CallOptions): Promise<string>;
  getFlowAuthentication(flowId: string, opts?: CallOptions): Promise<FlowAuthentication>;

  getStores(opts?: CallOptions): Promise<Store[]>;
  getStore(storeId: string, opts?: CallOptions): Promise<Store>;
  getStoreRecordsCount(query: Pick<StoreRecordsQuery, 'storeId' | 'pattern'>, opts?: CallOptions): Promise<Count>;
  getStoreRecords(query: StoreRecordsQuery, opts?: CallOptions): Promise<StoreRecord[]>;
  createStore(name: string, opts?: CallOptions): Promise<string>;
  deleteStore(storeId: string, opts?: CallOptions): Promise<unknown>;
  renameStore(storeId: string, newName: string, opts?: CallOptions): Promise<{ oldName: string; storeId: string }>;
  createStoreItem(storeId: string, key: string, value: Json, opts?: CallOptions): Promise<StoreRecord>;
  deleteStoreItems(items: StoreItemRef[], opts?: CallOptions): Promise<{ deletedCount: number }>;

  createAccount(params: Record<string, QueryValue> | undefined, data: NewAccount, opts?: CallOptions): Promise<Account>;
  getAccounts(filter?: { filter?: string | string[]; [key: string]: QueryValue }, opts?: CallOptions): Promise<Account[]>;
  getComponentAccounts(componentType: string, componentId?: string, opts?: CallOptions): Promise<AuthAccounts>;
  getAccountFlows(accountId: string, opts?: CallOptions): Promise<Array<{ flowId: string; name: string }>>;
  setAccountName(accountId: string, newName: string, opts?: CallOptions): Promise<Account>;
  getAuth(service: string, opts?: CallOptions): Promise<AuthAccounts>;

  getLogs(query?: LogsQuery, opts?: CallOptions): Promise<LogsResult>;
  getLog(logId: string, index: string, opts?: CallOptions): Promise<LogEntry>;

  getPeopleTasks(query?: PeopleTasksQuery, opts?: CallOptions): Promise<PeopleTask[]>;
  getPeopleTasksCount(query?: PeopleTasksQuery, opts?: CallOptions): Promise<Count>;
  getPeopleTask(id: string, opts?: CallOptions): Promise<PeopleTask>;
  approveTask(id: string, params?: { secret?: string; [key: string]: unknown }, opts?: CallOptions): Promise<PeopleTask>;
  rejectTask(id: string, params?: { secret?: string; [key: string]: unknown }, opts?: CallOptions): Promise<PeopleTask>;

  getCharts(opts?: CallOptions): Promise<Chart[]>;
  getChart(chartId: string, opts?: CallOptions): Promise<Chart>;
  deleteChart(chartId: string, opts?: CallOptions): Promise<unknown>;

  sendAppEvent(event: string, data?: Record<string, unknown>, params?: Record<string, QueryValue>, opts?: CallOptions): Promise<unknown>;
}

export declare class Appmixer {
  constructor(config?: AppmixerConfig);
  readonly api: AppmixerApi;
  set(name: string, value: unknown): this;
  get(name: 'user'): TokenUser | null;
  get(name: string): unknown;
}

export default Appmixer;
